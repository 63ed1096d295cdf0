// `validate --export DIR`: the sample data as files for a developer's own use. SQL: one file of
// INSERTs in foreign-key order (loadable with psql into a database built from the model). CSV: one file
// per table, with a header row (COPY ... WITH (FORMAT csv, HEADER)).
import { quoteIdent, quoteLiteral, quoteQualified } from '../../dialects/postgres/quote.ts';
import type { SampleData, SampleTable } from './run-sample-data.ts';

export type ExportFormat = 'sql' | 'csv';

export interface ExportFile {
  name: string;
  text: string;
}

const ROWS_PER_INSERT = 100;

export function exportSampleData(data: SampleData, format: ExportFormat): ExportFile[] {
  return format === 'sql' ? [{ name: 'sample-data.sql', text: sqlExport(data) }] : csvExport(data);
}

function sqlExport(data: SampleData): string {
  const out: string[] = ['-- Sample data written by schemata validate, in foreign-key order.', 'BEGIN;', ''];
  // A cycle of NOT NULL keys is closed by the end of the transaction: its keys wait until COMMIT.
  if (data.tables.some((table) => table.deferred)) out.splice(2, 0, 'SET CONSTRAINTS ALL DEFERRED;');
  for (const table of data.tables) out.push(...insertStatements(table));
  const after = data.tables.flatMap((table) => table.after);
  if (after.length > 0)
    out.push('-- Keys filled once every table has rows, and sequences moved on.', ...after, '');
  out.push('COMMIT;');
  return `${out.join('\n')}\n`;
}

/** INSERT statements for a table's rows, a hundred rows each. */
export function insertStatements(table: SampleTable): string[] {
  if (table.rows.length === 0) return [];
  const head = `INSERT INTO ${quoteQualified(table.schema, table.name)} (${table.columns.map(quoteIdent).join(', ')})${table.overriding ? ' OVERRIDING SYSTEM VALUE' : ''}`;
  const statements: string[] = [];
  for (let start = 0; start < table.rows.length; start += ROWS_PER_INSERT) {
    const values = table.rows
      .slice(start, start + ROWS_PER_INSERT)
      .map((row) => `  (${row.map(sqlValue).join(', ')})`);
    statements.push(`${head} VALUES\n${values.join(',\n')};`, '');
  }
  return statements;
}

function sqlValue(value: string | null): string {
  return value === null ? 'NULL' : quoteLiteral(value);
}

function csvExport(data: SampleData): ExportFile[] {
  const after = data.tables.flatMap((table) => table.after);
  const files = data.tables.map((table, index) => ({
    name: `${String(index + 1).padStart(3, '0')}-${fileName(table)}.csv`,
    text: [table.columns, ...table.rows].map((row) => row.map(csvValue).join(',')).join('\n') + '\n',
  }));
  // Keys left empty to break a cycle, and sequences, once every file is loaded. The files of a cycle
  // of deferrable NOT NULL keys load in one transaction with the keys deferred (docs/validate.md).
  if (after.length > 0) files.push({ name: 'after-load.sql', text: `${after.join('\n')}\n` });
  return files;
}

/** A file name from a table name: anything odd (quotes, slashes, spaces) becomes `_`. */
function fileName(table: SampleTable): string {
  return `${table.schema}.${table.name}`.replace(/[^\p{L}\p{N}._-]/gu, '_');
}

/** CSV as COPY reads it: an empty unquoted field is NULL, a quoted one the empty string. */
function csvValue(value: string | null): string {
  if (value === null) return '';
  if (value === '' || /[",\n\r]/.test(value) || value.trim() !== value)
    return `"${value.replaceAll('"', '""')}"`;
  return value;
}
