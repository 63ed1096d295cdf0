// ADD COLUMN ... DEFAULT on an existing table before PostgreSQL 11.
import type { MigrationRule } from '../../rule.ts';
import { isSerialColumn } from '../../sql/track-schema.ts';
import {
  addedColumns,
  at,
  columnConstraints,
  isExistingTable,
  objectText,
  tableKeyAt,
} from '../../sql/statement-shapes.ts';
import { isNullConstant } from '../../sql/syntax.ts';

export const addColumnDefaultBeforePg11: MigrationRule = {
  kind: 'migration',
  code: 'add-column-default-before-pg11',
  category: 'migration',
  sizeDependent: true,
  severity: 'error',
  summary: 'Before PostgreSQL 11, add a column to an existing table without a default.',
  rationale:
    'Before PostgreSQL 11, adding a column with any default other than NULL writes the value into every existing row: the whole table is rewritten under an ACCESS EXCLUSIVE lock. From 11 on, a constant default is only recorded in the catalog.',
  fix: 'ADD COLUMN without a default, SET DEFAULT in a second statement, then backfill the existing rows in batches.',
  examples: {
    setup: 'CREATE TABLE orders (id bigint PRIMARY KEY);',
    bad: "ALTER TABLE orders ADD COLUMN status text DEFAULT 'new';",
    good: "ALTER TABLE orders ADD COLUMN status text;\nALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';",
    targetVersion: 10,
  },
  related: ['squawk: adding-field-with-default', 'strong_migrations: add_column_default'],
  check(context) {
    if (context.targetVersion >= 11) return;
    for (const { statement, table, column } of addedColumns(context)) {
      if (isSerialColumn(column)) continue;
      const value = columnConstraints(column, 'CONSTR_DEFAULT')[0]?.raw_expr ?? column.raw_default;
      if (!value || isNullConstant(value)) continue;
      const key = tableKeyAt(context, statement, table);
      if (!isExistingTable(context, statement, key)) continue;
      context.report({
        statement,
        message: `adding column ${objectText(key, column.colname)} with a default rewrites the table under an ACCESS EXCLUSIVE lock before PostgreSQL 11`,
        object: objectText(key, column.colname),
        location: at(statement, column.location),
      });
    }
  },
};
