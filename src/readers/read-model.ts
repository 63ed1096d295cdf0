// Model files in: one YAML or JSON file, or a directory of them merged into one model. Every problem
// is reported at once with its file:line:column: YAML syntax, the file format (zod), objects defined
// twice, then the semantic checks of validateModel. Parts that cannot be read are left out of the
// model, and references to them are not reported again.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { canonicalType, loadSqlParser } from '../dialects/postgres/types.ts';
import type { Diagnostic } from '../model/diagnostics.ts';
import { ModelFileSchema, type Model, type SchemaDef } from '../model/model-schema.ts';
import {
  compareKeys,
  ownEntry,
  setOwnEntry,
  sortedEntries,
  type Locate,
  type ModelPath,
} from '../model/model-path.ts';
import { compileShapeCheck, type ShapeCheck } from '../model/shape-check.ts';
import { skippedKey, validateModel, type SkippedObjects } from '../model/validate-model.ts';
import {
  createLocate,
  documentSource,
  keyText,
  lineIndexOf,
  locateInSource,
  locationOf,
  type ParsedSource,
  type PositionNode,
} from './source-map.ts';
import { coerceLiteralDefaults } from './literal-defaults.ts';
import { readPlainYamlWithPositions, readPositionTree } from './plain-yaml.ts';
import { shapeDiagnostics } from './shape-issues.ts';
import { canonicalizeRoutineTypes } from './canonical-routine-types.ts';

export interface ReadModelResult {
  /** The merged model, types canonicalised; parts with errors are left out. */
  model: Model;
  /** Every problem found, sorted by file and position. */
  diagnostics: Diagnostic[];
  /** The files read, in the order they were merged. */
  files: string[];
  /** The file position of a path in the merged model, for later diagnostics. */
  locate: Locate;
}

/** A model file's name and text, for reading models that are not on disk. */
export interface ModelSource {
  file: string;
  text: string;
}

/**
 * Each file's shape is checked once: zod's compiled fast path costs more to compile than it saves on a
 * single pass, even over thousands of tables.
 */
const SHAPE_CHECK = { jitless: true };

let modelFileShape: ShapeCheck | undefined;

/** Whether a file's content has the model's shape, as ModelFileSchema would say, many times faster. */
function hasModelFileShape(content: unknown): boolean {
  modelFileShape ??= compileShapeCheck(ModelFileSchema).check;
  return modelFileShape(content);
}

const MODEL_FILE = /\.(ya?ml|json)$/i;

/** Reads a model file, or every *.yaml, *.yml and *.json file below a directory (sorted, recursively). */
export interface ReadModelOptions {
  /**
   * Build the files' position trees while reading them, in the same pass, instead of on the first
   * lookup: for a caller that reports at positions anyway (lint).
   */
  eagerPositions?: boolean;
}

export async function readModel(path: string, options: ReadModelOptions = {}): Promise<ReadModelResult> {
  let files: string[];
  try {
    files = (await stat(path)).isDirectory() ? await listModelFiles(path) : [path];
  } catch (error) {
    return emptyResult([unreadable(path, error)]);
  }
  if (files.length === 0) {
    return emptyResult([
      {
        code: 'no-model-files',
        severity: 'error',
        message: `${path} contains no model files`,
        object: path,
        hint: 'model files end in .yaml, .yml or .json',
      },
    ]);
  }
  const sources: ModelSource[] = [];
  const problems: Diagnostic[] = [];
  for (const file of files) {
    try {
      sources.push({ file, text: await readFile(file, 'utf8') });
    } catch (error) {
      problems.push(unreadable(file, error));
    }
  }
  const result = await readModelSources(sources, options);
  return { ...result, diagnostics: [...problems, ...result.diagnostics], files };
}

function unreadable(file: string, error: unknown): Diagnostic {
  return {
    code: 'unreadable-file',
    severity: 'error',
    message: `cannot read ${file}: ${(error as Error).message}`,
    object: file,
    hint: 'check the path and its permissions',
  };
}

function emptyResult(diagnostics: Diagnostic[]): ReadModelResult {
  return { model: {}, diagnostics, files: [], locate: () => undefined };
}

