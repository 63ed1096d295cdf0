import { analyzeModel } from '../../model/analysis.ts';
import { isBlank } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

export const indexWithoutRationale: ModelRule = {
  kind: 'model',
  code: 'index-without-rationale',
  category: 'documentation',
  severity: 'info',
  optIn: true,
  summary: 'Every index says which query it serves (rationale).',
  rationale:
    'Indexes cost writes and memory; one whose purpose nobody remembers is never dropped. A rationale naming the query or constraint it serves lets reviewers judge it, and lets it go when the query goes.',
  fix: 'Add `rationale:` to the index (e.g. "The \'my open tasks\' list, 200/s").',
  examples: {
    bad: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: placed_at, type: timestamptz, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [placed_at] }
`,
    good: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: placed_at, type: timestamptz, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [placed_at], rationale: The daily sales report reads one day of orders. }
`,
  },
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const index of table.indexes) {
        if (index.kind !== 'index' || !isBlank(index.rationale) || !isBlank(index.description)) continue;
        context.report({
          message: `index ${index.name} of ${table.object} does not say which query it serves`,
          path: index.path,
          object: `${table.object}.${index.name}`,
        });
      }
    }
  },
};
