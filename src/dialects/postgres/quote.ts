// The one place where names and values become SQL text. Interpolating a name into SQL any other way
// is a bug.
import { QUOTED_KEYWORDS } from './keywords.ts';

const SIMPLE_IDENTIFIER = /^[a-z_][a-z0-9_$]*$/;

/**
 * Quotes an identifier the way PostgreSQL's quote_ident does: only when it must. Not remembered: the
 * check costs less than a lookup among every name of a big model, most of them made once (templates).
 */
export function quoteIdent(name: string): string {
  if (SIMPLE_IDENTIFIER.test(name) && !QUOTED_KEYWORDS.has(name)) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

/** Schema-qualified name, each part quoted as needed. */
export function quoteQualified(schema: string | undefined, name: string): string {
  return schema === undefined ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** A string literal. Backslashes are plain characters with standard_conforming_strings (the default). */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('a SQL literal cannot contain a NUL character');
  return `'${value.replaceAll("'", "''")}'`;
}

/** Byte length as PostgreSQL counts it for the 63-byte identifier limit (NAMEDATALEN - 1). */
export function identifierBytes(name: string): number {
  // Names are checked by the thousand, nearly all of them ASCII, which needs no encoding to count;
  // Buffer.byteLength costs far more per call, most of all on names made from templates.
  return ASCII.test(name) ? name.length : Buffer.byteLength(name, 'utf8');
}

const ASCII = /^[\x00-\x7f]*$/;

export const MAX_IDENTIFIER_BYTES = 63;

/**
 * Text for a `--` comment: a line break in a name would end the comment and turn the rest of the
 * name into SQL, so control characters are written as escapes.
 */
export function commentText(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
