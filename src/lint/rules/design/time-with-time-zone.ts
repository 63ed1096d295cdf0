import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const timeWithTimeZone: ModelRule = {
  kind: 'model',
  code: 'time-with-time-zone',
  category: 'design',
  severity: 'warning',
  summary: 'No time with time zone (timetz) columns.',
  rationale:
    'A time of day with a fixed UTC offset cannot follow daylight-saving rules, so it is wrong for half the year in most zones; the PostgreSQL documentation discourages the type. Store the zone name beside a time, or a timestamptz.',
  fix: 'Use `time` plus a `text` column with the IANA zone name (e.g. Europe/Paris), or `timestamptz` for instants.',
  examples: {
    bad: `schemas:
  public:
    tables:
      stores:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: opens_at, type: timetz, notNull: true }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      stores:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: opens_at, type: time, notNull: true }
          - { name: time_zone, type: text, notNull: true }
        primaryKey: { columns: [id] }
`,
  },
  related: ['pg-index-health: columns_with_timestamp_or_timetz_type'],
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        if (!column.type.builtin || column.type.name !== 'timetz') continue;
        context.report({
          message: `column ${column.object} is time with time zone`,
          path: [...column.path, 'type'],
          object: column.object,
        });
      }
    }
  },
};
