// Sequence options that differ from PostgreSQL's defaults, for standalone sequences and identity
// columns alike.
import type { Sequence } from '../../../model/model-schema.ts';
import type { SequenceRow } from './catalog-queries.ts';
import { canonicalBigInteger } from '../../../model/canonicalize.ts';

export type SequenceOptions = Pick<
  Sequence,
  'start' | 'increment' | 'minValue' | 'maxValue' | 'cache' | 'cycle'
>;

const TYPE_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

/**
 * The options of a sequence of the given type that are not at their default: increment 1, cache 1,
 * no cycle, bounds 1..max ascending or min..-1 descending, start at the lower bound ascending or the
 * upper bound descending.
 */
/** The catalog queries return 64-bit integers as text: a number when exact, else the digits. */
function toBigInteger(text: string): number | string {
  return canonicalBigInteger(text) ?? text;
}

export function sequenceOptions(row: SequenceRow): SequenceOptions {
  const range = TYPE_RANGES[row.type];
  if (!range) throw new Error(`sequence ${row.schema}.${row.name} has type ${row.type}`);
  const increment = BigInt(row.increment);
  const minValue = BigInt(row.min_value);
  const maxValue = BigInt(row.max_value);
  const ascending = increment > 0n;
  const options: SequenceOptions = {};
  if (BigInt(row.start) !== (ascending ? minValue : maxValue)) options.start = toBigInteger(row.start);
  if (increment !== 1n) options.increment = toBigInteger(row.increment);
  if (minValue !== (ascending ? 1n : range[0])) options.minValue = toBigInteger(row.min_value);
  if (maxValue !== (ascending ? range[1] : -1n)) options.maxValue = toBigInteger(row.max_value);
  if (BigInt(row.cache) !== 1n) options.cache = toBigInteger(row.cache);
  if (row.cycle) options.cycle = true;
  return options;
}

export function hasOptions(options: SequenceOptions): boolean {
  return Object.keys(options).length > 0;
}
