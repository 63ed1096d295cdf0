// timestamp without time zone columns.
import type { MigrationRule } from '../../rule.ts';
import { at, objectText, tableKeyAt, typedColumns } from '../../sql/statement-shapes.ts';
import { columnTypeOf } from '../../sql/syntax.ts';

export const preferTimestamptz: MigrationRule = {
  kind: 'migration',
  code: 'prefer-timestamptz',
  category: 'migration',
  severity: 'info',
  summary: 'Use timestamptz for points in time.',
  rationale:
    'timestamp (without time zone) stores a wall-clock reading with no zone: the same value means different instants to clients in different zones, and arithmetic across daylight-saving changes goes wrong. timestamptz stores an instant and converts it for each session; it takes the same 8 bytes.',
  fix: 'Declare the column timestamptz (timestamp with time zone).',
  examples: {
    bad: 'CREATE TABLE events (id bigint PRIMARY KEY, occurred_at timestamp NOT NULL);',
    good: 'CREATE TABLE events (id bigint PRIMARY KEY, occurred_at timestamptz NOT NULL);',
  },
  related: ['squawk: prefer-timestamptz'],
  check(context) {
    for (const entry of typedColumns(context)) {
      const type = columnTypeOf(entry.typeName);
      if (type?.name !== 'timestamp' || type.schema !== undefined) continue;
      const object = objectText(tableKeyAt(context, entry.statement, entry.table), entry.column);
      context.report({
        statement: entry.statement,
        message: `column ${object} is timestamp without time zone; use timestamptz`,
        object,
        location: at(entry.statement, entry.location),
      });
    }
  },
};
