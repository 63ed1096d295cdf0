// ADD COLUMN ... NOT NULL without a default on an existing table.
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

export const addColumnNotNullWithoutDefault: MigrationRule = {
  kind: 'migration',
  code: 'add-column-not-null-without-default',
  category: 'migration',
  severity: 'error',
  summary: 'Give a NOT NULL column added to an existing table a default.',
  rationale:
    'Existing rows get NULL in a new column unless it has a default, so ADD COLUMN ... NOT NULL without one fails as soon as the table has a row: the migration works on an empty development database and breaks in production.',
  fix: 'ADD COLUMN ... NOT NULL DEFAULT <constant> (metadata-only from PostgreSQL 11), or add it nullable, backfill, then add the NOT NULL through a validated CHECK.',
  examples: {
    setup: 'CREATE TABLE recipe (id bigint PRIMARY KEY, name text NOT NULL);',
    bad: 'ALTER TABLE recipe ADD COLUMN public boolean NOT NULL;',
    good: 'ALTER TABLE recipe ADD COLUMN public boolean NOT NULL DEFAULT true;',
  },
  related: ['squawk: adding-required-field', 'atlas: MF103'],
  check(context) {
    for (const { statement, table, column } of addedColumns(context)) {
      const required =
        column.is_not_null === true ||
        columnConstraints(column, 'CONSTR_NOTNULL').length > 0 ||
        columnConstraints(column, 'CONSTR_PRIMARY').length > 0;
      if (!required || isSerialColumn(column)) continue;
      const filled =
        columnConstraints(column, 'CONSTR_IDENTITY').length > 0 ||
        columnConstraints(column, 'CONSTR_GENERATED').length > 0 ||
        columnConstraints(column, 'CONSTR_DEFAULT').some((c) => !isNullConstant(c.raw_expr));
      if (filled) continue;
      const key = tableKeyAt(context, statement, table);
      if (!isExistingTable(context, statement, key)) continue;
      context.report({
        statement,
        message: `adding the NOT NULL column ${objectText(key, column.colname)} without a default fails if ${key} has any row`,
        object: objectText(key, column.colname),
        location: at(statement, column.location),
      });
    }
  },
};
