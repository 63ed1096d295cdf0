// integer / serial key columns.
import type { MigrationRule } from '../../rule.ts';
import { reportNarrowKeys } from '../../sql/narrow-key-columns.ts';

export const preferBigintOverInt: MigrationRule = {
  kind: 'migration',
  code: 'prefer-bigint-over-int',
  category: 'migration',
  severity: 'warning',
  summary: 'Use bigint for key columns, not integer.',
  rationale:
    'An integer key runs out at about 2.1 billion values, and sequences burn values on rollbacks and failed inserts. Widening the key of a busy table later rewrites it and every table referencing it; bigint costs 4 more bytes per row from the start.',
  fix: 'Declare id, primary key, identity and serial columns bigint (bigint GENERATED ... AS IDENTITY instead of serial).',
  examples: {
    bad: 'CREATE TABLE users (id integer PRIMARY KEY);',
    good: 'CREATE TABLE users (id bigint PRIMARY KEY);',
  },
  related: ['squawk: prefer-bigint-over-int'],
  differences:
    'Only key columns (named id, in the primary key, identity or serial) are reported, not every integer column.',
  check(context) {
    reportNarrowKeys(
      context,
      new Set(['int4']),
      new Set(['serial', 'serial4']),
      (column, type) =>
        `key column ${column} is ${type === 'int4' ? 'integer' : type}, which overflows at about 2.1 billion; use bigint`,
    );
  },
};
