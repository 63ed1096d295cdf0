// `schemata format`: model files rewritten into PostgreSQL's own spelling, for those who want the
// files to read as the database does. Only the values change: each type and expression whose spelling
// differs is replaced where it stands, in the style it was written in (plain, quoted or block), so the
// comments, the key order and the layout of the files stay as they are.
import { isMap, isScalar, isSeq, parseDocument, Scalar, type Node } from 'yaml';
import type { Model } from '../model/model-schema.ts';
import { isSerialType } from '../model/canonicalize.ts';
import { withExplicitNames } from '../model/documentation-merge.ts';
import { ownEntry, type ModelPath } from '../model/model-path.ts';
import { keyText } from '../readers/source-map.ts';
import { SPELLED_TEXT_FIELDS } from '../model/model-only-fields.ts';

export interface SpellingEdit {
  path: ModelPath;
  value: string;
}

type Node_ = Record<string, unknown>;

function isNode(value: unknown): value is Node_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The values of `written` that PostgreSQL spells differently in `spelled`, at their paths in `written`. */
export function spellingEdits(written: Model, spelled: Model): SpellingEdit[] {
  const edits: SpellingEdit[] = [];
  const walk = (mine: unknown, theirs: unknown, path: ModelPath): void => {
    if (Array.isArray(mine) && Array.isArray(theirs)) {
      const named = new Map<string, unknown>();
      for (const item of theirs)
        if (isNode(item) && typeof item.name === 'string') named.set(item.name, item);
      mine.forEach((item, index) => {
        const partner =
          isNode(item) && typeof item.name === 'string'
            ? named.get(item.name)
            : mine.length === theirs.length
              ? theirs[index]
              : undefined;
        walk(item, partner, [...path, index]);
      });
      return;
    }
    if (!isNode(mine) || !isNode(theirs)) return;
    for (const [key, value] of Object.entries(mine)) {
      const other = ownEntry(theirs, key);
      if (typeof value === 'string' && typeof other === 'string') {
        // A serial column is an integer with a default and a sequence: its type word stays.
        // Compared with the file's own text when applied: the model read has canonical type names.
        if ((key === 'type' || SPELLED_TEXT_FIELDS.has(key)) && !(key === 'type' && isSerialType(value)))
          edits.push({ path: [...path, key], value: other });
      } else if (typeof value === 'object' && value !== null) {
        walk(value, other, [...path, key]);
      }
    }
  };
  walk(withExplicitNames(written).schemas, withExplicitNames(spelled).schemas, ['schemas']);
  return edits;
}

/** The scalar node at `path` in a parsed file, if the file holds it. */
function nodeAt(contents: unknown, path: ModelPath): Scalar | undefined {
  let node: unknown = contents;
  for (const part of path) {
    if (isMap(node)) node = node.items.find((item) => keyText(item.key) === String(part))?.value;
    else if (isSeq(node) && typeof part === 'number') node = node.items[part];
    else return undefined;
  }
  return isScalar(node) ? node : undefined;
}

const PLAIN_SAFE = /^[A-Za-z_][A-Za-z0-9_ ]*(\([A-Za-z0-9_, ]*\))?$/;
const YAML_WORDS = /^(true|false|yes|no|on|off|null|~)$/i;

/** The new value in the style the old one was written in. */
function render(scalar: Scalar, value: string, text: string): string {
  if (scalar.type === Scalar.BLOCK_LITERAL || scalar.type === Scalar.BLOCK_FOLDED) {
    const [start] = scalar.range ?? [0];
    const body = text.slice(start).split('\n').slice(1);
    const indent = /^ */.exec(body.find((line) => line.trim() !== '') ?? '')?.[0] ?? '  ';
    return `|-\n${value
      .split('\n')
      .map((line) => (line === '' ? '' : `${indent}${line}`))
      .join('\n')}\n`;
  }
  if (scalar.type === Scalar.PLAIN && PLAIN_SAFE.test(value) && !YAML_WORDS.test(value)) return value;
  if (scalar.type === Scalar.QUOTE_SINGLE && !value.includes('\n')) return `'${value.replaceAll("'", "''")}'`;
  return JSON.stringify(value);
}

/** `text` (one model file) with the edits that fall in it applied; edits it does not hold are skipped. */
export function applySpellingEdits(text: string, edits: readonly SpellingEdit[]): string {
  const document = parseDocument(text);
  const replacements: { start: number; end: number; text: string }[] = [];
  for (const edit of edits) {
    const scalar = nodeAt(document.contents, edit.path);
    const range = (scalar as Node | undefined)?.range;
    if (scalar === undefined || !range || scalar.value === edit.value) continue;
    replacements.push({ start: range[0], end: range[1], text: render(scalar, edit.value, text) });
  }
  let result = text;
  for (const r of replacements.sort((a, b) => b.start - a.start))
    result = result.slice(0, r.start) + r.text + result.slice(r.end);
  return result;
}
