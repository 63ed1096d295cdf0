// Turns the format checker's (zod's) findings into diagnostics a person can act on: one line naming
// the field, the file position of that field (or of the nearest thing that exists), and a hint.
import type { z } from 'zod';
import type { Diagnostic, SourceLocation } from '../model/diagnostics.ts';
import { ModelFileSchema } from '../model/model-schema.ts';
import { formatModelPath, type ModelPath } from '../model/model-path.ts';
import { closestName } from '../model/closest-name.ts';

type Issue = z.core.$ZodIssue;
type LocateInFile = (path: ModelPath, atKey?: boolean) => SourceLocation;

/** A file format: its zod schema, and where people read about it. */
export interface FileFormat {
  schema: unknown;
  hint: string;
}

const MODEL_FORMAT: FileFormat = {
  schema: ModelFileSchema,
  hint: 'the model file format is described in docs/model-files.md',
};

interface ZodDef {
  type: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  element?: unknown;
  valueType?: unknown;
  options?: unknown[];
}

function defOf(schema: unknown): ZodDef {
  return (schema as { _zod: { def: ZodDef } })._zod.def;
}

/** The fields an object in the model file may have at this path, if the path leads to an object. */
function fieldsAt(path: ModelPath, format: FileFormat): string[] {
  let schema: unknown = format.schema;
  const resolve = (def: ZodDef): ZodDef => {
    if (def.type === 'optional') return resolve(defOf(def.innerType));
    if (def.type === 'union') {
      const option = def.options?.find((o) => resolve(defOf(o)).type === 'object');
      return option ? resolve(defOf(option)) : def;
    }
    return def;
  };
  for (const part of path) {
    const def = resolve(defOf(schema));
    if (def.type === 'object' && typeof part === 'string' && def.shape?.[part]) schema = def.shape[part];
    else if (def.type === 'array' && typeof part === 'number') schema = def.element;
    else if (def.type === 'record' && typeof part === 'string') schema = def.valueType;
    else return [];
  }
  const def = resolve(defOf(schema));
  return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

function unknownFieldHint(key: string, allowed: string[], format: FileFormat): string {
  const close = closestName(key, allowed);
  const list = allowed.length > 0 ? `fields here: ${allowed.join(', ')}` : format.hint;
  return close ? `did you mean "${close}"? (${list})` : list;
}

function where(path: ModelPath): string {
  return path.length === 0 ? 'the file' : formatModelPath(path);
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'int':
      return 'an integer';
    case 'object':
      return 'a mapping (key: value lines)';
    case 'array':
      return 'a list';
    case 'record':
      return 'a mapping (key: value lines)';
    default:
      return `a ${expected}`;
  }
}

function describeReceived(message: string): string {
  const received = /received (\w+)/.exec(message)?.[1];
  if (received === 'array') return 'a list';
  if (received === 'object') return 'a mapping';
  return received === undefined ? 'something else' : received === 'null' ? 'nothing' : `a ${received}`;
}

/** One issue as a message, without the position. */
function describe(issue: Issue, path: ModelPath): string {
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined/.test(issue.message)) {
        const field = path[path.length - 1];
        return `${where(path.slice(0, -1))} is missing the required field "${String(field)}"`;
      }
      return `${where(path)} must be ${describeExpected(issue.expected)}, not ${describeReceived(issue.message)}`;
    case 'invalid_value':
      if (path.length === 1 && path[0] === 'schemata') {
        return `model format version ${where(path)} is not supported; this version of schemata reads version 1`;
      }
      return `${where(path)} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string') return `${where(path)} must not be empty`;
      if (issue.origin === 'array')
        return `${where(path)} must have at least ${String(issue.minimum)} item(s)`;
      return `${where(path)} must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `${where(path)} must be at most ${String(issue.maximum)}`;
    case 'invalid_union': {
      const alternatives = issue.errors.map((branch) =>
        branch
          .map((inner) => (inner.code === 'invalid_type' ? describeExpected(inner.expected) : inner.message))
          .join(', '),
      );
      const integerOrDigits = alternatives.length === 2 && alternatives[0] === 'an integer';
      return integerOrDigits
        ? `${where(path)} must be an integer (or, beyond 2^53, a string of digits)`
        : `${where(path)} must be ${[...new Set(alternatives)].join(' or ')}`;
    }
    default:
      return `${where(path)}: ${issue.message}`;
  }
}

/** The value at `path` in the parsed file. */
function valueAt(data: unknown, path: ModelPath): unknown {
  let value = data;
  for (const part of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

/**
 * In a flow mapping (`{ name: price, type: numeric(10,2) }`) YAML ends a plain value at a comma, so
 * `numeric(10` becomes the type and `2)` an unknown field. The field and value that were one.
 */
function splitAtComma(data: unknown, path: ModelPath, key: string) {
  if (!/^[^(]*\)/.test(key)) return undefined;
  const mapping = valueAt(data, path);
  if (typeof mapping !== 'object' || mapping === null) return undefined;
  for (const [field, value] of Object.entries(mapping)) {
    if (typeof value !== 'string') continue;
    const open = value.split('(').length - value.split(')').length;
    if (open > 0) return { field, value: `${value},${key}` };
  }
  return undefined;
}

/**
 * Diagnostics for the format checker's issues in one file (`data` is the file as parsed); of a model
 * file unless another format is given.
 */
export function shapeDiagnostics(
  issues: readonly Issue[],
  locate: LocateInFile,
  data?: unknown,
  format: FileFormat = MODEL_FORMAT,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const allowed = fieldsAt(path, format);
      for (const key of issue.keys) {
        const split = splitAtComma(data, path, key);
        if (split) {
          diagnostics.push({
            code: 'unquoted-comma',
            severity: 'error',
            message: `${split.field}: ${split.value} was cut at the comma: in a { ... } mapping YAML reads "${key}" as another field`,
            location: locate([...path, key], true),
            hint: `quote the value: ${split.field}: "${split.value}"`,
          });
          continue;
        }
        diagnostics.push({
          code: 'invalid-shape',
          severity: 'error',
          message: `unknown field "${key}" in ${where(path)}`,
          location: locate([...path, key], true),
          hint: unknownFieldHint(key, allowed, format),
        });
      }
      continue;
    }
    const given = valueAt(data, path);
    const close =
      issue.code === 'invalid_value' && typeof given === 'string'
        ? closestName(given, issue.values.map(String))
        : undefined;
    diagnostics.push({
      code: 'invalid-shape',
      severity: 'error',
      message: describe(issue, path),
      location: locate(path),
      hint: close ? `did you mean "${close}"?` : format.hint,
    });
  }
  return diagnostics;
}
