// Differences between two models after both are put in canonical form, one line per difference, by
// path. Lists whose items all have distinct names (columns, named constraints, query patterns) are
// matched by name, so one inserted column reads as one difference rather than a shifted list.
import { canonicalizeModel } from './canonicalize.ts';
import type { Model } from './model-schema.ts';
import { compareKeys } from './model-path.ts';

/** Human-readable differences; empty when the models are equal in canonical form. */
export function compareModels(a: Model, b: Model): string[] {
  const differences: string[] = [];
  compareValues(canonicalizeModel(a), canonicalizeModel(b), '', differences);
  return differences;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function keyPath(path: string, key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_$]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The item names, when every item is an object with a distinct string name. */
function itemNames(list: readonly unknown[]): string[] | undefined {
  const names = list.map((item) => (isRecord(item) && typeof item.name === 'string' ? item.name : undefined));
  if (names.some((name) => name === undefined)) return undefined;
  return new Set(names).size === names.length ? (names as string[]) : undefined;
}

function compareValues(a: unknown, b: unknown, path: string, differences: string[]): void {
  const where = path === '' ? '(model)' : path;
  if (Array.isArray(a) && Array.isArray(b)) {
    compareLists(a, b, path, differences);
  } else if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareKeys);
    for (const key of keys) {
      const inA = Object.hasOwn(a, key);
      const inB = Object.hasOwn(b, key);
      const child = keyPath(path, key);
      if (inA && !inB) differences.push(`${child}: only in the first model (${show(a[key])})`);
      else if (!inA && inB) differences.push(`${child}: only in the second model (${show(b[key])})`);
      else compareValues(a[key], b[key], child, differences);
    }
  } else if (a !== b) {
    differences.push(`${where}: ${show(a)} in the first model, ${show(b)} in the second`);
  }
}

function compareLists(
  a: readonly unknown[],
  b: readonly unknown[],
  path: string,
  differences: string[],
): void {
  const namesA = itemNames(a);
  const namesB = itemNames(b);
  if (namesA === undefined || namesB === undefined) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const child = `${path}[${i}]`;
      if (i >= b.length) differences.push(`${child}: only in the first model (${show(a[i])})`);
      else if (i >= a.length) differences.push(`${child}: only in the second model (${show(b[i])})`);
      else compareValues(a[i], b[i], child, differences);
    }
    return;
  }
  const byName = (list: readonly unknown[], names: string[], name: string) => list[names.indexOf(name)];
  for (const name of namesA) {
    const child = `${path}[${JSON.stringify(name)}]`;
    if (!namesB.includes(name)) differences.push(`${child}: only in the first model`);
    else compareValues(byName(a, namesA, name), byName(b, namesB, name), child, differences);
  }
  for (const name of namesB) {
    if (!namesA.includes(name))
      differences.push(`${path}[${JSON.stringify(name)}]: only in the second model`);
  }
  const commonA = namesA.filter((name) => namesB.includes(name));
  const commonB = namesB.filter((name) => namesA.includes(name));
  if (commonA.join('\u0000') !== commonB.join('\u0000')) {
    differences.push(
      `${path}: order differs: (${commonA.join(', ')}) in the first model, (${commonB.join(', ')}) in the second`,
    );
  }
}
