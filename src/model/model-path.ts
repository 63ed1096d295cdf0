// Where something is inside a model: the keys and array positions from the root of a model file,
// e.g. ['schemas', 'public', 'tables', 'tasks', 'columns', 3, 'type']. Readers turn such a path back
// into a file position, so diagnostics about a merged model still point into the file it came from.
import type { Diagnostic, SourceLocation } from './diagnostics.ts';

export type ModelPath = readonly (string | number)[];

/**
 * A model path, or a function that makes it. Checks look at every object of a model and report few of
 * them, so where they pass a path for every object they pass a function, called only for a diagnostic.
 */
export type PathTo = ModelPath | (() => ModelPath);

export function pathFrom(path: PathTo): ModelPath {
  return typeof path === 'function' ? path() : path;
}

/** Finds the file position of a model path; undefined when the model did not come from files. */
export type Locate = (path: ModelPath) => SourceLocation | undefined;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** A path as people read it: `schemas.public.tables.tasks.columns[3].type`. */
export function formatModelPath(path: ModelPath): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (PLAIN_KEY.test(part)) text += text === '' ? part : `.${part}`;
    else text += `[${JSON.stringify(part)}]`;
  }
  return text;
}

/** The value of a record entry, or undefined; never something inherited such as `toString`. */
export function ownEntry<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets a record entry, also for keys such as `__proto__` that plain assignment would misread. */
export function setOwnEntry<T>(record: Record<string, T>, key: string, value: T): void {
  // Only __proto__ needs defining; plain assignment is many times faster, which shows over a big model.
  if (key === '__proto__')
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/** Record entries sorted by key, the order in which maps are written and compared. */
export function sortedEntries<T>(record: Readonly<Record<string, T>> | undefined): [string, T][] {
  if (record === undefined) return [];
  // Strings sort by code units without a comparator too (see compareKeys), without a call per
  // comparison: models hold thousands of tables.
  return Object.keys(record)
    .sort()
    .map((key) => [key, record[key] as T]);
}

/** Orders names by UTF-16 code units: deterministic and independent of locale. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Error diagnostics collected by model checks, each placed at its model path when there are files. */
export function errorCollector(locate: Locate | undefined): {
  diagnostics: Diagnostic[];
  report: (code: string, path: PathTo, object: string, message: string, hint: string) => void;
} {
  const diagnostics: Diagnostic[] = [];
  const report = (code: string, path: PathTo, object: string, message: string, hint: string) => {
    const location = locate?.(pathFrom(path));
    diagnostics.push({ code, severity: 'error', message, ...(location ? { location } : {}), object, hint });
  };
  return { diagnostics, report };
}
