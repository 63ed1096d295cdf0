// CREATE SEQUENCE for standalone sequences, one option per line.
import type { Sequence } from '../../../model/model-schema.ts';
import { quoteIdent, quoteQualified } from '../quote.ts';
import { renderSequenceOptions } from './sequence-options.ts';

export function renderCreateSequence(schema: string, name: string, sequence: Sequence): string {
  const options = renderSequenceOptions(sequence);
  if (sequence.type !== undefined) options.unshift(`AS ${sequence.type}`);
  const head = `CREATE ${sequence.unlogged === true ? 'UNLOGGED ' : ''}SEQUENCE ${quoteQualified(schema, name)}`;
  return `${[head, ...options].join('\n  ')};`;
}

/** OWNED BY comes after the tables exist; the owning table is in the sequence's schema. */
export function renderSequenceOwner(schema: string, name: string, sequence: Sequence): string | undefined {
  if (sequence.ownedBy === undefined) return undefined;
  const column = `${quoteQualified(schema, sequence.ownedBy.table)}.${quoteIdent(sequence.ownedBy.column)}`;
  return `ALTER SEQUENCE ${quoteQualified(schema, name)} OWNED BY ${column};`;
}
