// Sequence options, shared by CREATE SEQUENCE and identity columns.
import type { Identity, Sequence } from '../../../model/model-schema.ts';

type SequenceOptions = Pick<
  Sequence & Identity,
  'increment' | 'minValue' | 'maxValue' | 'start' | 'cache' | 'cycle'
>;

/** The options that are set, in PostgreSQL's documented order; the defaults are left to PostgreSQL. */
export function renderSequenceOptions(options: SequenceOptions): string[] {
  const clauses: string[] = [];
  if (options.increment !== undefined) clauses.push(`INCREMENT BY ${renderBigInteger(options.increment)}`);
  if (options.minValue !== undefined) clauses.push(`MINVALUE ${renderBigInteger(options.minValue)}`);
  if (options.maxValue !== undefined) clauses.push(`MAXVALUE ${renderBigInteger(options.maxValue)}`);
  if (options.start !== undefined) clauses.push(`START WITH ${renderBigInteger(options.start)}`);
  if (options.cache !== undefined) clauses.push(`CACHE ${renderBigInteger(options.cache)}`);
  if (options.cycle === true) clauses.push('CYCLE');
  return clauses;
}

/** An integer as a SQL numeric literal; model values beyond 2^53 arrive as digit strings. */
export function renderBigInteger(value: number | string): string {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`sequence option ${value} is not an integer`);
    return BigInt(value).toString();
  }
  if (!/^-?[0-9]+$/.test(value)) throw new Error(`sequence option "${value}" is not an integer`);
  return value;
}
