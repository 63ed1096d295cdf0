// Likely renames, for the user to declare: a dropped and a created object of the same kind, in the same
// schema (and table), that look alike. Renames are never applied from here; each suggestion says which
// declaration to add to the target model and where.
import type { Model, Table } from '../model/model-schema.ts';
import { ownEntry, type ModelPath } from '../model/model-path.ts';
import { resolveTableNames, type TableNames } from '../model/naming.ts';
import type { Change, ObjectKey } from './changes.ts';

export interface RenameSuggestion {
  kind: Change['kind'];
  /** The object in the target model. */
  key: ObjectKey;
  /** The source object it probably was. */
  fromKey: ObjectKey;
  /** Why they look alike: `same columns`, `same definition`, `3 of 4 values alike`. */
  reason: string;
  /** Where in the target model the declaration goes; absent when the object has no entry of its own. */
  path?: ModelPath;
  /** What to add there: `{renamedFrom: old}` or `{renamedValues: {new: old}}`. */
  declaration: Record<string, string | Record<string, string>>;
}

/** Properties that do not describe an object's shape. */
const NOT_SHAPE = new Set(['name', 'renamedFrom', 'renamedValues', 'description', 'columns', 'tags']);

/** Objects inside a table: their key's `table` is the table. */
const TABLE_LISTS: Partial<Record<Change['kind'], keyof TableNames>> = {
  primaryKey: 'primaryKey',
  unique: 'uniques',
  check: 'checks',
  exclusion: 'exclusions',
  foreignKey: 'foreignKeys',
  index: 'indexes',
};

/** Kinds the model can declare a rename for. */
const RENAMEABLE = new Set<Change['kind']>([
  'schema',
  'table',
  'column',
  'enum',
  ...Object.keys(TABLE_LISTS),
] as Change['kind'][]);

/** JSON of an object's shape: keys sorted, its name, documentation and column list left out. */
function shapeJson(value: unknown): string {
  const top =
    value !== null && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).filter(([key]) => !NOT_SHAPE.has(key)))
      : value;
  return JSON.stringify(top, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Dice coefficient of character bigrams: 1 for equal names, 0 for nothing in common. */
function nameSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const bigrams = (s: string) => {
    const grams = new Map<string, number>();
    for (let i = 0; i < s.length - 1; i++)
      grams.set(s.slice(i, i + 2), (grams.get(s.slice(i, i + 2)) ?? 0) + 1);
    return grams;
  };
  const x = bigrams(a.toLowerCase());
  const y = bigrams(b.toLowerCase());
  let common = 0;
  for (const [gram, count] of x) common += Math.min(count, y.get(gram) ?? 0);
  const total = Math.max(a.length - 1, 0) + Math.max(b.length - 1, 0);
  return total === 0 ? 0 : (2 * common) / total;
}

/** How much of two lists is alike (Jaccard), and the reason text. */
function overlap(before: readonly string[], after: readonly string[], noun: string): [number, string] {
  const a = new Set(before);
  const common = after.filter((item) => a.has(item)).length;
  const union = new Set([...before, ...after]).size;
  if (union === 0) return [1, `no ${noun}`];
  return [common / union, common === union ? `same ${noun}` : `${common} of ${union} ${noun} alike`];
}

interface Pairing {
  score: number;
  reason: string;
}

/** How alike a dropped and a created object are; undefined when they cannot be the same object. */
function compare(dropped: Change, created: Change, tableCounts: Map<string, string[]>): Pairing | undefined {
  const before = dropped.before as unknown;
  const after = created.after as unknown;
  switch (dropped.kind) {
    case 'schema': {
      const [score, reason] = overlap(
        tableCounts.get(`drop\0${dropped.key.name}`) ?? [],
        tableCounts.get(`create\0${created.key.name}`) ?? [],
        'tables',
      );
      return score >= 0.5 ? { score, reason } : undefined;
    }
    case 'table': {
      const columns = (table: unknown) =>
        ((table as Table | undefined)?.columns ?? []).map((c) => `${c.name}\0${c.type}`);
      const [score, reason] = overlap(columns(before), columns(after), 'columns');
      return score >= 0.5 ? { score, reason } : undefined;
    }
    case 'enum': {
      const values = (e: unknown) => (e as { values?: string[] } | undefined)?.values ?? [];
      const [score, reason] = overlap(values(before), values(after), 'values');
      return score >= 0.5 ? { score, reason } : undefined;
    }
    case 'column': {
      const type = (c: unknown) => (c as { type?: string } | undefined)?.type;
      if (type(before) !== type(after)) return undefined;
      const same = shapeJson(before) === shapeJson(after);
      return { score: same ? 1 : 0.8, reason: same ? 'same definition' : `same type ${String(type(after))}` };
    }
    default: {
      const sameColumns =
        JSON.stringify((before as { columns?: unknown })?.columns) ===
        JSON.stringify((after as { columns?: unknown })?.columns);
      return sameColumns && shapeJson(before) === shapeJson(after)
        ? { score: 1, reason: 'same definition' }
        : undefined;
    }
  }
}

