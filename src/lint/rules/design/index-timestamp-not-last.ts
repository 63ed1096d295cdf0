import { analyzeModel } from '../../model/analysis.ts';
import { isBuiltin } from '../../model/column-types.ts';
import type { ModelRule } from '../../rule.ts';

export const indexTimestampNotLast: ModelRule = {
  kind: 'model',
  code: 'index-timestamp-not-last',
  category: 'performance',
  severity: 'info',
  summary: 'In a multi-column index a timestamp column comes last.',
  rationale:
    "Timestamps are filtered by ranges (created_at > now() - interval '1 day'). A B-tree can use the columns after a range-filtered column only as a filter, not to narrow the scan: (created_at, client_id) reads every entry in the time range to find one client, while (client_id, created_at) goes straight to that client's range.",
  fix: 'Move the timestamp column to the end of the index columns.',
  examples: {
    bad: `schemas:
  public:
    tables:
      client_events:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: client_id, type: bigint, notNull: true }
          - { name: created_at, type: timestamptz, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [created_at, client_id] }
`,
    good: `schemas:
  public:
    tables:
      client_events:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: client_id, type: bigint, notNull: true }
          - { name: created_at, type: timestamptz, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [client_id, created_at] }
`,
  },
  related: ['pg-index-health: indexes_with_timestamp_in_the_middle'],
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const index of table.indexes) {
        if (index.kind !== 'index' || index.method !== 'btree' || index.keys.length < 2) continue;
        const early = index.keys.slice(0, -1).find((key) => {
          const column = key.column === undefined ? undefined : table.columnsByName.get(key.column);
          return column !== undefined && isBuiltin(column.baseType, 'timestamp', 'timestamptz');
        });
        if (!early) continue;
        context.report({
          message: `index ${index.name} of ${table.object} has timestamp column ${early.column} before the last position`,
          path: index.path,
          object: `${table.object}.${index.name}`,
        });
      }
    }
  },
};
