// File positions of model paths. Each parsed file keeps its YAML syntax tree; a path is looked up in
// the file that defines the deepest part of it, so positions stay right after a directory is merged.
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { SourceLocation } from '../model/diagnostics.ts';
import type { Locate, ModelPath } from '../model/model-path.ts';

/**
 * Where the nodes of a YAML file start, as much as positions need: a mapping's entries by key (the
 * first of a key wins), a sequence's items, and whether a scalar has a value.
 */
export type PositionNode =
  | { kind: 'map'; start: number; entries: Map<string, { keyStart: number; value: PositionNode | null }> }
  | { kind: 'seq'; start: number; items: (PositionNode | null)[] }
  | { kind: 'scalar'; start: number; empty: boolean };

/** A file whose positions can be looked up: the tree of its nodes, and its lines. */
export interface ParsedSource {
  file: string;
  /** Built on first use (a file read without positions may never need them). */
  root(): PositionNode | null;
  linePos(offset: number): { line: number; col: number };
}

/** A file parsed by `yaml` into a Document. */
export function documentSource(file: string, document: Document, lineCounter: LineCounter): ParsedSource {
  let root: PositionNode | null | undefined;
  return {
    file,
    root: () => (root === undefined ? (root = treeOf(document.contents)) : root),
    linePos: (offset) => lineCounter.linePos(offset),
  };
}

function treeOf(node: unknown): PositionNode | null {
  const start = (node as Node | null)?.range?.[0] ?? 0;
  if (isMap(node)) {
    const entries = new Map<string, { keyStart: number; value: PositionNode | null }>();
    for (const pair of node.items) {
      const key = keyText(pair.key);
      if (key !== undefined && !entries.has(key))
        entries.set(key, {
          keyStart: (pair.key as Node | null)?.range?.[0] ?? start,
          value: treeOf(pair.value),
        });
    }
    return { kind: 'map', start, entries };
  }
  if (isSeq(node)) return { kind: 'seq', start, items: node.items.map(treeOf) };
  if (node === null || node === undefined) return null;
  return { kind: 'scalar', start, empty: !isScalar(node) || node.value === null || node.range === undefined };
}

/** The line and column (1-based) of offsets in a text, found from its line starts. */
export function lineIndexOf(text: string): (offset: number) => { line: number; col: number } {
  let starts: number[] | undefined;
  return (offset) => {
    if (starts === undefined) {
      starts = [0];
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, col: offset - (starts[low] as number) + 1 };
  };
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
  let node = source.root();
  let offset = node?.start ?? 0;
  let depth = 0;
  for (const part of path) {
    if (node?.kind === 'map') {
      const entry = node.entries.get(String(part));
      if (!entry) break;
      const value = entry.value;
      const last = depth === path.length - 1;
      const scalarValue = value?.kind === 'scalar' && !value.empty;
      offset = scalarValue && !(atKey && last) ? value.start : entry.keyStart;
      node = value;
    } else if (node?.kind === 'seq' && typeof part === 'number') {
      const item = node.items[part];
      if (!item) break;
      offset = item.start;
      node = item;
    } else {
      break;
    }
    depth += 1;
  }
  return { depth, offset };
}

export function locationOf(source: ParsedSource, offset: number): SourceLocation {
  const { line, col } = source.linePos(offset);
  return { file: source.file, line, column: col };
}

/** The position of a path in one file: the deepest part of it the file has. */
export function locateInSource(source: ParsedSource, path: ModelPath, atKey = false): SourceLocation {
  return locationOf(source, find(source, path, atKey).offset);
}

/** How deep the index of sources by path prefix goes: schemas.<schema>.<kind>.<name>. */
const INDEXED_DEPTH = 4;

/** Every path prefix of map keys a file has, up to INDEXED_DEPTH parts, as `JSON.stringify(prefix)`. */
function prefixesOf(source: ParsedSource): string[] {
  const prefixes: string[] = [];
  const walk = (node: PositionNode | null, prefix: string[]) => {
    prefixes.push(JSON.stringify(prefix));
    if (prefix.length === INDEXED_DEPTH || node?.kind !== 'map') return;
    for (const [key, entry] of node.entries) walk(entry.value, [...prefix, key]);
  };
  walk(source.root(), []);
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
