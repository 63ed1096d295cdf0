import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const primaryKeyColumnDeclaredNullable: ModelRule = {
  kind: 'model',
  code: 'primary-key-column-declared-nullable',
  category: 'design',
  severity: 'warning',
  summary: 'Primary key columns are not declared nullable (notNull: false).',
  rationale:
    'A primary key makes its columns NOT NULL whatever the column says, so `notNull: false` on one of them is a contradiction: the model says NULL is allowed, the database refuses it, and readers of the model (or code generated from it) expect values the table can never hold.',
  fix: 'Remove `notNull: false` from the column (or set `notNull: true`), or take the column out of the primary key.',
  examples: {
    bad: `schemas:
  public:
    tables:
      order_lines:
        columns:
          - { name: order_id, type: bigint, notNull: false }
          - { name: line_no, type: integer, notNull: true }
        primaryKey: { columns: [order_id, line_no] }
`,
    good: `schemas:
  public:
    tables:
      order_lines:
        columns:
          - { name: order_id, type: bigint, notNull: true }
          - { name: line_no, type: integer, notNull: true }
        primaryKey: { columns: [order_id, line_no] }
`,
  },
  related: ['atlas: PG304 (a nullable column made a primary key)'],
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        if (!column.inPrimaryKey || column.column.notNull !== false) continue;
        context.report({
          message: `primary key column ${column.object} is declared nullable, but a primary key makes it NOT NULL`,
          path: [...column.path, 'notNull'],
          object: column.object,
          fix: 'notNull: true',
        });
      }
    }
  },
};
