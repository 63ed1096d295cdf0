import { analyzeModel } from '../../model/analysis.ts';
import { numberOption } from '../../model/rule-support.ts';
import { projectedRows, shortCount } from '../../model/volume.ts';
import type { ModelRule } from '../../rule.ts';

export const largeTableNotPartitioned: ModelRule = {
  kind: 'model',
  code: 'large-table-not-partitioned',
  category: 'design',
  severity: 'info',
  summary: 'Tables expected to hold very many rows are partitioned (or say why not).',
  rationale:
    'On a table of hundreds of millions of rows, vacuum, index builds and the removal of old data take hours; partitioning by time or tenant lets old partitions be dropped instantly, keeps each index small, and lets queries skip partitions. Partitioning an existing large table later means copying it.',
  fix: 'Add `partitionBy: { strategy: range, columns: [created_at] }` with partitions, or `patterns: { partitionedByTime: { column: created_at, start: ... } }`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      page_views:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: viewed_at, type: timestamptz, notNull: true }
        primaryKey: { columns: [id] }
        volume: { rows: 500000000, growth: 3M rows/day }
`,
    good: `schemas:
  public:
    tables:
      page_views:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: viewed_at, type: timestamptz, notNull: true }
        primaryKey: { columns: [id, viewed_at] }
        volume: { rows: 500000000, growth: 3M rows/day }
        patterns:
          partitionedByTime: { column: viewed_at, interval: month, start: "2025-01-01" }
`,
  },
  options: {
    minRows: {
      description: 'Rows (now, or after a year of growth) from which a table should be partitioned.',
      default: 100000000,
    },
  },
  check(context) {
    const minRows = numberOption(context, 'minRows');
    for (const table of analyzeModel(context.model).tables) {
      if (table.isPartitioned) continue;
      const rows = Math.max(table.table.volume?.rows ?? 0, projectedRows(table.table, 1) ?? 0);
      if (rows < minRows) continue;
      context.report({
        message: `${table.object} is expected to hold ${shortCount(rows)} rows and is not partitioned`,
        path: table.table.volume ? [...table.path, 'volume'] : table.path,
        object: table.object,
      });
    }
  },
};
