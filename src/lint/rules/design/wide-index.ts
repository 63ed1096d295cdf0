import { analyzeModel, keyLabel } from '../../model/analysis.ts';
import { numberOption } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

export const wideIndex: ModelRule = {
  kind: 'model',
  code: 'wide-index',
  category: 'performance',
  severity: 'info',
  optIn: true,
  summary: 'Non-unique indexes have at most three key columns.',
  rationale:
    'Each key column makes every entry larger and the index slower to maintain, while queries seldom narrow the search by a fourth column; columns that are only read are better placed in INCLUDE.',
  fix: 'Keep the columns that queries filter and sort on as keys; move the rest to `include:`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: a, type: bigint, notNull: true }
          - { name: b, type: bigint, notNull: true }
          - { name: c, type: bigint, notNull: true }
          - { name: d, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [a, b, c, d] }
`,
    good: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: a, type: bigint, notNull: true }
          - { name: b, type: bigint, notNull: true }
          - { name: c, type: bigint, notNull: true }
          - { name: d, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [a, b], include: [c, d] }
`,
  },
  options: { maxColumns: { description: 'Most key columns of a non-unique index.', default: 3 } },
  related: ['strong_migrations: (best practice) non-unique indexes of three columns or less'],
  check(context) {
    const maxColumns = numberOption(context, 'maxColumns');
    for (const table of analyzeModel(context.model).tables) {
      for (const index of table.indexes) {
        if (index.kind !== 'index' || index.unique || index.keys.length <= maxColumns) continue;
        context.report({
          message: `index ${index.name} of ${table.object} has ${index.keys.length} key columns (${keyLabel(index)})`,
          path: index.path,
          object: `${table.object}.${index.name}`,
        });
      }
    }
  },
};
