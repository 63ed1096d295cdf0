// File positions of model paths. Each parsed file keeps its YAML syntax tree; a path is looked up in
// the file that defines the deepest part of it, so positions stay right after a directory is merged.
import {
  isMap,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import type { SourceLocation } from '../model/diagnostics.ts';
import type { Locate, ModelPath } from '../model/model-path.ts';

export interface ParsedSource {
  file: string;
  document: Document;
  lineCounter: LineCounter;
}

interface Found {
  /** How many path parts exist in the file. */
  depth: number;
  offset: number;
}

/** The key of a map entry as the model sees it: scalar keys by their string value. */
export function keyText(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  return String(key.value);
}

/**
 * Walks the path as far as the file has it. A map entry whose value is a scalar is found at the value;
 * an entry whose value is a map or list (or nothing) at its key, which is where a reader looks for it.
 * With `atKey`, the last entry is found at its key whatever its value.
 */
function find(source: ParsedSource, path: ModelPath, atKey: boolean): Found {
  let node: unknown = source.document.contents;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  let depth = 0;
  for (const part of path) {
    if (isMap(node)) {
      const pair = pairsByKey(node).get(String(part));
      if (!pair) break;
      const keyOffset = (pair.key as Node | null)?.range?.[0];
      const value = pair.value as Node | null;
      const last = depth === path.length - 1;
      const scalarValue = isScalar(value) && value.value !== null && value.range !== undefined;
      offset = scalarValue && !(atKey && last) ? (value.range?.[0] ?? offset) : (keyOffset ?? offset);
      node = value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
    depth += 1;
  }
  return { depth, offset };
}

export function locationOf(source: ParsedSource, offset: number): SourceLocation {
  const { line, col } = source.lineCounter.linePos(offset);
  return { file: source.file, line, column: col };
}

/** The position of a path in one file: the deepest part of it the file has. */
export function locateInSource(source: ParsedSource, path: ModelPath, atKey = false): SourceLocation {
  return locationOf(source, find(source, path, atKey).offset);
}

const PAIRS = new WeakMap<YAMLMap, Map<string, Pair>>();

/** A map's entries by key, made once per map: a model file may hold thousands of tables. */
function pairsByKey(node: YAMLMap): Map<string, Pair> {
  let pairs = PAIRS.get(node);
  if (!pairs) {
    pairs = new Map();
    for (const item of node.items) {
      const key = keyText(item.key);
      if (key !== undefined && !pairs.has(key)) pairs.set(key, item);
    }
    PAIRS.set(node, pairs);
  }
  return pairs;
}

/** How deep the index of sources by path prefix goes: schemas.<schema>.<kind>.<name>. */
const INDEXED_DEPTH = 4;

/** Every path prefix of map keys a file has, up to INDEXED_DEPTH parts, as `JSON.stringify(prefix)`. */
function prefixesOf(source: ParsedSource): string[] {
  const prefixes: string[] = [];
  const walk = (node: unknown, prefix: string[]) => {
    prefixes.push(JSON.stringify(prefix));
    if (prefix.length === INDEXED_DEPTH || !isMap(node)) return;
    for (const [key, pair] of pairsByKey(node)) walk(pair.value, [...prefix, key]);
  };
  walk(source.document.contents, []);
  return prefixes;
}

/** Positions across the files of a model: the file that has the most of the path wins, the first on a tie. */
export function createLocate(sources: readonly ParsedSource[]): Locate {
  // Only the files that have the longest indexed prefix of a path can have the most of it, so a
  // lookup reads those files, not every file of a model directory.
  let byPrefix: Map<string, ParsedSource[]> | undefined;
  const candidates = (path: ModelPath): readonly ParsedSource[] => {
    if (byPrefix === undefined) {
      byPrefix = new Map();
      for (const source of sources)
        for (const prefix of prefixesOf(source)) {
          const list = byPrefix.get(prefix);
          if (list) list.push(source);
          else byPrefix.set(prefix, [source]);
        }
    }
    for (let depth = Math.min(INDEXED_DEPTH, path.length); depth >= 0; depth--) {
      const list = byPrefix.get(JSON.stringify(path.slice(0, depth).map(String)));
      if (list) return list;
    }
    return sources;
  };
  return (path) => {
    let best: { source: ParsedSource; found: Found } | undefined;
    for (const source of candidates(path)) {
      const found = find(source, path, false);
      if (!best || found.depth > best.found.depth) best = { source, found };
    }
    return best ? locationOf(best.source, best.found.offset) : undefined;
  };
}
