// The names PostgreSQL chooses by itself, so the inspector can tell a chosen name from a given one.
import { MAX_IDENTIFIER_BYTES, identifierBytes } from '../quote.ts';

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8 without splitting a character. */
function clipToBytes(text: string, maxBytes: number): string {
  if (identifierBytes(text) <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = identifierBytes(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/** What PostgreSQL keeps of an identifier longer than 63 bytes. */
export function truncateIdentifier(name: string): string {
  return clipToBytes(name, MAX_IDENTIFIER_BYTES);
}

/**
 * PostgreSQL's makeObjectName: `name1_name2_label`, with name1 and name2 shortened (the longer one
 * first) so the whole fits in 63 bytes. Serial and identity sequences (`<table>_<column>_seq`),
 * not-null constraints and domain checks are named this way.
 */
export function makeObjectName(name1: string, name2: string | undefined, label: string): string {
  const overhead = (name2 === undefined ? 0 : 1) + label.length + 1;
  const available = MAX_IDENTIFIER_BYTES - overhead;
  let name1Bytes = identifierBytes(name1);
  let name2Bytes = name2 === undefined ? 0 : identifierBytes(name2);
  while (name1Bytes + name2Bytes > available) {
    if (name1Bytes > name2Bytes) name1Bytes--;
    else name2Bytes--;
  }
  const first = clipToBytes(name1, name1Bytes);
  const second = name2 === undefined ? '' : `_${clipToBytes(name2, name2Bytes)}`;
  return `${first}${second}_${label}`;
}
