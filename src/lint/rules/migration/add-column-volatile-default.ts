// ADD COLUMN with a volatile default on a table that already has rows.
import type { MigrationRule } from '../../rule.ts';
import { volatileFunction } from '../../sql/expressions.ts';
import {
  addedColumns,
  at,
  columnConstraints,
  isExistingTable,
  objectText,
  schemaAt,
  tableKeyAt,
} from '../../sql/statement-shapes.ts';

export const addColumnVolatileDefault: MigrationRule = {
  kind: 'migration',
  code: 'add-column-volatile-default',
  category: 'migration',
  sizeDependent: true,
  severity: 'error',
  summary: 'Add a column to an existing table without a volatile default.',
  rationale:
    'From PostgreSQL 11 a constant default is stored once in the catalog, but a volatile one (random(), gen_random_uuid(), clock_timestamp(), nextval(), a function not declared STABLE or IMMUTABLE) has to be computed for every existing row: the table is rewritten under an ACCESS EXCLUSIVE lock, blocking reads and writes until it finishes.',
  fix: 'ADD COLUMN without the default, then ALTER COLUMN ... SET DEFAULT (new rows only), and fill the existing rows in batches of UPDATE.',
  examples: {
    setup: 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);',
    bad: 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();',
    good: 'ALTER TABLE users ADD COLUMN token uuid;\nALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();',
  },
  related: ['squawk: adding-field-with-default', 'strong_migrations: add_column_default', 'atlas: PG302'],
  differences:
    'A function the linter does not know (and that no earlier file declares STABLE or IMMUTABLE) is taken as volatile, as PostgreSQL does for a function declared without a volatility.',
  check(context) {
    // Before PostgreSQL 11 every default rewrites: add-column-default-before-pg11 reports those.
    if (context.targetVersion < 11) return;
    for (const { statement, table, column } of addedColumns(context)) {
      const key = tableKeyAt(context, statement, table);
      if (!isExistingTable(context, statement, key)) continue;
      const value = columnConstraints(column, 'CONSTR_DEFAULT')[0]?.raw_expr ?? column.raw_default;
      if (!value) continue;
      const volatile = volatileFunction(value, schemaAt(context, statement));
      if (volatile === undefined) continue;
      context.report({
        statement,
        message: `adding column ${objectText(key, column.colname)} with the volatile default ${volatile} rewrites the table under an ACCESS EXCLUSIVE lock`,
        object: objectText(key, column.colname),
        location: at(statement, column.location),
      });
    }
  },
};
