// A fast reading of a model file into plain data, without source positions, for files that the
// positioned reader (the `yaml` Document in read-model.ts, about ten times slower) would read the same
// way and without a diagnostic: one document that is a mapping, YAML 1.2 core schema, keys that are
// strings, each once per mapping, and no tags, anchors, aliases or directives. For anything else the
// answer is undefined and the caller reads the file with positions, which reports what it finds.
import { CORE_SCHEMA, load, Type, type State } from 'js-yaml';
import type { PositionNode } from './source-map.ts';

/** Thrown inside js-yaml where it would read a value differently from the positioned reader. */
class NotPlain extends Error {}

/** What js-yaml's parser state holds about the node just read, beyond its public type. */
interface NodeState extends State {
  /** The node's tag: explicit, resolved from a plain scalar, `?` for an unresolved one, null if none. */
  tag: string | null;
  anchor: string | null;
}

const TAG = 'tag:yaml.org,2002:';
const SPECIAL_FLOATS: Record<string, number> = { inf: Infinity, '+inf': Infinity, '-inf': -Infinity };

const NULL_WORDS = new Set(['', '~', 'null', 'Null', 'NULL']);
const BOOLEAN_WORDS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

/**
 * Null, booleans, integers and floats exactly as the YAML 1.2 core schema reads plain scalars, which
 * is how the positioned reader reads them (js-yaml's own types take a little more or less: underscores,
 * signed hexadecimal, `-.5`). js-yaml tries each type on every plain scalar, keys included, so each
 * rules most strings out by length or first character before its pattern.
 */
const CORE_TYPES = [
  new Type(`${TAG}null`, {
    kind: 'scalar',
    resolve: (s: string) => s.length <= 4 && NULL_WORDS.has(s),
    construct: () => null,
  }),
  new Type(`${TAG}bool`, {
    kind: 'scalar',
    resolve: (s: string) => (s.length === 4 || s.length === 5) && BOOLEAN_WORDS.has(s),
    construct: (s: string) => s.startsWith('t') || s.startsWith('T'),
  }),
  new Type(`${TAG}int`, {
    kind: 'scalar',
    resolve: (s: string) => startsNumber(s) && /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/.test(s),
    construct: (s: string) =>
      s.startsWith('0o')
        ? parseInt(s.slice(2), 8)
        : s.startsWith('0x')
          ? parseInt(s.slice(2), 16)
          : Number(s),
  }),
  new Type(`${TAG}float`, {
    kind: 'scalar',
    resolve: (s: string) =>
      (startsNumber(s) || s.charCodeAt(0) === 0x2e) &&
      /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/.test(
        s,
      ),
    construct: (s: string) => {
      const word = s.toLowerCase().replace('.', '');
      return word === 'nan' ? NaN : (SPECIAL_FLOATS[word] ?? Number(s));
    },
  }),
];

