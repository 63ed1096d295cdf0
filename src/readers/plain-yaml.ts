// A fast reading of a model file into plain data, without source positions, for files that the
// positioned reader (the `yaml` Document in read-model.ts, about ten times slower) would read the same
// way and without a diagnostic: one document that is a mapping, YAML 1.2 core schema, keys that are
// strings, each once per mapping, and no tags, anchors, aliases or directives. For anything else the
// answer is undefined and the caller reads the file with positions, which reports what it finds.
import {
  constructFromEvents,
  CORE_SCHEMA,
  defineMappingTag,
  defineScalarTag,
  EVENT_ID,
  floatCoreTag,
  intCoreTag,
  NOT_RESOLVED,
  parseEvents,
  type Event,
  type ScalarTagDefinition,
} from 'js-yaml';
import { setOwnEntry } from '../model/model-path.ts';

/** Thrown inside js-yaml where it would read a value differently from the positioned reader. */
class NotPlain extends Error {}

/**
 * Plain scalars that `yaml` reads as numbers even when they overflow to Infinity, where js-yaml falls
 * back to a string: `1e999`, or 400 digits.
 */
const YAML_INTEGER = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

function numberTag<T>(core: ScalarTagDefinition<T>, numeric: RegExp): ScalarTagDefinition<T> {
  return defineScalarTag(core.tagName, {
    implicit: true,
    implicitFirstChars: core.implicitFirstChars,
    resolve: (source, isExplicit, tagName) => {
      const value = core.resolve(source, isExplicit, tagName);
      if (value === NOT_RESOLVED && numeric.test(source)) throw new NotPlain(source);
      return value;
    },
    identify: core.identify,
  });
}

/** Mappings as objects whose keys are names; any other key (`1e3`, `true`, `null`, a list) is not plain. */
const nameMap = defineMappingTag<Record<string, unknown>>('tag:yaml.org,2002:map', {
  create: () => ({}),
  addPair: (map, key, value) => {
    if (typeof key !== 'string') return 'a key that is not a string';
    // An entry named __proto__ is an entry like any other, not the object's prototype.
    if (key === '__proto__') setOwnEntry(map, key, value);
    else map[key] = value;
    return '';
  },
  has: (map, key) => typeof key === 'string' && Object.hasOwn(map, key),
  keys: (map) => Object.keys(map),
  get: (map, key) => (typeof key === 'string' ? map[key] : undefined),
  identify: () => false,
});

const SCHEMA = CORE_SCHEMA.withTags(
  numberTag(intCoreTag, YAML_INTEGER),
  numberTag(floatCoreTag, YAML_FLOAT),
  nameMap,
);

/**
 * `yaml` reports an implicit key longer than 1024 characters, which js-yaml accepts; names are far
 * shorter, so a long key is left to the positioned reader.
 */
const LONGEST_PLAIN_KEY = 256;

function isPlain(events: readonly Event[]): boolean {
  let documents = 0;
  // For each open document, sequence or mapping: -1, or for a mapping how many keys and values it has so far.
  const open: number[] = [];
  for (const event of events) {
    if (event.type === EVENT_ID.POP) {
      open.pop();
      continue;
    }
    if (event.type === EVENT_ID.DOCUMENT) {
      documents += 1;
      if (event.directives.length > 0) return false;
      open.push(-1);
      continue;
    }
    if (event.type === EVENT_ID.ALIAS || event.tagStart !== -1 || event.anchorStart !== -1) return false;
    const depth = open.length - 1;
    const entries = open[depth] ?? -1;
    if (entries >= 0) {
      const isKey = entries % 2 === 0;
      if (isKey && (event.type !== EVENT_ID.SCALAR || event.valueEnd - event.valueStart > LONGEST_PLAIN_KEY))
        return false;
      open[depth] = entries + 1;
    }
    if (event.type === EVENT_ID.MAPPING) open.push(0);
    else if (event.type === EVENT_ID.SEQUENCE) open.push(-1);
  }
  return documents === 1;
}

/** The file's content as plain data, or undefined when it must be read with positions. */
export function readPlainYaml(text: string): Record<string, unknown> | undefined {
  try {
    const events = parseEvents(text, {});
    if (!isPlain(events)) return undefined;
    const [content] = constructFromEvents(events, { source: text, schema: SCHEMA, maxAliases: 0 });
    if (typeof content !== 'object' || content === null || Array.isArray(content)) return undefined;
    return content as Record<string, unknown>;
  } catch {
    // A syntax error, a duplicate key, a key that is not a name, a number out of range: all of them are
    // for the positioned reader to report.
    return undefined;
  }
}
