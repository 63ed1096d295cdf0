// CREATE INDEX for the indexes a table lists (constraint indexes come with their constraints).
import type { Index } from '../../../model/model-schema.ts';
import { quoteIdent, quoteQualified } from '../quote.ts';
import { renderInclude } from './constraints.ts';
import { renderIndexKey } from './index-elements.ts';
import { renderStorageParameters } from './storage-parameters.ts';

/** The index is created in its table's schema, so its own name is never qualified. */
export function renderCreateIndex(name: string, schema: string, tableName: string, index: Index): string {
  let text = `CREATE ${index.unique === true ? 'UNIQUE ' : ''}INDEX ${quoteIdent(name)}`;
  text += ` ON ${quoteQualified(schema, tableName)}`;
  if (index.method !== undefined) text += ` USING ${index.method}`;
  text += ` (${index.columns.map(renderIndexKey).join(', ')})`;
  text += renderInclude(index.include);
  if (index.nullsNotDistinct === true) text += ' NULLS NOT DISTINCT';
  const parameters = renderStorageParameters(index.with);
  if (parameters !== '') text += ` ${parameters}`;
  if (index.where !== undefined) text += ` WHERE (${index.where})`;
  return `${text};`;
}
