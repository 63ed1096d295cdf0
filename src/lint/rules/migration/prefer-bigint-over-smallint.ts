// smallint / smallserial key columns.
import type { MigrationRule } from '../../rule.ts';
import { reportNarrowKeys } from '../../sql/narrow-key-columns.ts';

export const preferBigintOverSmallint: MigrationRule = {
  kind: 'migration',
  code: 'prefer-bigint-over-smallint',
  category: 'migration',
  severity: 'warning',
  summary: 'Use bigint for key columns, not smallint.',
  rationale:
    'A smallint key runs out at 32,767 values, which even a small lookup table can reach through sequence gaps; widening it later rewrites the table and every table that references it.',
  fix: 'Declare id, primary key, identity and serial columns bigint.',
  examples: {
    bad: 'CREATE TABLE users (id smallint PRIMARY KEY);',
    good: 'CREATE TABLE users (id int8 PRIMARY KEY);',
  },
  related: ['squawk: prefer-bigint-over-smallint'],
  differences: 'Only key columns (named id, in the primary key, identity or serial) are reported.',
  check(context) {
    reportNarrowKeys(
      context,
      new Set(['int2']),
      new Set(['smallserial', 'serial2']),
      (column, type) =>
        `key column ${column} is ${type === 'int2' ? 'smallint' : type}, which overflows at 32,767; use bigint`,
    );
  },
};
