// A unique index or constraint over existing columns: fails when the data holds duplicates.
import type { MigrationRule } from '../../rule.ts';
import {
  addedConstraints,
  isExistingTable,
  objectText,
  schemaAt,
  schemaAtFileStart,
  tableKeyAt,
} from '../../sql/statement-shapes.ts';
import type { SchemaAt } from '../../sql/statement-facts.ts';
import { asNode, rangeVarName, stringsOf } from '../../sql/syntax.ts';

function sameColumns(a: readonly (string | undefined)[], b: readonly string[]): boolean {
  return a.length === b.length && b.every((column) => a.includes(column));
}

/** A unique index or constraint on exactly these columns in a schema. */
function uniqueOn(schema: SchemaAt | undefined, key: string, columns: readonly string[]): boolean {
  if (!schema) return false;
  if (
    schema
      .indexesOf(key)
      .some((index) => index.unique && !index.partial && sameColumns(index.columns, columns))
  )
    return true;
  const table = schema.table(key);
  return [...(table?.constraints.values() ?? [])].some(
    (c) => (c.kind === 'unique' || c.kind === 'primary') && sameColumns(c.columns, columns),
  );
}

export const addUniqueIndexMayFail: MigrationRule = {
  kind: 'migration',
  code: 'add-unique-index-may-fail',
  category: 'migration',
  severity: 'warning',
  summary: 'Check existing data for duplicates before adding a unique index on existing columns.',
  rationale:
    'A unique index (or unique constraint) over columns that already hold data fails if any two rows share a value. Whether it works depends on production data, which the migration cannot see; a CONCURRENTLY build that fails also leaves an invalid index behind.',
  fix: 'Find and resolve duplicates first (SELECT cols, count(*) ... GROUP BY cols HAVING count(*) > 1), then build the index; after a failed CONCURRENTLY build, DROP INDEX CONCURRENTLY the invalid one.',
  examples: {
    setup: 'CREATE TABLE t (id bigint PRIMARY KEY, c integer);',
    bad: 'CREATE UNIQUE INDEX CONCURRENTLY t_c_key ON t (c);',
    good: 'ALTER TABLE t ADD COLUMN d integer;\nCREATE UNIQUE INDEX CONCURRENTLY t_d_key ON t (d);',
  },
  related: ['atlas: MF101'],
  differences:
    'Not reported when a unique index or constraint on the same columns existed before the file (a replacement cannot meet new duplicates), or when every column is new.',
  check(context) {
    const start = schemaAtFileStart(context);
    const judge = (
      statement: Parameters<typeof schemaAt>[1],
      key: string,
      columns: readonly string[],
      name: string,
    ) => {
      if (columns.length === 0 || !isExistingTable(context, statement, key)) return;
      const schema = schemaAt(context, statement);
      if (columns.every((column) => schema.isNewColumn(key, column))) return;
      if (uniqueOn(start, key, columns) || uniqueOn(schema, key, columns)) return;
      context.report({
        statement,
        message: `${name} on ${key} (${columns.join(', ')}) fails if existing rows hold duplicate values`,
        object: objectText(key, columns.length === 1 ? columns[0] : undefined),
      });
    };
    for (const statement of context.statements) {
      const index = asNode(statement.node, 'IndexStmt');
      const table = rangeVarName(index?.relation);
      if (!index?.unique || !table || index.whereClause !== undefined) continue;
      const columns = (index.indexParams ?? []).map((p) => asNode(p, 'IndexElem')?.name);
      if (columns.some((c) => c === undefined)) continue;
      judge(
        statement,
        tableKeyAt(context, statement, table),
        columns as string[],
        `the unique index ${index.idxname ?? ''}`.trimEnd(),
      );
    }
    for (const { statement, table, constraint, column } of addedConstraints(context)) {
      if (
        constraint.contype !== 'CONSTR_UNIQUE' ||
        constraint.indexname !== undefined ||
        column !== undefined
      )
        continue;
      judge(
        statement,
        tableKeyAt(context, statement, table),
        stringsOf(constraint.keys),
        constraint.conname === undefined
          ? 'the unique constraint'
          : `the unique constraint ${constraint.conname}`,
      );
    }
  },
};
