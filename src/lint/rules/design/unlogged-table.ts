import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const unloggedTable: ModelRule = {
  kind: 'model',
  code: 'unlogged-table',
  category: 'design',
  severity: 'info',
  summary: 'Unlogged tables hold only data that may be lost.',
  rationale:
    'An unlogged table skips the write-ahead log: after a crash it is emptied, it is not copied to physical replicas, and point-in-time recovery does not restore it. Fine for caches and staging data that can be rebuilt; never for data the business owns.',
  fix: 'Remove `unlogged: true`, or say in `description` that the data can be rebuilt.',
  examples: {
    bad: `schemas:
  public:
    tables:
      payments:
        unlogged: true
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      payments:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
`,
  },
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      if (table.table.unlogged !== true) continue;
      context.report({
        message: `${table.object} is unlogged: its rows are lost after a crash and missing on replicas`,
        path: [...table.path, 'unlogged'],
        object: table.object,
      });
    }
  },
};
