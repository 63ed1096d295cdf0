// CREATE TABLE with its columns and the constraints that belong inside it.
import type { Column, Table } from '../../../model/model-schema.ts';
import type { TableNames } from '../../../model/naming.ts';
import { quoteIdent, quoteLiteral, quoteQualified } from '../quote.ts';
import { readType } from './read-type.ts';
import { renderCheck, renderExclusion, renderPrimaryKey, renderUnique } from './constraints.ts';
import { renderDefaultExpression } from './default-expression.ts';
import { renderCollation } from './index-elements.ts';
import { renderSequenceOptions } from './sequence-options.ts';
import { dollarQuote } from './routine.ts';
import { nameAt } from './resolved-names.ts';
import { renderStorageParameters } from './storage-parameters.ts';
import { referencedTable, renderInherits, renderPartitionBy } from './partitioning.ts';

/** A table with the names of its constraints and indexes resolved once. */
export interface TableEntry {
  schema: string;
  name: string;
  table: Table;
  names: TableNames;
}

/**
 * CREATE TABLE, followed by an ALTER TABLE for each NOT VALID check: CREATE TABLE accepts NOT VALID
 * on a check but ignores it.
 */
export function renderTable(entry: TableEntry): string[] {
  const { schema, name, table, names } = entry;
  const qualified = quoteQualified(schema, name);
  const lines = table.columns.map((column) => renderColumn(entry, column));
  if (table.primaryKey !== undefined && names.primaryKey !== undefined) {
    lines.push(renderPrimaryKey(names.primaryKey, table.primaryKey));
  }
  (table.uniques ?? []).forEach((unique, i) => lines.push(renderUnique(nameAt(names.uniques, i), unique)));
  const notValidChecks: string[] = [];
  (table.checks ?? []).forEach((check, i) => {
    const clause = renderCheck(nameAt(names.checks, i), check);
    if (check.notValid === true) notValidChecks.push(`ALTER TABLE ${qualified}\n  ADD ${clause} NOT VALID;`);
    else lines.push(clause);
  });
  (table.exclusions ?? []).forEach((exclusion, i) => {
    lines.push(renderExclusion(nameAt(names.exclusions, i), exclusion));
  });

  const head = `CREATE ${table.unlogged === true ? 'UNLOGGED ' : ''}TABLE ${qualified}`;
  const body = lines.length === 0 ? ' ()' : ` (\n  ${lines.join(',\n  ')}\n)`;
  const parameters = renderStorageParameters(table.with);
  const partitionBy = table.partitionBy === undefined ? '' : ` ${renderPartitionBy(table.partitionBy)}`;
  const tail = `${partitionBy}${parameters === '' ? '' : ` ${parameters}`};`;
  if (table.partitionOf !== undefined) {
    // A partition takes its columns from the parent; it lists only columns with options of their own.
    const parent = referencedTable(schema, table.partitionOf);
    const ofParent = `${head} PARTITION OF ${quoteQualified(parent.schema, parent.name)}`;
    const partitionBody = lines.length === 0 ? '' : body;
    return [`${ofParent}${partitionBody}\n  ${table.partitionOf.bound}${tail}`, ...notValidChecks];
  }
  return [`${head}${body}${renderInherits(schema, table)}${tail}`, ...notValidChecks];
}

