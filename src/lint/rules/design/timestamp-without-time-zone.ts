import { analyzeModel } from '../../model/analysis.ts';
import { isBuiltin } from '../../model/column-types.ts';
import type { ModelRule } from '../../rule.ts';

export const timestampWithoutTimeZone: ModelRule = {
  kind: 'model',
  code: 'timestamp-without-time-zone',
  category: 'design',
  severity: 'warning',
  summary: 'Points in time are timestamptz, not timestamp without time zone.',
  rationale:
    'A timestamp without time zone is a wall-clock reading with no zone: the same value means different instants to clients in different zones, and daylight-saving changes make some values ambiguous. timestamptz stores an instant (in UTC) and converts on the way in and out, in the same 8 bytes.',
  fix: 'Change the column type to `timestamptz` (timestamp with time zone).',
  examples: {
    bad: `schemas:
  public:
    tables:
      audit_entries:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: created_at, type: timestamp, notNull: true, default: now() }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      audit_entries:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: created_at, type: timestamptz, notNull: true, default: now() }
        primaryKey: { columns: [id] }
`,
  },
  related: [
    'squawk: prefer-timestamptz',
    'schemalint: prefer-timestamptz-to-timestamp',
    'pg-index-health: columns_with_timestamp_or_timetz_type',
  ],
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        if (!isBuiltin({ ...column.type, array: false }, 'timestamp')) continue;
        context.report({
          message: `column ${column.object} is timestamp without time zone`,
          path: [...column.path, 'type'],
          object: column.object,
          fix: `type: timestamptz${column.type.modifiers ? `(${column.type.modifiers})` : ''}${column.type.array ? '[]' : ''}`,
        });
      }
    }
  },
};
