import { analyzeModel } from '../../model/analysis.ts';
import { listOption } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

export const requiredColumnNullable: ModelRule = {
  kind: 'model',
  code: 'required-column-nullable',
  category: 'design',
  severity: 'warning',
  summary: 'Columns every row has (created_at, updated_at) are NOT NULL.',
  rationale:
    'A creation time is known for every row; when the column allows NULL, code that sorts or filters by it must handle a case that should not exist, and an INSERT that forgets it goes through. NOT NULL with a default makes the database keep the promise.',
  fix: 'Add `notNull: true` (with `default: now()` for timestamps).',
  examples: {
    bad: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: created_at, type: timestamptz, default: now() }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: created_at, type: timestamptz, notNull: true, default: now() }
        primaryKey: { columns: [id] }
`,
  },
  options: {
    columns: { description: 'Column names that every row must have.', default: ['created_at', 'updated_at'] },
  },
  check(context) {
    const required = new Set(listOption(context, 'columns'));
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        if (!required.has(column.name) || column.notNull) continue;
        context.report({
          message: `column ${column.object} allows NULL but every row has one`,
          path: column.path,
          object: column.object,
          fix: `notNull: true${column.column.default === undefined && /^timestamp/.test(column.baseType.canonical) ? ', default: now()' : ''}`,
        });
      }
    }
  },
};
