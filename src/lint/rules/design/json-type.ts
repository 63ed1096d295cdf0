import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const jsonType: ModelRule = {
  kind: 'model',
  code: 'json-type',
  category: 'design',
  severity: 'warning',
  summary: 'JSON documents are jsonb, not json.',
  rationale:
    'json keeps the text as written and parses it again on every access; it has no equality operator (so no DISTINCT, GROUP BY or unique index on it) and no GIN indexing. jsonb is stored parsed, compares, and is indexable. Keep json only when the exact text (key order, duplicates, whitespace) must be preserved.',
  fix: 'Change the type to `jsonb`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      client_profiles:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: info, type: json }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      client_profiles:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: info, type: jsonb }
        primaryKey: { columns: [id] }
`,
  },
  related: [
    'strong_migrations: add_column_json',
    'schemalint: prefer-jsonb-to-json',
    'pg-index-health: columns_with_json_type',
  ],
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        if (!column.baseType.builtin || column.baseType.name !== 'json') continue;
        context.report({
          message: `column ${column.object} is json`,
          path: [...column.path, 'type'],
          object: column.object,
          fix: `type: jsonb${column.baseType.array ? '[]' : ''}`,
        });
      }
    }
  },
};