/** Where the declaration goes: the object's own entry in the target model. */
function declarationPath(to: Model, kind: Change['kind'], key: ObjectKey): ModelPath | undefined {
  const schema = ownEntry(to.schemas, key.schema);
  if (kind === 'schema') return schema && ['schemas', key.schema];
  if (kind === 'table')
    return ownEntry(schema?.tables, key.name) && ['schemas', key.schema, 'tables', key.name];
  if (kind === 'enum') return ownEntry(schema?.enums, key.name) && ['schemas', key.schema, 'enums', key.name];
  const table = key.table === undefined ? undefined : ownEntry(schema?.tables, key.table);
  if (table === undefined || key.table === undefined) return undefined;
  const tablePath = ['schemas', key.schema, 'tables', key.table];
  if (kind === 'column') {
    const at = table.columns.findIndex((c) => c.name === key.name);
    return at < 0 ? undefined : [...tablePath, 'columns', at];
  }
  const list = TABLE_LISTS[kind];
  if (list === undefined) return undefined;
  const names = resolveTableNames(to, key.schema, key.table, table)[list];
  if (list === 'primaryKey') return names === key.name ? [...tablePath, 'primaryKey'] : undefined;
  const at = (names as string[]).indexOf(key.name);
  return at < 0 ? undefined : [...tablePath, list, at];
}

function parentOf(change: Change): string {
  return `${change.kind}\0${change.key.schema}\0${change.key.table ?? ''}`;
}

/** Enum values that moved nowhere but changed name: removed and added at the same position. */
function suggestValueRenames(change: Change, to: Model): RenameSuggestion | undefined {
  if (change.kind !== 'enum' || change.action !== 'alter' || !change.changed.includes('values'))
    return undefined;
  const before = change.before?.values ?? [];
  const after = change.after?.values ?? [];
  const renamed: Record<string, string> = {};
  for (const value of after) {
    if (before.includes(value)) continue;
    const old = before[after.indexOf(value)];
    if (old === undefined || after.includes(old)) return undefined;
    renamed[value] = old;
  }
  const removed = before.filter((value) => !after.includes(value));
  if (removed.length === 0 || removed.length !== Object.keys(renamed).length) return undefined;
  const path = declarationPath(to, 'enum', change.key);
  return {
    kind: 'enumValue',
    key: change.key,
    fromKey: change.key,
    reason: 'values replaced at the same position',
    ...(path ? { path } : {}),
    declaration: { renamedValues: renamed },
  };
}

/**
 * Drop and create pairs that look like renames, best match first within each schema and table (each
 * object in one suggestion at most), in a stable order.
 */
export function suggestRenames(changes: readonly Change[], to: Model): RenameSuggestion[] {
  const tables = new Map<string, string[]>();
  for (const change of changes) {
    if (change.kind !== 'table' || (change.action !== 'drop' && change.action !== 'create')) continue;
    const key = `${change.action}\0${change.key.schema}`;
    tables.set(key, [...(tables.get(key) ?? []), change.key.name]);
  }
  const drops = changes.filter((c) => c.action === 'drop' && RENAMEABLE.has(c.kind));
  const candidates: { dropped: Change; created: Change; pairing: Pairing }[] = [];
  for (const created of changes) {
    if (created.action !== 'create' || !RENAMEABLE.has(created.kind)) continue;
    for (const dropped of drops) {
      if (
        parentOf(dropped) !== parentOf(created) &&
        !(created.kind === 'schema' && dropped.kind === 'schema')
      )
        continue;
      const pairing = compare(dropped, created, tables);
      if (pairing === undefined) continue;
      const score = pairing.score * 0.8 + nameSimilarity(dropped.key.name, created.key.name) * 0.2;
      candidates.push({ dropped, created, pairing: { ...pairing, score } });
    }
  }
  candidates.sort(
    (a, b) => b.pairing.score - a.pairing.score || order(a.created, b.created) || order(a.dropped, b.dropped),
  );
  const used = new Set<Change>();
  const suggestions: RenameSuggestion[] = [];
  for (const { dropped, created, pairing } of candidates) {
    if (used.has(dropped) || used.has(created)) continue;
    used.add(dropped);
    used.add(created);
    const path = declarationPath(to, created.kind, created.key);
    suggestions.push({
      kind: created.kind,
      key: created.key,
      fromKey: dropped.key,
      reason: pairing.reason,
      ...(path ? { path } : {}),
      declaration: { renamedFrom: dropped.key.name },
    });
  }
  for (const change of changes) {
    const values = suggestValueRenames(change, to);
    if (values !== undefined) suggestions.push(values);
  }
  return suggestions.sort((a, b) => order(a, b));
}

function order(a: { kind: string; key: ObjectKey }, b: { kind: string; key: ObjectKey }): number {
  const text = (x: { kind: string; key: ObjectKey }) =>
    [x.key.schema, x.key.table ?? '', x.key.name, x.kind].join('\0');
  const [x, y] = [text(a), text(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}
