// json columns.
import type { MigrationRule } from '../../rule.ts';
import { at, objectText, tableKeyAt, typedColumns } from '../../sql/statement-shapes.ts';
import { columnTypeOf } from '../../sql/syntax.ts';

export const preferJsonb: MigrationRule = {
  kind: 'migration',
  code: 'prefer-jsonb',
  category: 'migration',
  severity: 'info',
  summary: 'Use jsonb rather than json.',
  rationale:
    'json keeps the text as written and parses it again on every access; it has no equality operator, so DISTINCT, GROUP BY and UNION on it fail, and it cannot be indexed with GIN. jsonb is stored parsed and supports all of that.',
  fix: 'Declare the column jsonb (keep json only when the exact text, key order and duplicates must be preserved).',
  examples: {
    setup: 'CREATE TABLE users (id bigint PRIMARY KEY);',
    bad: 'ALTER TABLE users ADD COLUMN properties json;',
    good: 'ALTER TABLE users ADD COLUMN properties jsonb;',
  },
  related: ['strong_migrations: add_column_json'],
  check(context) {
    for (const entry of typedColumns(context)) {
      const type = columnTypeOf(entry.typeName);
      if (type?.name !== 'json' || type.schema !== undefined) continue;
      const object = objectText(tableKeyAt(context, entry.statement, entry.table), entry.column);
      context.report({
        statement: entry.statement,
        message: `column ${object} is json, which has no equality operator and is parsed on every use; use jsonb`,
        object,
        location: at(entry.statement, entry.location),
      });
    }
  },
};
