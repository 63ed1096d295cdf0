// Sample data for one SQL schema file of the corpus: the file is imported (through embedded
// PostgreSQL), or inspected from a server database it was loaded into, then validated. Every table it
// could not fill must be reported with the reason.
import { importSqlFile } from '../../src/readers/import-sql.ts';
import { hasErrors } from '../../src/model/diagnostics.ts';
import { EMBEDDED, type ScratchSource } from '../../src/db/scratch-source.ts';
import { validateModel } from '../../src/validate/validate-model.ts';
import { openServerDatabase } from '../../src/db/database.ts';
import { inspectDatabase } from '../../src/dialects/postgres/inspect/inspect-database.ts';
import type { Model } from '../../src/model/model-schema.ts';

export interface CorpusResult {
  file: string;
  /** Why the file was not validated (it does not import). */
  skipped?: string;
  tables: number;
  filled: number;
  rows: number;
  /** Tables with fewer rows than wanted, and the finding that says why (absent: unexplained). */
  short: { table: string; rows: number; wanted: number; reason: string | undefined }[];
  errors: string[];
}

export async function validateCorpusFile(
  file: string,
  source: ScratchSource = EMBEDDED,
): Promise<CorpusResult> {
  const imported = await importSqlFile(file, {});
  if (hasErrors(imported.diagnostics))
    return {
      file,
      skipped: imported.diagnostics.find((d) => d.severity === 'error')?.message ?? 'does not import',
      tables: 0,
      filled: 0,
      rows: 0,
      short: [],
      errors: [],
    };
  return validateCorpusModel(file, imported.model, source);
}

/**
 * The same for a schema loaded into a server database by other means (psql, for a file the importer
 * does not read on embedded PostgreSQL): the model is inspected from `url`, then validated.
 */
export async function validateCorpusDatabase(
  file: string,
  url: string,
  source: ScratchSource = EMBEDDED,
): Promise<CorpusResult> {
  const db = await openServerDatabase(url);
  let model: Model;
  try {
    model = (await inspectDatabase(db, {})).model;
  } finally {
    await db.close();
  }
  return validateCorpusModel(file, model, source);
}

async function validateCorpusModel(file: string, model: Model, source: ScratchSource): Promise<CorpusResult> {
  const report = await validateModel({ model, source });
  const sample = report.sections.find((s) => s.name === 'sample-data');
  const tables = (sample?.details.tables ?? {}) as Record<
    string,
    { rows: number; wanted: number; limitedBy?: string }
  >;
  const findings = report.sections.flatMap((s) => s.findings);
  const short = Object.entries(tables)
    .filter(([, t]) => t.rows < t.wanted)
    .map(([table, t]) => ({
      table,
      rows: t.rows,
      wanted: t.wanted,
      reason:
        t.limitedBy ??
        findings.find((f) => f.object === table || f.object?.split(', ').includes(table))?.message,
    }));
  return {
    file,
    tables: Object.keys(tables).length,
    filled: Object.values(tables).filter((t) => t.rows > 0).length,
    rows: Object.values(tables).reduce((sum, t) => sum + t.rows, 0),
    short,
    errors: findings
      .filter((f) => f.severity === 'error')
      .map((f) => `${f.code} ${f.object ?? ''}: ${f.message}`),
  };
}