async function listModelFiles(root: string): Promise<string[]> {
  const relative: string[] = [];
  const walk = async (directory: string, prefix: string) => {
    for (const entry of await readdir(directory, { withFileTypes: true })) {
      // Hidden files are editor state and version control, not model.
      if (entry.name.startsWith('.')) continue;
      const name = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) await walk(join(directory, entry.name), name);
      else if (entry.isFile() && MODEL_FILE.test(entry.name)) relative.push(name);
    }
  };
  await walk(root, '');
  return relative.sort(compareKeys).map((name) => join(root, ...name.split('/')));
}

interface ReadFile {
  source: ParsedSource;
  /** The file's content with its unreadable parts removed; undefined when nothing could be used. */
  content: Model | undefined;
}

interface Skipped {
  all: boolean;
  schemas: Set<string>;
  objects: Set<string>;
  extensions: boolean;
}

/** Reads model files given as text, in the given order, merged into one model. */
export async function readModelSources(
  sources: readonly ModelSource[],
  options: ReadModelOptions = {},
): Promise<ReadModelResult> {
  // The SQL parser's WebAssembly compiles on other threads while the files are parsed here.
  const parser = loadSqlParser();
  const contents = parsePlainly(sources, options.eagerPositions === true);
  await parser;
  return (contents && checkPlainly(sources, contents)) ?? (await readModelSourcesWithPositions(sources));
}

/**
 * A model without problems, read several times faster than with positions: each file as plain data
 * (plain-yaml.ts) through the same format and semantic checks. Undefined as soon as anything would be
 * reported, since every diagnostic needs its file position; the caller then reads with positions.
 * The SQL parser must be loaded.
 */
export function readModelSourcesPlainly(sources: readonly ModelSource[]): ReadModelResult | undefined {
  const contents = parsePlainly(sources, false);
  return contents && checkPlainly(sources, contents);
}

/** A file read plainly: its content, and its position tree when it was built in the same pass. */
interface PlainFile {
  content: Model;
  root?: PositionNode | null | undefined;
}

/** Each file's content, when every file has the model's shape and reads the same without positions. */
function parsePlainly(sources: readonly ModelSource[], positions: boolean): PlainFile[] | undefined {
  const files: PlainFile[] = [];
  for (const { text } of sources) {
    const read = readPlainYamlWithPositions(text, positions);
    coerceLiteralDefaults(read?.content);
    if (read === undefined || !hasModelFileShape(read.content)) return undefined;
    // As in readFileContent: the content itself, not zod's copy.
    files.push({ content: read.content as Model, ...(positions && { root: read.root }) });
  }
  return files;
}

/** The merged, canonical model of plainly read files, when nothing in it needs a diagnostic. */
function checkPlainly(
  sources: readonly ModelSource[],
  files: readonly PlainFile[],
): ReadModelResult | undefined {
  const read: ReadFile[] = sources.map(({ file, text }, i) => ({
    source: sourceOnDemand(file, text, files[i]?.root),
    content: files[i]?.content,
  }));
  const diagnostics: Diagnostic[] = [];
  const model = mergeFiles(read, diagnostics);
  if (diagnostics.length > 0) return undefined;
  canonicalizeTypeNames(model);
  if (validateModel(model).length > 0) return undefined;
  const locate = createLocate(read.map((r) => r.source));
  return { model, diagnostics: [], files: sources.map((s) => s.file), locate };
}

/** A file read plainly: the tree of its positions is built only when a position in it is asked for. */
function sourceOnDemand(file: string, text: string, built?: PositionNode | null): ParsedSource {
  let root = built;
  return {
    file,
    root: () => (root === undefined ? (root = readPositionTree(text)) : root),
    linePos: lineIndexOf(text),
  };
}

/**
 * Reads model files with the position of every node kept, reporting every problem at its
 * file:line:column. readModelSources gives the same result, faster when there is nothing to report.
 */
