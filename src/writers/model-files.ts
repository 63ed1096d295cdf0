// Model files out: canonical YAML, as one file or as a directory. The text is deterministic (maps
// sorted by key, fields in the order the format defines them), so reading what was written and writing
// it again gives the same bytes, and a model under version control changes only where it changed.
import { canonicalizeModel } from '../model/canonicalize.ts';
import {
  ModelFileSchema,
  StorageParametersSchema,
  type Model,
  type SchemaDef,
} from '../model/model-schema.ts';
import { compareKeys, formatModelPath, sortedEntries } from '../model/model-path.ts';
import { yamlText, type YamlData } from './yaml-text.ts';

export type ModelLayout = 'single' | 'per-schema' | 'per-table';

/** The file a single-file layout writes. */
export const SINGLE_MODEL_FILE = 'model.yaml';
/** In directory layouts: the project settings and extensions. */
export const PROJECT_FILE = 'project.yaml';

/** The model as one canonical YAML file. */
export function writeModel(model: Model): string {
  return stringifyModelFile(canonicalizeModel(model));
}

/**
 * The model as files, by relative path (with `/`):
 * - single: `model.yaml`;
 * - per-schema: `project.yaml` (project, extensions) and `<schema>/schema.yaml` (everything in it);
 * - per-table: `project.yaml`, `<schema>/schema.yaml` (description, enums, domains, sequences; left
 *   out when the schema has only tables) and `<schema>/tables/<table>.yaml`.
 * Schema and table names are encoded into file names with `encodeFileName`.
 */
export function writeModelFiles(model: Model, layout: ModelLayout): Map<string, string> {
  // Canonicalise the whole model once: leaving out template-derived names needs the project's naming
  // templates, which per-table files do not carry.
  const canonical = canonicalizeModel(model);
  const files = new Map<string, string>();
  if (layout === 'single') {
    files.set(SINGLE_MODEL_FILE, stringifyModelFile(canonical));
    return files;
  }
  files.set(PROJECT_FILE, stringifyModelFile(withoutSchemas(canonical)));
  for (const [schemaName, schema] of sortedEntries(canonical.schemas)) {
    const directory = encodeFileName(schemaName);
    const { tables, ...rest } = schema;
    const schemaFile = layout === 'per-schema' ? schema : rest;
    if (layout === 'per-schema' || Object.keys(rest).length > 0 || tables === undefined) {
      files.set(`${directory}/schema.yaml`, stringifyModelFile(singleSchema(schemaName, schemaFile)));
    }
    if (layout === 'per-schema') continue;
    for (const [tableName, table] of sortedEntries(tables)) {
      const file = `${directory}/tables/${encodeFileName(tableName)}.yaml`;
      files.set(file, stringifyModelFile(singleSchema(schemaName, { tables: { [tableName]: table } })));
    }
  }
  return files;
}

/** The files writeModelFiles writes in the per-schema layout, without rendering them. */
export function perSchemaFileNames(model: Model): string[] {
  return [
    PROJECT_FILE,
    ...sortedEntries(model.schemas).map(([name]) => `${encodeFileName(name)}/schema.yaml`),
  ];
}

function withoutSchemas(model: Model): Model {
  const rest = { ...model };
  delete rest.schemas;
  return rest;
}

function singleSchema(name: string, schema: SchemaDef): Model {
  const schemas: Record<string, SchemaDef> = {};
  Object.defineProperty(schemas, name, { value: schema, enumerable: true });
  return { schemas };
}

/** YAML text of a model file that is already canonical. */
function stringifyModelFile(model: Model): string {
  return yamlText(orderBySchema(ModelFileSchema, { ...model, schemata: 1 }, undefined) as YamlData);
}

/** The model as the data of one canonical model file (JSON), fields in the format's order. */
export function modelFileData(model: Model): Record<string, unknown> {
  const ordered = orderBySchema(ModelFileSchema, { ...canonicalizeModel(model), schemata: 1 }, undefined);
  return plainData(ordered) as Record<string, unknown>;
}

/** Maps (the sorted maps of names) as plain objects. */
function plainData(value: unknown): unknown {
  if (value instanceof Map)
    return Object.fromEntries([...value].map(([key, item]) => [key, plainData(item)] as const));
  if (Array.isArray(value)) return value.map(plainData);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainData(item)] as const));
  return value;
}

/** A single model file's text: JSON for a `.json` file, else YAML. */
export function writeModelFile(file: string, model: Model): string {
  return file.toLowerCase().endsWith('.json')
    ? `${JSON.stringify(modelFileData(model), null, 2)}\n`
    : writeModel(model);
}

