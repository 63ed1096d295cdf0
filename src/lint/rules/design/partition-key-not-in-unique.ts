import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';
import { indexLabel } from './duplicate-index.ts';

export const partitionKeyNotInUnique: ModelRule = {
  kind: 'model',
  code: 'partition-key-not-in-unique',
  category: 'design',
  severity: 'error',
  summary: 'The primary key and unique keys of a partitioned table include every partition key column.',
  rationale:
    'PostgreSQL enforces uniqueness per partition only, so it refuses a primary key or unique constraint on a partitioned table that leaves out a partition key column: the DDL fails. Uniqueness across partitions of other columns needs another design (a separate lookup table).',
  fix: 'Add the partition key columns to the primary key and unique keys (`primaryKey: { columns: [id, created_at] }`).',
  examples: {
    bad: `schemas:
  public:
    tables:
      measurements:
        partitionBy: { strategy: range, columns: [taken_at] }
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: taken_at, type: timestamptz, notNull: true }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      measurements:
        partitionBy: { strategy: range, columns: [taken_at] }
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: taken_at, type: timestamptz, notNull: true }
        primaryKey: { columns: [id, taken_at] }
`,
  },
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      const partitionBy = table.table.partitionBy;
      if (!partitionBy) continue;
      const keyColumns = partitionBy.columns.map((key) => (typeof key === 'string' ? key : key.column));
      for (const index of table.indexes) {
        if (!index.unique) continue;
        const columns = new Set(index.keys.map((key) => key.column));
        const missing = keyColumns
          .map((column) => column ?? '(expression)')
          .filter((column) => !columns.has(column));
        if (missing.length === 0) continue;
        context.report({
          message: `${indexLabel(index)} of partitioned table ${table.object} leaves out partition key ${missing.join(', ')}`,
          path: index.path,
          object: `${table.object}.${index.name}`,
        });
      }
    }
  },
};
