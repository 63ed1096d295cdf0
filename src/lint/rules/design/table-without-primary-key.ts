import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const tableWithoutPrimaryKey: ModelRule = {
  kind: 'model',
  code: 'table-without-primary-key',
  category: 'design',
  severity: 'error',
  summary: 'Every table has a primary key.',
  rationale:
    'Without a primary key rows cannot be addressed one by one: duplicates creep in, updates and deletes by the application are ambiguous, logical replication cannot send updates and deletes, and foreign keys have nothing to point at.',
  fix: 'Add `primaryKey: { columns: [id] }` with an identity column (`{ name: id, type: bigint, identity: { generation: always } }`), or the natural key the rows already have.',
  examples: {
    bad: `schemas:
  public:
    tables:
      page_views:
        columns:
          - { name: url, type: text, notNull: true }
          - { name: viewed_at, type: timestamptz, notNull: true }
`,
    good: `schemas:
  public:
    tables:
      page_views:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: url, type: text, notNull: true }
          - { name: viewed_at, type: timestamptz, notNull: true }
        primaryKey: { columns: [id] }
`,
  },
  related: ['pg-index-health: tables_without_primary_key', 'schemalint: require-primary-key'],
  differences:
    'Partitions are not reported on their own: they take the primary key of their partitioned table, which is reported instead.',
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      if (table.table.primaryKey) continue;
      context.report({
        message: `table ${table.object} has no primary key`,
        path: table.path,
        object: table.object,
      });
    }
  },
};