/** One column definition, as in CREATE TABLE and ALTER TABLE ADD COLUMN. */
export function renderColumn(entry: TableEntry, column: Column): string {
  if (entry.table.partitionOf !== undefined) return renderPartitionColumn(column);
  const type = readType(column.type, () => `${entry.schema}.${entry.name}.${column.name}`).canonical;
  let text = `${quoteIdent(column.name)} ${type}`;
  if (column.collation !== undefined) text += ` COLLATE ${renderCollation(column.collation)}`;
  if (column.generated !== undefined) text += ` GENERATED ALWAYS AS (${column.generated}) STORED`;
  if (column.identity !== undefined) {
    const { identity } = column;
    text += ` GENERATED ${identity.generation === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
    const options = renderSequenceOptions(identity);
    // The identity sequence lives in the table's schema.
    if (identity.sequenceName !== undefined) {
      options.unshift(`SEQUENCE NAME ${quoteQualified(entry.schema, identity.sequenceName)}`);
    }
    if (options.length > 0) text += ` (${options.join(' ')})`;
  }
  if (column.default !== undefined) text += ` DEFAULT ${renderDefaultExpression(column.default)}`;
  if (column.notNull === true) text += ' NOT NULL';
  return text;
}

/** A partition's column has the parent's type; only a default and NOT NULL can be its own. */
function renderPartitionColumn(column: Column): string {
  let text = `${quoteIdent(column.name)} WITH OPTIONS`;
  if (column.default !== undefined) text += ` DEFAULT ${renderDefaultExpression(column.default)}`;
  if (column.notNull === true) text += ' NOT NULL';
  return text;
}

/**
 * SET STATISTICS, STORAGE and COMPRESSION of a column: every one it has, or with `before`, each that
 * differs, going back to the server's default where the column has none. A type's own storage has no
 * keyword before PostgreSQL 16, so it is read from the column's type when the statement runs.
 */
export function renderColumnSettings(qualified: string, column: Column, before?: Column): string[] {
  // Most columns have none of these settings: their ALTER is not even spelled out.
  if (!hasColumnSettings(column) && (before === undefined || !hasColumnSettings(before))) return [];
  const alter = `ALTER TABLE ONLY ${qualified} ALTER COLUMN ${quoteIdent(column.name)}`;
  const differs = (p: 'statisticsTarget' | 'storage' | 'compression') =>
    before === undefined ? column[p] !== undefined : before[p] !== column[p];
  const statements: string[] = [];
  if (differs('statisticsTarget'))
    statements.push(`${alter} SET STATISTICS ${column.statisticsTarget ?? -1};`);
  if (differs('storage')) {
    if (column.storage !== undefined)
      statements.push(`${alter} SET STORAGE ${column.storage.toUpperCase()};`);
    else {
      const storage = `SELECT CASE t.typstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END
    FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
    WHERE a.attrelid = ${quoteLiteral(qualified)}::regclass AND a.attname = ${quoteLiteral(column.name)}`;
      const body = `BEGIN
  EXECUTE ${quoteLiteral(`${alter} SET STORAGE `)} || (${storage});
END`;
      statements.push(`DO ${dollarQuote(body)};`);
    }
  }
  if (differs('compression')) statements.push(`${alter} SET COMPRESSION ${column.compression ?? 'DEFAULT'};`);
  return statements;
}

function hasColumnSettings(column: Column): boolean {
  return (
    column.statisticsTarget !== undefined || column.storage !== undefined || column.compression !== undefined
  );
}

/** REPLICA IDENTITY; DEFAULT (the primary key) when the table has none of its own. */
export function renderReplicaIdentity(qualified: string, identity: Table['replicaIdentity']): string {
  const clause =
    identity === undefined
      ? 'DEFAULT'
      : typeof identity === 'string'
        ? identity.toUpperCase()
        : `USING INDEX ${quoteIdent(identity.index)}`;
  return `ALTER TABLE ONLY ${qualified} REPLICA IDENTITY ${clause};`;
}

/** CLUSTER ON the index, or SET WITHOUT CLUSTER. */
export function renderClusterOn(qualified: string, index: string | undefined): string {
  return index === undefined
    ? `ALTER TABLE ${qualified} SET WITHOUT CLUSTER;`
    : `ALTER TABLE ${qualified} CLUSTER ON ${quoteIdent(index)};`;
}

/**
 * CLUSTER ON, REPLICA IDENTITY, and the columns' storage, compression and statistics settings, after
 * the table and its indexes exist (PostgreSQL 15 has no STORAGE in CREATE TABLE), as pg_dump writes
 * them.
 */
export function renderTableSettings({ schema, name, table }: TableEntry): string[] {
  // Nearly every table has none: its name is not even quoted then.
  if (
    table.replicaIdentity === undefined &&
    table.clusterOn === undefined &&
    !table.columns.some(hasColumnSettings)
  )
    return [];
  const qualified = quoteQualified(schema, name);
  const statements = table.columns.flatMap((column) => renderColumnSettings(qualified, column));
  if (table.replicaIdentity !== undefined)
    statements.push(renderReplicaIdentity(qualified, table.replicaIdentity));
  if (table.clusterOn !== undefined) statements.push(renderClusterOn(qualified, table.clusterOn));
  return statements;
}
