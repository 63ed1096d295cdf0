// ADD COLUMN ... GENERATED ALWAYS AS (...) STORED on an existing table.
import type { MigrationRule } from '../../rule.ts';
import {
  addedColumns,
  at,
  columnConstraints,
  isExistingTable,
  objectText,
  tableKeyAt,
} from '../../sql/statement-shapes.ts';

export const addColumnStoredGenerated: MigrationRule = {
  kind: 'migration',
  code: 'add-column-stored-generated',
  category: 'migration',
  sizeDependent: true,
  severity: 'error',
  summary: 'Add no stored generated column to an existing table.',
  rationale:
    'A stored generated column is computed and written for every existing row when it is added: the table is rewritten under an ACCESS EXCLUSIVE lock, blocking reads and writes for as long as that takes.',
  fix: 'Add a plain column, keep it up to date with a trigger (or from PostgreSQL 18 use a VIRTUAL generated column), and backfill the existing rows in batches.',
  examples: {
    setup: 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);',
    bad: 'ALTER TABLE users ADD COLUMN email_lower text GENERATED ALWAYS AS (lower(email)) STORED;',
    good: 'ALTER TABLE users ADD COLUMN email_lower text;',
  },
  related: ['squawk: adding-field-with-default', 'strong_migrations: add_column_generated_stored'],
  check(context) {
    for (const { statement, table, column } of addedColumns(context)) {
      const generated = columnConstraints(column, 'CONSTR_GENERATED')[0];
      if (!generated || generated.generated_kind === 'v') continue;
      const key = tableKeyAt(context, statement, table);
      if (!isExistingTable(context, statement, key)) continue;
      context.report({
        statement,
        message: `adding the stored generated column ${objectText(key, column.colname)} rewrites the table under an ACCESS EXCLUSIVE lock`,
        object: objectText(key, column.colname),
        location: at(statement, column.location),
      });
    }
  },
};