interface ZodDef {
  type: string;
  /** A discriminated union's field that tells its options apart (a recorded drop's `kind`). */
  discriminator?: string;
  shape?: Record<string, { _zod: { def: ZodDef } }>;
  innerType?: { _zod: { def: ZodDef } };
  element?: { _zod: { def: ZodDef } };
  valueType?: { _zod: { def: ZodDef } };
  options?: { _zod: { def: ZodDef } }[];
}

function defOf(schema: unknown): ZodDef {
  return (schema as { _zod: { def: ZodDef } })._zod.def;
}

function unwrap(def: ZodDef): ZodDef {
  return def.type === 'optional' && def.innerType ? unwrap(defOf(def.innerType)) : def;
}

/** Whether a value is of this option of the union: any option of a plain union, the matching one of a
 * discriminated union. */
function fitsDiscriminator(union: ZodDef, option: unknown, value: unknown): boolean {
  const field = union.discriminator;
  if (field === undefined) return true;
  const tag = (option as { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> }).shape[
    field
  ];
  return tag?.safeParse((value as Record<string, unknown>)[field]).success ?? false;
}

/** Where orderBySchema is, as a chain to the root; made into a ModelPath only for an error. */
interface PathLink {
  parent: PathLink | undefined;
  part: string | number;
}

function modelPathOf(link: PathLink | undefined): string {
  const parts: (string | number)[] = [];
  for (let at = link; at; at = at.parent) parts.unshift(at.part);
  return formatModelPath(parts);
}

/**
 * The value as YAML-ready data: object fields in the order the schema defines them, records as Maps
 * sorted by key (a plain object would put keys such as "10" first, whatever their order), except
 * storage parameters, whose order is the one PostgreSQL stores and pg_dump prints.
 */
function orderBySchema(schema: unknown, value: unknown, path: PathLink | undefined): unknown {
  const def = unwrap(defOf(schema));
  if (value === null || typeof value !== 'object') return value;
  if (def.type === 'union') {
    const objectOption = def.options?.find(
      (option) => unwrap(defOf(option)).type === 'object' && fitsDiscriminator(def, option, value),
    );
    return objectOption ? orderBySchema(objectOption, value, path) : value;
  }
  if (Array.isArray(value)) {
    if (def.type !== 'array' || !def.element)
      throw new Error(`writeModel: unexpected list at ${modelPathOf(path)}`);
    const element = def.element;
    return value.map((item: unknown, i) => orderBySchema(element, item, { parent: path, part: i }));
  }
  const entries = value as Record<string, unknown>;
  if (def.type === 'record' && def.valueType) {
    const valueType = def.valueType;
    const keys = Object.keys(entries);
    if (def !== defOf(StorageParametersSchema)) keys.sort(compareKeys);
    return new Map(
      keys.map((key) => [key, orderBySchema(valueType, entries[key], { parent: path, part: key })]),
    );
  }
  if (def.type !== 'object' || !def.shape)
    throw new Error(`writeModel: unexpected object at ${modelPathOf(path)}`);
  const shape = def.shape;
  for (const key of Object.keys(entries)) {
    if (!Object.hasOwn(shape, key))
      throw new Error(`writeModel: unknown field "${key}" at ${modelPathOf(path)}`);
  }
  const ordered: Record<string, unknown> = {};
  for (const key in shape) {
    const field = entries[key];
    if (field !== undefined) ordered[key] = orderBySchema(shape[key], field, { parent: path, part: key });
  }
  return ordered;
}

/** Device names Windows reserves whatever the extension. */
const RESERVED_FILE_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/**
 * A file name for an identifier, the same on every system and distinct even on file systems that
 * ignore case or Unicode normalisation: `a-z 0-9 _ -` stay, an upper-case ASCII letter becomes `^` and
 * the letter (`Users` -> `^users`), everything else `%` and the hex of each UTF-8 byte
 * (`my table` -> `my%20table`). Names Windows reserves (`con`, `nul`, ...) get their first letter
 * encoded.
 */
export function encodeFileName(name: string): string {
  let encoded = '';
  for (const char of name) {
    if (/^[a-z0-9_-]$/.test(char)) encoded += char;
    else if (/^[A-Z]$/.test(char)) encoded += `^${char.toLowerCase()}`;
    else
      for (const byte of Buffer.from(char, 'utf8'))
        encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (RESERVED_FILE_NAMES.test(encoded)) {
    encoded = `%${(encoded.codePointAt(0) ?? 0).toString(16).toUpperCase()}${encoded.slice(1)}`;
  }
  return encoded;
}