/** Whether a text starts with a digit or a sign, as every integer and most floats do. */
function startsNumber(s: string): boolean {
  const first = s.charCodeAt(0);
  return (first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d;
}

const SCHEMA = CORE_SCHEMA.extend({ implicit: CORE_TYPES });

const RESOLVED_TAGS = new Set(['null', 'bool', 'int', 'float'].map((name) => `${TAG}${name}`));

/**
 * `yaml` reports an implicit key longer than 1024 characters, which js-yaml accepts; names are far
 * shorter, so a long key is left to the positioned reader.
 */
const LONGEST_PLAIN_KEY = 256;

/** A tag or an anchor written before a node (after spaces, line breaks and comments). */
const PROPERTY = /(?:\s|#[^\n]*)*[!&]/y;

/** Whether a `:` follows the position after optional spaces: what follows a mapping key. */
function followedByColon(text: string, position: number): boolean {
  let at = position;
  while (text.charCodeAt(at) === 0x20 || text.charCodeAt(at) === 0x09) at += 1;
  return text.charCodeAt(at) === 0x3a;
}

/**
 * Whether only spaces stand between a position and the start of its line: a block collection or
 * block scalar is read up to the next line, where a `:` belongs to what follows.
 */
function startsLine(text: string, position: number): boolean {
  let at = position - 1;
  while (text[at] === ' ' || text[at] === '\t') at -= 1;
  return at < 0 || text[at] === '\n' || text[at] === '\r';
}

/** The file's content as plain data, or undefined when it must be read with positions. */
export function readPlainYaml(text: string): Record<string, unknown> | undefined {
  return readPlainYamlWithPositions(text, false)?.content;
}

/**
 * readPlainYaml, and with `positions` the file's position tree (readPositionTree) from the same pass,
 * for a caller that will surely look positions up (lint reports each finding at its line).
 */
export function readPlainYamlWithPositions(
  text: string,
  positions = true,
): { content: Record<string, unknown>; root?: PositionNode | null } | undefined {
  // Directives (%YAML, %TAG), explicit keys (`? key`) and empty keys (`: value`) are left to the
  // positioned reader.
  if (/^(?:%|[ \t]*(?:-[ \t]+)*[?:](?:[ \t]|$))/m.test(text)) return undefined;
  try {
    const nodes = nodeListener(text, positions);
    const content = load(text, { schema: SCHEMA, listener: nodes.listener });
    if (typeof content !== 'object' || content === null || Array.isArray(content)) return undefined;
    return { content: content as Record<string, unknown>, ...(positions && { root: nodes.root() }) };
  } catch {
    // A syntax error, a duplicate key, a key that is not a name, a number out of range, several
    // documents: all of them are for the positioned reader to report.
    return undefined;
  }
}

/**
 * Where each node of a file that readPlainYaml reads starts, from one more js-yaml pass (several
 * times cheaper than the `yaml` Document).
 */
export function readPositionTree(text: string): PositionNode | null {
  return readPlainYamlWithPositions(text)?.root ?? null;
}

/** A node being read: where its text may start, and what it holds so far (made on first use). */
interface OpenNode {
  from: number;
  entries: Map<string, { keyStart: number; value: PositionNode | null }> | undefined;
  items: (PositionNode | null)[] | undefined;
  keyText: string | undefined;
  keyStart: number;
  /** The last node read inside this one, and what js-yaml made of it. */
  lastResult: unknown;
  lastNode: PositionNode | undefined;
}

/**
 * Follows js-yaml's parse, node by node (each comes as an open and a close event), and stops it
 * (NotPlain) at anything the positioned reader would report or read differently: an anchor (so also
 * an alias), an explicit tag, and a mapping key that is not a string of at most LONGEST_PLAIN_KEY
 * characters. With `positions` it also builds the position tree: a node followed by `:` is the key
 * of the next.
 */
function nodeListener(
  text: string,
  positions: boolean,
): { listener: (event: 'open' | 'close', state: State) => void; root: () => PositionNode | null } {
  // The nodes being read, deepest last; their records are kept and used again (depth is what
  // allocates, not the number of nodes).
  const open: OpenNode[] = [];
  let depth = 0;
  let root: PositionNode | null = null;
  const listener = (event: 'open' | 'close', state: State) => {
    if (event === 'open') {
      const node = (open[depth] ??= {} as OpenNode);
      node.from = state.position;
      node.entries = undefined;
      node.items = undefined;
      node.keyText = undefined;
      node.lastResult = undefined;
      node.lastNode = undefined;
      depth++;
      return;
    }
    const done = open[--depth] as OpenNode;
    const { tag, anchor, kind, result, position } = state as NodeState;
    if (anchor !== null) throw new NotPlain('anchor');
    if (tag !== null && tag !== '?') {
      // Only a plain scalar resolves by itself; any other tag is written, and so is one in front of it.
      if (!RESOLVED_TAGS.has(tag)) throw new NotPlain(tag);
      PROPERTY.lastIndex = done.from;
      if (PROPERTY.test(text)) throw new NotPlain(tag);
    }
    // `yaml` wants a space before a comment, also after a quoted string or a flow collection.
    if (text.charCodeAt(position) === 0x23 && `"']}`.includes(text.charAt(position - 1)))
      throw new NotPlain('comment');
    // A node followed by `:` is an implicit key (explicit `?` keys never reach here: see readPlainYaml).
    const isKey = followedByColon(text, position) && !startsLine(text, position);
    if (isKey) {
      const isName = kind === 'scalar' && typeof result === 'string' && (tag === null || tag === '?');
      if (!isName || position - done.from > LONGEST_PLAIN_KEY) throw new NotPlain('key');
    }
    if (!positions) return;
    const start = skipSeparation(text, done.from);
    const parent = depth > 0 ? open[depth - 1] : undefined;
    if (isKey && parent !== undefined) {
      parent.keyText = result as string;
      parent.keyStart = start;
      parent.lastNode = undefined;
      return;
    }
    // A collection can be read by a node inside the node it is (a flow mapping that js-yaml first
    // tries as the key of a block mapping): then the outer close gives the object the inner one did.
    const node: PositionNode =
      done.lastNode !== undefined &&
      done.lastResult === result &&
      typeof result === 'object' &&
      result !== null
        ? done.lastNode
        : kind === 'mapping'
          ? { kind: 'map', start, entries: done.entries ?? new Map() }
          : kind === 'sequence'
            ? { kind: 'seq', start, items: done.items ?? [] }
            : { kind: 'scalar', start, empty: result === null || result === undefined };
    if (parent === undefined) {
      root = node;
      return;
    }
    parent.lastResult = result;
    parent.lastNode = node;
    if (parent.keyText !== undefined) {
      const entries = (parent.entries ??= new Map());
      if (!entries.has(parent.keyText))
        entries.set(parent.keyText, { keyStart: parent.keyStart, value: node });
      parent.keyText = undefined;
    } else (parent.items ??= []).push(node);
  };
  return { listener, root: () => root };
}

/** The position after spaces, line breaks and comments: where a node's own text begins. */
function skipSeparation(text: string, from: number): number {
  let at = from;
  for (;;) {
    const c = text.charCodeAt(at);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) at += 1;
    else if (c === 0x23) {
      const end = text.indexOf('\n', at);
      at = end === -1 ? text.length : end;
    } else return at;
  }
}
