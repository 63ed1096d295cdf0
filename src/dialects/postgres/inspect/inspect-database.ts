// Reverse engineering: a live database into a model in the canonical form (docs/canonical-form.md),
// with every object the model cannot hold named in `unsupported`.
import type { Database } from '../../../db/database.ts';
import { foldPatterns } from '../../../model/patterns/fold-patterns.ts';
import { assembleModel } from './assemble-model.ts';
import { catalogHasPrintedText, makeCatalogTextExact } from './exact-text.ts';
import type { InspectResult } from './inspect-result.ts';
import { readCatalog } from './read-catalog.ts';
import { loadSqlParser } from '../types.ts';

export type { InspectResult, UnsupportedObject } from './inspect-result.ts';

export interface InspectOptions {
  /** Only these schemas (and the extensions installed in them); all user schemas when absent. */
  schemas?: string[];
}

/**
 * Reads the database's schemas, tables, types, sequences and extensions into a model, in a fixed
 * number of catalog queries inside one read-only transaction.
 */
export async function inspectDatabase(db: Database, options: InspectOptions = {}): Promise<InspectResult> {
  const catalog = await readCatalog(db, options.schemas);
  // Partition keys are read with the SQL parser; it loads only when there is one.
  // Trigger arguments are read with it too, and printed expressions are checked with it.
  const printed = catalogHasPrintedText(catalog);
  if (catalog.tables.some((table) => table.partition_key !== null) || catalog.triggers.length > 0 || printed)
    await loadSqlParser();
  if (printed) makeCatalogTextExact(catalog);
  const inspected = assembleModel(catalog);
  // Concrete objects that are exactly a pattern's expansion become the pattern option again.
  return { ...inspected, model: foldPatterns(inspected.model) };
}
