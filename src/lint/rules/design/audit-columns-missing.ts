import { analyzeModel } from '../../model/analysis.ts';
import { listOption } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

export const auditColumnsMissing: ModelRule = {
  kind: 'model',
  code: 'audit-columns-missing',
  category: 'design',
  severity: 'warning',
  optIn: true,
  summary: 'Projects that ask for audit columns: every table has them (created_at, updated_at by default).',
  rationale:
    'When a row was created and last changed is the first question of every support case and data fix; it cannot be recovered later. The timestamps pattern adds the columns and the trigger that keeps them.',
  fix: 'Add `patterns: { timestamps: true }` to the table, or the columns themselves.',
  examples: {
    bad: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
        patterns: { timestamps: true }
`,
  },
  options: {
    columns: { description: 'The audit columns every table has.', default: ['created_at', 'updated_at'] },
  },
  check(context) {
    const wanted = listOption(context, 'columns');
    for (const table of analyzeModel(context.model).tables) {
      if (table.table.inherits) continue;
      const missing = wanted.filter((name) => !table.columnsByName.has(name));
      if (missing.length === 0) continue;
      context.report({
        message: `${table.object} has no audit column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
        path: table.path,
        object: table.object,
      });
    }
  },
};
