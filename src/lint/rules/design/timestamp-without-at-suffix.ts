import { analyzeModel } from '../../model/analysis.ts';
import { isBuiltin } from '../../model/column-types.ts';
import { listOption } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

export const timestampWithoutAtSuffix: ModelRule = {
  kind: 'model',
  code: 'timestamp-without-at-suffix',
  category: 'naming',
  severity: 'info',
  summary: 'Timestamp columns are named for the event, ending in _at (created_at, shipped_at).',
  rationale:
    'A common suffix tells a reader the column is a point in time without looking up its type, and keeps `created`, `creation_date`, `create_time` from appearing side by side in one schema.',
  fix: 'Rename the column to end in _at (created -> created_at), with `renamedFrom:`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: shipped, type: timestamptz }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: shipped_at, type: timestamptz }
        primaryKey: { columns: [id] }
`,
  },
  options: { suffixes: { description: 'Accepted endings of timestamp column names.', default: ['_at'] } },
  check(context) {
    const suffixes = listOption(context, 'suffixes');
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        if (!isBuiltin(column.baseType, 'timestamp', 'timestamptz')) continue;
        if (suffixes.some((suffix) => column.name.endsWith(suffix))) continue;
        const stem = column.name.replace(/_(time|timestamp|date|on|ts|datetime)$/, '');
        context.report({
          message: `timestamp column ${column.object} does not end in ${suffixes.join(' or ')}`,
          path: [...column.path, 'name'],
          object: column.object,
          fix: `rename to ${stem}${suffixes[0] ?? '_at'} (renamedFrom: ${column.name})`,
        });
      }
    }
  },
};
