// Reverse engineering: a live database into a model in the canonical form (docs/canonical-form.md),
// with every object the model cannot hold named in `unsupported`.
import type { Database } from '../../../db/database.ts';
import { foldPatterns } from '../../../model/patterns/fold-patterns.ts';
import { assembleModel } from './assemble-model.ts';
import { catalogHasPrintedText, makeCatalogTextExact } from './exact-text.ts';
import type { InspectResult } from './inspect-result.ts';
import { readCatalog } from './read-catalog.ts';
import { loadSqlParser } from '../types.ts';
import { quoteIdent } from '../quote.ts';
import { schemaNamesQuery } from './catalog-queries.ts';
import { closestName } from '../../../model/closest-name.ts';
import type { Diagnostic } from '../../../model/diagnostics.ts';
import { counted, inStep, type Progress } from '../../../model/progress.ts';

export type { InspectResult, UnsupportedObject } from './inspect-result.ts';

export interface InspectOptions {
  /** Only these schemas (and the extensions installed in them); all user schemas when absent. */
  schemas?: string[];
  /** Told when the catalog is read and the model built (thousands of tables take seconds). */
  progress?: Progress | undefined;
}

/**
 * Reads the database's schemas, tables, types, sequences and extensions into a model, in a fixed
 * number of catalog queries inside one read-only transaction.
 */
export async function inspectDatabase(db: Database, options: InspectOptions = {}): Promise<InspectResult> {
  const catalog = await inStep(options.progress, 'reading the catalog', () =>
    readCatalog(db, options.schemas),
  );
  const inspected = await inStep(
    options.progress,
    `building the model of ${counted(catalog.tables.length, 'table')}`,
    async () => {
      // Partition keys are read with the SQL parser; it loads only when there is one.
      // Trigger arguments are read with it too, and printed expressions are checked with it.
      const printed = catalogHasPrintedText(catalog);
      if (
        catalog.tables.some((table) => table.partition_key !== null) ||
        catalog.triggers.length > 0 ||
        printed
      )
        await loadSqlParser();
      if (printed) makeCatalogTextExact(catalog);
      const assembled = assembleModel(catalog);
      // Concrete objects that are exactly a pattern's expansion become the pattern option again.
      return { ...assembled, model: foldPatterns(assembled.model) };
    },
  );
  const missing = [...new Set(options.schemas ?? [])].filter(
    (name) => !catalog.schemas.some((row) => row.name === name),
  );
  return {
    ...inspected,
    ...(missing.length > 0 && { diagnostics: await missingSchemas(db, missing) }),
  };
}

/** A warning for each schema asked for that the database does not have, with the closest it has. */
async function missingSchemas(db: Database, missing: readonly string[]): Promise<Diagnostic[]> {
  const names = (await db.query<{ name: string }>(schemaNamesQuery())).map((row) => row.name);
  return missing.map((name) => {
    const close = closestName(name, names);
    return {
      code: 'unknown-schema',
      severity: 'warning',
      message: `the database has no schema ${quoteIdent(name)}`,
      hint: close
        ? `did you mean ${quoteIdent(close)}?`
        : names.length > 0
          ? `its schemas are: ${names.map(quoteIdent).join(', ')}`
          : 'it has no schemas of its own',
    };
  });
}