export async function readModelSourcesWithPositions(
  sources: readonly ModelSource[],
): Promise<ReadModelResult> {
  await loadSqlParser();
  const diagnostics: Diagnostic[] = [];
  const skipped: Skipped = { all: false, schemas: new Set(), objects: new Set(), extensions: false };
  const read = sources.map((source) => readFileContent(source, diagnostics, skipped));
  const model = mergeFiles(read, diagnostics);
  canonicalizeTypeNames(model);
  const parsed = read.map((r) => r.source);
  const locate = createLocate(parsed);
  diagnostics.push(...validateModel(model, locate, { skipped: skipped satisfies SkippedObjects }));
  const fileOrder = new Map(sources.map((s, i) => [s.file, i]));
  const position = (d: Diagnostic) =>
    d.location
      ? [fileOrder.get(d.location.file) ?? sources.length, d.location.line, d.location.column]
      : [Infinity, 0, 0];
  const sorted = diagnostics
    .map((d, i) => ({ d, key: [...position(d), i] }))
    .sort((a, b) => {
      for (let k = 0; k < a.key.length; k++) {
        const diff = (a.key[k] ?? 0) - (b.key[k] ?? 0);
        if (diff !== 0) return diff;
      }
      return 0;
    })
    .map(({ d }) => d);
  return { model, diagnostics: sorted, files: sources.map((s) => s.file), locate };
}

/** Parses one file, checks its YAML and its shape, and removes what cannot be used. */
function readFileContent({ file, text }: ModelSource, diagnostics: Diagnostic[], skipped: Skipped): ReadFile {
  const { document, lineCounter } = parseWithPositions(text);
  const source = documentSource(file, document, lineCounter);
  let syntaxBroken = false;
  for (const error of document.errors) {
    if (error.code !== 'DUPLICATE_KEY') syntaxBroken = true;
    diagnostics.push({
      code: 'yaml-syntax',
      severity: 'error',
      message:
        error.code === 'DUPLICATE_KEY' ? duplicateKeyMessage(text, error.pos) : yamlMessage(error.message),
      location: locationOf(source, error.pos[0]),
      hint:
        error.code === 'DUPLICATE_KEY'
          ? 'a key may appear once in a mapping; merge the two entries or rename one'
          : 'fix the YAML syntax; indentation, quotes and brackets are the usual causes',
    });
  }
  for (const warning of document.warnings) {
    diagnostics.push({
      code: 'yaml-syntax',
      severity: 'warning',
      message: yamlMessage(warning.message),
      location: locationOf(source, warning.pos[0]),
      hint: 'model files use plain YAML: no tags or directives are needed',
    });
  }
  if (syntaxBroken) {
    // The syntax tree of a broken file is a guess; reading objects out of it would report made-up
    // problems. Anything in it may be what other files refer to.
    skipped.all = true;
    return { source, content: undefined };
  }
  checkKeys(document, source, text, diagnostics);
  const data: unknown = document.toJS() ?? {};
  coerceLiteralDefaults(data);
  const locateHere = (path: ModelPath, atKey = false) => locateInSource(source, path, atKey);
  let result = ModelFileSchema.safeParse(data, SHAPE_CHECK);
  if (!result.success) {
    diagnostics.push(...shapeDiagnostics(result.error.issues, locateHere, data));
    for (const issue of result.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      removeUnreadable(data, issue.code === 'unrecognized_keys' ? [...path, ...issue.keys] : path, skipped);
    }
    result = ModelFileSchema.safeParse(data, SHAPE_CHECK);
    if (!result.success) {
      skipped.all = true;
      return { source, content: undefined };
    }
  }
  // The format has no defaults or transforms, so valid input is the model as it is; zod's copy would
  // lose entries named __proto__.
  return { source, content: data as Model };
}

function parseWithPositions(text: string): { document: Document; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  return {
    document: parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false }),
    lineCounter,
  };
}

