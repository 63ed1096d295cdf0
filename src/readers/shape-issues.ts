// Turns the format checker's (zod's) findings into diagnostics a person can act on: one line naming
// the field, the file position of that field (or of the nearest thing that exists), and a hint.
import type { z } from 'zod';
import type { Diagnostic, SourceLocation } from '../model/diagnostics.ts';
import { ModelFileSchema } from '../model/model-schema.ts';
import { formatModelPath, type ModelPath } from '../model/model-path.ts';

type Issue = z.core.$ZodIssue;
type LocateInFile = (path: ModelPath, atKey?: boolean) => SourceLocation;

const FORMAT_HINT = 'the model file format is described in docs/model-files.md';

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
function fieldsAt(path: ModelPath): string[] {
  let schema: unknown = ModelFileSchema;
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

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function unknownFieldHint(key: string, allowed: string[]): string {
  const close = allowed
    .map((field) => ({ field, distance: editDistance(key, field) }))
    .filter(({ distance }) => distance <= Math.max(1, Math.floor(key.length / 3)))
    .sort((a, b) => a.distance - b.distance)[0];
  const list = allowed.length > 0 ? `fields here: ${allowed.join(', ')}` : FORMAT_HINT;
  return close ? `did you mean "${close.field}"? (${list})` : list;
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

/** Diagnostics for the format checker's issues in one file. */
export function shapeDiagnostics(issues: readonly Issue[], locate: LocateInFile): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const allowed = fieldsAt(path);
      for (const key of issue.keys) {
        diagnostics.push({
          code: 'invalid-shape',
          severity: 'error',
          message: `unknown field "${key}" in ${where(path)}`,
          location: locate([...path, key], true),
          hint: unknownFieldHint(key, allowed),
        });
      }
      continue;
    }
    diagnostics.push({
      code: 'invalid-shape',
      severity: 'error',
      message: describe(issue, path),
      location: locate(path),
      hint: FORMAT_HINT,
    });
  }
  return diagnostics;
}