function yamlMessage(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

function duplicateKeyMessage(text: string, pos: readonly [number, number]): string {
  const key = /^[^:\n]*/.exec(text.slice(pos[0]))?.[0]?.trim();
  return key ? `duplicate key ${key}` : 'duplicate key';
}

/**
 * Keys are names; YAML reads an unquoted `1e3`, `true` or `null` as a number, boolean or null, which
 * would silently become "1000", "true" or "" as a name.
 */
function checkKeys(document: Document, source: ParsedSource, text: string, diagnostics: Diagnostic[]): void {
  visit(document, {
    Pair(_, pair) {
      const key = pair.key;
      if (isScalar(key) && typeof key.value === 'string') return;
      const offset = (key as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
      const written =
        isScalar(key) && key.range ? text.slice(key.range[0], key.range[1]) : String(keyText(key));
      diagnostics.push({
        code: 'invalid-shape',
        severity: 'error',
        message: isScalar(key)
          ? `key ${written} is read as ${key.value === null ? 'null' : `a ${typeof key.value}`}, not as a name`
          : 'a key must be a plain name, not a list or mapping',
        location: locationOf(source, offset),
        hint: isScalar(key) ? `quote it: "${written}"` : 'write the name as a plain string',
      });
    },
  });
}

/**
 * Removes the part of a file that an issue is about, as small a part as still leaves an object that
 * the semantic checks can trust: an unknown field, a whole table/enum/domain/sequence, an extension, a
 * project setting.
 */
function removeUnreadable(data: unknown, path: ModelPath, skipped: Skipped): void {
  const [top, schema, kind, name] = path;
  let target: ModelPath;
  if (path.length === 0) {
    target = [];
  } else if (top === 'schemas' && typeof schema === 'string') {
    if (kind === undefined) {
      target = ['schemas', schema];
      skipped.schemas.add(schema);
    } else if (['enums', 'domains', 'sequences', 'tables'].includes(String(kind))) {
      if (typeof name === 'string') {
        target = ['schemas', schema, kind, name];
        skipped.objects.add(skippedKey(schema, name));
      } else {
        target = ['schemas', schema, kind];
        skipped.schemas.add(schema);
      }
    } else {
      target = path.slice(0, 3);
    }
  } else if (top === 'schemas') {
    target = ['schemas'];
    skipped.all = true;
  } else if (top === 'extensions') {
    target = path.slice(0, 2);
    skipped.extensions = true;
  } else if (top === 'project') {
    target = path.slice(0, schema === 'naming' ? 3 : 2);
  } else {
    target = path.slice(0, 1);
  }
  if (target.length === 0) {
    skipped.all = true;
    return;
  }
  let parent: unknown = data;
  for (const part of target.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null || !Object.hasOwn(parent, part)) return;
    parent = (parent as Record<string | number, unknown>)[part];
  }
  const last = target[target.length - 1];
  if (typeof parent === 'object' && parent !== null && last !== undefined && !Array.isArray(parent)) {
    delete (parent as Record<string | number, unknown>)[last];
  }
}

interface Owner {
  source: ParsedSource;
  path: ModelPath;
}

/** Merges the files in order. An object defined again is reported at its second definition. */
function mergeFiles(files: readonly ReadFile[], diagnostics: Diagnostic[]): Model {
  const model: Model = {};
  const owners = new Map<string, Owner>();
  // One file defines each object once (a key twice in a mapping is a YAML error), so only objects of
  // several files need their owners remembered.
  const single = files.length === 1;
  const claim = (source: ParsedSource, path: ModelPath, what: string | (() => string)): boolean => {
    if (single) return true;
    const key = JSON.stringify(path);
    const first = owners.get(key);
    if (!first) {
      owners.set(key, { source, path });
      return true;
    }
    const earlier = locateInSource(first.source, first.path, true);
    const object = typeof what === 'string' ? what : what();
    diagnostics.push({
      code: 'duplicate-object',
      severity: 'error',
      message: `${object} is defined twice; the first definition is at ${earlier.file}:${earlier.line}:${earlier.column}`,
      location: locateInSource(source, path, true),
      object,
      hint: 'define each object in one file only',
    });
    return false;
  };
  for (const { source, content } of files) {
    if (!content) continue;
    if (content.project && claim(source, ['project'], 'project')) model.project = content.project;
    for (const [name, extension] of sortedEntries(content.extensions)) {
      if (!claim(source, ['extensions', name], `extension ${name}`)) continue;
      model.extensions ??= {};
      setOwnEntry(model.extensions, name, extension);
    }
    for (const [name, role] of sortedEntries(content.roles)) {
      if (!claim(source, ['roles', name], `role ${name}`)) continue;
      model.roles ??= {};
      setOwnEntry(model.roles, name, role);
    }
    if (content.defaultPrivileges && claim(source, ['defaultPrivileges'], 'the default privileges'))
      model.defaultPrivileges = content.defaultPrivileges;
    for (const [name, trigger] of sortedEntries(content.eventTriggers)) {
      if (!claim(source, ['eventTriggers', name], `event trigger ${name}`)) continue;
      model.eventTriggers ??= {};
      setOwnEntry(model.eventTriggers, name, trigger);
    }
    for (const [schemaName, schema] of sortedEntries(content.schemas)) {
      model.schemas ??= {};
      let target = ownEntry(model.schemas, schemaName);
      if (!target) {
        target = {};
        setOwnEntry(model.schemas, schemaName, target);
      }
      mergeSchema(
        target,
        schemaName,
        schema,
        (path, what) => single || claim(source, ['schemas', schemaName, ...path], what),
      );
    }
  }
  return model;
}

const TYPE_OBJECT_KINDS = [
  'compositeTypes',
  'rangeTypes',
  'collations',
  'statistics',
  'textSearchDictionaries',
  'textSearchConfigurations',
] as const;

function mergeSchema(
  target: SchemaDef,
  schemaName: string,
  schema: SchemaDef,
  claim: (path: ModelPath, what: string | (() => string)) => boolean,
): void {
  if (schema.description !== undefined && claim(['description'], `the description of schema ${schemaName}`)) {
    target.description = schema.description;
  }
  const mergeEntries = <T>(
    kind: string,
    into: Record<string, T> | undefined,
    from: Record<string, T> | undefined,
  ) => {
    let result = into;
    for (const [name, value] of sortedEntries(from)) {
      if (!claim([kind, name], () => `${kind.replace(/s$/, '')} ${schemaName}.${name}`)) continue;
      result ??= {};
      setOwnEntry(result, name, value);
    }
    return result;
  };
  const enums = mergeEntries('enums', target.enums, schema.enums);
  const domains = mergeEntries('domains', target.domains, schema.domains);
  const sequences = mergeEntries('sequences', target.sequences, schema.sequences);
  const tables = mergeEntries('tables', target.tables, schema.tables);
  if (enums) target.enums = enums;
  if (domains) target.domains = domains;
  if (sequences) target.sequences = sequences;
  if (tables) target.tables = tables;
  for (const kind of TYPE_OBJECT_KINDS) {
    const merged = mergeEntries(kind, target[kind] as Record<string, unknown> | undefined, schema[kind]);
    if (merged) (target as Record<string, unknown>)[kind] = merged;
  }
  // Owner and privileges of the schema itself (one file each, like its description).
  for (const key of ['owner', 'grants', 'revokes', 'defaultPrivileges'] as const) {
    if (schema[key] !== undefined && claim([key], `the ${key} of schema ${schemaName}`)) {
      (target as Record<string, unknown>)[key] = schema[key];
    }
  }
  for (const kind of ['views', 'materializedViews', 'functions', 'procedures', 'aggregates'] as const) {
    const merged = mergeEntries(kind, target[kind] as Record<string, unknown> | undefined, schema[kind]);
    if (merged) (target as Record<string, unknown>)[kind] = merged;
  }
}

/** Type names take the spelling PostgreSQL's format_type() gives, as every other stage expects. */
function canonicalizeTypeNames(model: Model): void {
  canonicalizeRoutineTypes(model);
  for (const schema of Object.values(model.schemas ?? {})) {
    for (const type of Object.values(schema.compositeTypes ?? {}))
      for (const attribute of type.attributes) attribute.type = canonicalType(attribute.type);
    for (const range of Object.values(schema.rangeTypes ?? {})) range.subtype = canonicalType(range.subtype);
  }
  // In place, so in any order: no sorting of thousands of table names.
  for (const schema of Object.values(model.schemas ?? {})) {
    for (const domain of Object.values(schema.domains ?? {})) domain.type = canonicalType(domain.type);
    for (const table of Object.values(schema.tables ?? {})) {
      for (const column of table.columns) column.type = canonicalType(column.type);
    }
  }
}
