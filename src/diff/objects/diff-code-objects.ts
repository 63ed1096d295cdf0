// Changes to the objects beside tables: views, materialized views, routines, aggregates, triggers,
// policies, rules, event triggers, composite and range types, collations, statistics and text search.
// After the direct changes, objects that depend on something dropped and created again, or on a
// column whose type changes or that is dropped, are rebuilt: dropped before and created after, even
// when they do not change themselves (PostgreSQL refuses the change while they exist).
import type { Model, Routine, SchemaDef, Table, View } from '../../model/model-schema.ts';
import { ownEntry, sortedEntries } from '../../model/model-path.ts';
import {
  findDependencies,
  relationReference,
  routineReference,
} from '../../dialects/postgres/ddl/sql-references.ts';
import { quoteIdent } from '../../dialects/postgres/quote.ts';
import { renderRelationMember } from '../../dialects/postgres/ddl/trigger.ts';
import { identityTypes, renderCreateRoutine, routineName } from '../../dialects/postgres/ddl/routine.ts';
import {
  reverseChanges,
  type Change,
  type CodeObjectChange,
  type CodeObjectKind,
  type CodeObjects,
  type ObjectKey,
} from '../changes.ts';
import { replacesEnum, replacesInPlace } from './in-place.ts';

type Builder = (change: Change) => void;
type Compare = (before: object, after: object) => string[];
type Clean = <T extends object>(value: T) => T;

/** Schema-level kinds and where the schema keeps them. */
const SCHEMA_KINDS: readonly [CodeObjectKind, keyof SchemaDef][] = [
  ['collation', 'collations'],
  ['compositeType', 'compositeTypes'],
  ['rangeType', 'rangeTypes'],
  ['textSearchDictionary', 'textSearchDictionaries'],
  ['textSearchConfiguration', 'textSearchConfigurations'],
  ['function', 'functions'],
  ['procedure', 'procedures'],
  ['aggregate', 'aggregates'],
  ['view', 'views'],
  ['materializedView', 'materializedViews'],
  ['statistics', 'statistics'],
];

/** Relation-level kinds and where a table or view keeps them. */
const MEMBER_KINDS: readonly ['trigger' | 'policy' | 'rule', 'triggers' | 'policies' | 'rules'][] = [
  ['trigger', 'triggers'],
  ['policy', 'policies'],
  ['rule', 'rules'],
];

function push<K extends CodeObjectKind>(
  add: Builder,
  kind: K,
  action: 'create' | 'drop' | 'alter',
  key: ObjectKey,
  values: { before?: CodeObjects[K]; after?: CodeObjects[K] },
  changed: string[] = [],
): void {
  add({ kind, action, key, ...values, changed } as CodeObjectChange);
}

function diffMap<K extends CodeObjectKind>(
  kind: K,
  key: (name: string) => ObjectKey,
  before: Readonly<Record<string, CodeObjects[K]>> | undefined,
  after: Readonly<Record<string, CodeObjects[K]>> | undefined,
  add: Builder,
  compare: Compare,
  clean: Clean,
): void {
  for (const [name, value] of sortedEntries(after)) {
    const old = ownEntry(before, name);
    if (old === undefined) push(add, kind, 'create', key(name), { after: clean(value) });
    else {
      const changed = compare(old, value);
      if (changed.length > 0)
        push(add, kind, 'alter', key(name), { before: clean(old), after: clean(value) }, changed);
    }
  }
  for (const [name, value] of sortedEntries(before))
    if (ownEntry(after, name) === undefined) push(add, kind, 'drop', key(name), { before: clean(value) });
}

function byName<T extends { name: string }>(list: readonly T[] | undefined): Record<string, T> {
  return Object.fromEntries((list ?? []).map((item) => [item.name, item]));
}

type Relation = Pick<Table, 'triggers' | 'policies' | 'rules'>;

function relationsOf(schema: SchemaDef | undefined): Record<string, Relation> {
  return { ...(schema?.tables ?? {}), ...(schema?.views ?? {}) };
}

/** The direct changes of every code object between the two (renamed, named) models. */
export function diffCodeObjects(
  before: Model,
  after: Model,
  add: Builder,
  compare: Compare,
  clean: Clean,
): void {
  const schemaNames = [
    ...new Set([...Object.keys(before.schemas ?? {}), ...Object.keys(after.schemas ?? {})]),
  ].sort();
  for (const schema of schemaNames) {
    const old = ownEntry(before.schemas, schema);
    const now = ownEntry(after.schemas, schema);
    for (const [kind, field] of SCHEMA_KINDS) {
      diffMap(
        kind,
        (name) => ({ schema, name }),
        old?.[field] as Record<string, never> | undefined,
        now?.[field] as Record<string, never> | undefined,
        add,
        compare,
        clean,
      );
    }
    const oldRelations = relationsOf(old);
    const newRelations = relationsOf(now);
    const relationNames = [...new Set([...Object.keys(oldRelations), ...Object.keys(newRelations)])].sort();
    for (const table of relationNames) {
      for (const [kind, field] of MEMBER_KINDS) {
        diffMap(
          kind,
          (name) => ({ schema, table, name }),
          byName(ownEntry(oldRelations, table)?.[field] as { name: string }[] | undefined) as never,
          byName(ownEntry(newRelations, table)?.[field] as { name: string }[] | undefined) as never,
          add,
          compare,
          clean,
        );
      }
    }
  }
  // An event trigger's `tags` are the command tags it fires for, not documentation tags.
  const tags = (value: object) => (value as { tags?: string[] }).tags;
  diffMap(
    'eventTrigger',
    (name) => ({ schema: '', name }),
    before.eventTriggers,
    after.eventTriggers,
    add,
    (o, n) => {
      const changed = compare(o, n);
      return JSON.stringify(tags(o)) === JSON.stringify(tags(n)) ? changed : [...changed, 'tags'].sort();
    },
    <T extends object>(value: T): T =>
      tags(value) === undefined ? clean(value) : { ...clean(value), tags: tags(value) },
  );
}

const relation = relationReference;
const routine = routineReference;

/** The name under which others refer to a changed object, if they can. */
function providedName(change: Change): string | undefined {
  const { schema, name } = change.key;
  switch (change.kind) {
    case 'view':
    case 'materializedView':
    case 'table':
    case 'compositeType':
    case 'rangeType':
    case 'enum':
    case 'domain':
      return relation(schema, name);
    case 'function':
    case 'procedure': {
      const value = change.after ?? change.before;
      const types = identityTypes(change.kind, value?.arguments);
      return routine(schema, routineName(name, types) ?? name);
    }
    case 'aggregate':
      return routine(schema, name.replace(/\(.*$/, ''));
    default:
      return undefined;
  }
}

/** A change that drops the object (and creates it again, if it stays). */
export function dropsObject(change: Change): boolean {
  if (change.action === 'drop') return true;
  if (change.action !== 'alter') return false;
  if ('rebuild' in change && change.rebuild !== undefined) return true;
  switch (change.kind) {
    case 'domain':
      return change.changed.includes('type') || change.changed.includes('collation');
    case 'view':
    case 'materializedView':
    case 'function':
    case 'procedure':
    case 'aggregate':
    case 'compositeType':
    case 'rangeType':
    case 'trigger':
    case 'policy':
    case 'eventTrigger':
      return !replacesInPlace(change);
    default:
      return false;
  }
}

interface Dependent {
  kind: 'view' | 'materializedView' | 'trigger' | 'policy' | 'rule' | 'function' | 'procedure';
  key: ObjectKey;
  before: CodeObjects[Dependent['kind']];
  after: CodeObjects[Dependent['kind']];
  sql: string;
  /** The table or view it belongs to (members only). */
  on?: string;
}

/** Views, materialized views, routines, triggers, policies and rules that exist on both sides. */
function dependents(before: Model, after: Model): Dependent[] {
  const list: Dependent[] = [];
  for (const [schema, now] of sortedEntries(after.schemas)) {
    const old = ownEntry(before.schemas, schema);
    for (const kind of ['view', 'materializedView'] as const) {
      const field = kind === 'view' ? 'views' : 'materializedViews';
      for (const [name, value] of sortedEntries(now[field])) {
        const previous = ownEntry(old?.[field], name) as View | undefined;
        if (previous === undefined) continue;
        list.push({ kind, key: { schema, name }, before: previous, after: value, sql: previous.definition });
      }
    }
    // What PostgreSQL records a routine using: the types in its signature (a view's row type) and, for
    // a SQL-standard body, what the body names; a string body is not parsed, so it names nothing.
    for (const kind of ['function', 'procedure'] as const) {
      const field = kind === 'function' ? 'functions' : 'procedures';
      for (const [name, value] of sortedEntries(now[field])) {
        const previous = ownEntry(old?.[field], name) as Routine | undefined;
        if (previous === undefined) continue;
        const plain = routineName(name, identityTypes(kind, previous.arguments)) ?? name;
        const sql = renderCreateRoutine(kind, schema, plain, previous);
        list.push({ kind, key: { schema, name }, before: previous, after: value, sql });
      }
    }
    const oldRelations = relationsOf(old);
    for (const [table, value] of sortedEntries(relationsOf(now))) {
      const previous = ownEntry(oldRelations, table);
      if (previous === undefined) continue;
      for (const [kind, field] of MEMBER_KINDS) {
        const olds = byName(previous[field] as { name: string }[] | undefined);
        for (const item of (value[field] ?? []) as { name: string }[]) {
          const was = ownEntry(olds, item.name);
          if (was === undefined) continue;
          const sql = renderRelationMember(kind, schema, table, was as never);
          list.push({
            kind,
            key: { schema, table, name: item.name },
            before: was as never,
            after: item as never,
            sql,
            on: relation(schema, table),
          });
        }
      }
    }
  }
  return list;
}

/** Columns whose type changes or that are dropped, by `r:` table name. */
function changedColumns(changes: readonly Change[]): Map<string, Set<string>> {
  const columns = new Map<string, Set<string>>();
  const note = (schema: string, table: string, column: string) => {
    const name = relation(schema, table);
    const set = columns.get(name) ?? new Set<string>();
    set.add(column);
    columns.set(name, set);
  };
  for (const change of changes) {
    if (
      change.kind === 'column' &&
      (change.action === 'drop' ||
        (change.action === 'alter' &&
          ['type', 'collation', 'generated'].some((p) => change.changed.includes(p))))
    )
      note(change.key.schema, change.key.table ?? '', change.key.name);
    if (change.kind === 'enum' && change.action === 'alter' && change.changed.includes('values')) {
      for (const use of change.usedBy.before) note(use.schema, use.table, use.column);
    }
    if (change.kind === 'domain')
      for (const use of change.usedBy?.before ?? []) note(use.schema, use.table, use.column);
  }
  return columns;
}

function mentions(sql: string, column: string): boolean {
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_$])"?${escaped}"?($|[^A-Za-z0-9_$])`).test(sql);
}

interface Rebuild {
  candidate: Dependent;
  reason: string;
}

/**
 * The views, materialized views, triggers, policies and rules that this (one-directional) change list
 * must rebuild: their definitions use something it drops (and creates again), or a column whose type
 * changes or that is dropped. Repeated until nothing new is found (views on views).
 */
function findRebuilds(changes: readonly Change[], before: Model, after: Model): Map<string, Rebuild> {
  const columns = changedColumns(changes);
  const replaced = new Set<string>();
  const rebuilt = new Set<string>();
  for (const change of changes) {
    if (!dropsObject(change)) continue;
    const name = providedName(change);
    if (name !== undefined) replaced.add(name);
    if (change.kind === 'table' || change.kind === 'view' || change.kind === 'materializedView')
      rebuilt.add(relation(change.key.schema, change.key.name));
  }
  const changed = new Map(changes.map((c) => [changeId(c.kind, c.key), c]));
  const candidates = dependents(before, after);
  // Parsed once, when first needed: most routines are never asked about.
  const references = new Map<Dependent, Set<string>>();
  const usesOf = (candidate: Dependent) => {
    let uses = references.get(candidate);
    if (uses === undefined) {
      uses = findDependencies(candidate.sql);
      references.set(candidate, uses);
    }
    return uses;
  };
  const found = new Map<string, Rebuild>();
  for (const routine of routinesOfReplacedEnums(changes, before, after)) {
    const id = changeId(routine.kind, routine.key);
    const existing = changed.get(id);
    if (existing !== undefined && dropsObject(existing)) continue;
    found.set(id, { candidate: routine, reason: 'a type its signature uses is replaced' });
    replaced.add(routineProvided(routine));
  }
  for (let grew = true; grew;) {
    grew = false;
    for (const candidate of candidates) {
      const id = changeId(candidate.kind, candidate.key);
      const existing = changed.get(id);
      if (found.has(id) || (existing !== undefined && dropsObject(existing))) continue;
      // A routine only hangs on what it names; a column change does not reach it.
      const isRoutine = candidate.kind === 'function' || candidate.kind === 'procedure';
      if (isRoutine && replaced.size === 0) continue;
      const uses = usesOf(candidate);
      const reason =
        candidate.on !== undefined && rebuilt.has(candidate.on)
          ? 'the relation it belongs to is created again'
          : [...uses].some((name) => replaced.has(name))
            ? 'something it uses is dropped and created again'
            : !isRoutine &&
                [...uses, ...(candidate.on === undefined ? [] : [candidate.on])].some((name) =>
                  [...(columns.get(name) ?? [])].some((column) => mentions(candidate.sql, column)),
                )
              ? 'a column it uses changes type or is dropped'
              : undefined;
      if (reason === undefined) continue;
      found.set(id, { candidate, reason });
      if (candidate.kind === 'view' || candidate.kind === 'materializedView') {
        replaced.add(relation(candidate.key.schema, candidate.key.name));
        rebuilt.add(relation(candidate.key.schema, candidate.key.name));
      }
      // What calls a rebuilt routine (a view selecting from it) is rebuilt in turn.
      if (isRoutine) replaced.add(routineProvided(candidate));
      grew = true;
    }
  }
  return found;
}

/** The `f:` name a routine candidate provides. */
function routineProvided(candidate: Dependent): string {
  const change = { kind: candidate.kind, action: 'alter', key: candidate.key, after: candidate.after };
  return providedName(change as Change) ?? '';
}

/** The enums this change list replaces (values removed or reordered), as their type names. */
function replacedEnums(changes: readonly Change[]): string[] {
  return changes.flatMap((change) =>
    change.kind === 'enum' &&
    change.action === 'alter' &&
    change.changed.includes('values') &&
    replacesEnum(change.before?.values ?? [], change.after?.values ?? [])
      ? [
          change.key.schema === 'public'
            ? quoteIdent(change.key.name)
            : `${quoteIdent(change.key.schema)}.${quoteIdent(change.key.name)}`,
        ]
      : [],
  );
}

/**
 * Whether a type as the model spells it (`s.t`, `t[]`, `SETOF s.t`, `TABLE(a s.t)`) names the type,
 * given in the same canonical spelling.
 */
function namesType(text: string | undefined, type: string): boolean {
  if (text === undefined) return false;
  let at = text.indexOf(type);
  while (at >= 0) {
    const before = text[at - 1];
    const after = text[at + type.length];
    if ((before === undefined || !/[\w.$"]/.test(before)) && (after === undefined || !/[\w.$"]/.test(after)))
      return true;
    at = text.indexOf(type, at + 1);
  }
  return false;
}

/**
 * Functions and procedures on both sides whose arguments or result use an enum the plan replaces:
 * the old type cannot be dropped while they use it, so they are dropped before and created after.
 */
function routinesOfReplacedEnums(changes: readonly Change[], before: Model, after: Model): Dependent[] {
  const types = replacedEnums(changes);
  if (types.length === 0) return [];
  const list: Dependent[] = [];
  for (const [schema, now] of sortedEntries(after.schemas)) {
    const old = ownEntry(before.schemas, schema);
    for (const kind of ['function', 'procedure'] as const) {
      const field = kind === 'function' ? 'functions' : 'procedures';
      for (const [name, value] of sortedEntries(now[field])) {
        const previous = ownEntry(old?.[field], name) as Routine | undefined;
        if (previous === undefined) continue;
        const signature = [...(previous.arguments ?? []).map((a) => a.type), previous.returns];
        if (!types.some((type) => signature.some((text) => namesType(text, type)))) continue;
        list.push({ kind, key: { schema, name }, before: previous, after: value, sql: '' });
      }
    }
  }
  return list;
}

function changeId(kind: string, key: ObjectKey): string {
  return `${kind}\0${key.schema}\0${key.table ?? ''}\0${key.name}`;
}

/**
 * Marks the rebuilds each direction needs: `rebuild` for this change list, `rebuildReverse` for its
 * reverse (a view on a column this list adds must be out of the way when the reverse drops it).
 * Objects that change in no other way get a change of their own.
 */
export function addCodeObjectRebuilds(changes: Change[], before: Model, after: Model): void {
  const forward = findRebuilds(changes, before, after);
  const backward = findRebuilds(reverseChanges(changes), after, before);
  const index = new Map(changes.map((c, i) => [changeId(c.kind, c.key), i]));
  for (const id of [...new Set([...forward.keys(), ...backward.keys()])].sort()) {
    const ahead = forward.get(id);
    const back = backward.get(id);
    const position = index.get(id);
    const existing = position === undefined ? undefined : changes[position];
    const candidate = (ahead?.candidate ?? back?.candidate) as Dependent;
    const change = {
      ...(existing ?? {
        kind: candidate.kind,
        action: 'alter',
        key: candidate.key,
        // A reverse-direction candidate saw the models swapped.
        before: ahead === undefined ? candidate.after : candidate.before,
        after: ahead === undefined ? candidate.before : candidate.after,
        changed: [],
      }),
    } as CodeObjectChange;
    if (ahead !== undefined) change.rebuild = ahead.reason;
    if (back !== undefined) change.rebuildReverse = back.reason;
    if (position !== undefined) changes[position] = change;
    else changes.push(change);
  }
}

/** Routines this (one-directional) change list drops and creates again, as `f:` references. */
export function replacedRoutines(changes: readonly Change[]): Set<string> {
  return new Set(
    changes.flatMap((change) =>
      ['function', 'procedure', 'aggregate'].includes(change.kind) &&
      change.action === 'alter' &&
      dropsObject(change)
        ? (providedName(change) ?? [])
        : [],
    ),
  );
}

/** Whether a check expression calls one of the routines. */
export function callsAny(expression: string, routines: ReadonlySet<string>): boolean {
  if (routines.size === 0) return false;
  return [...findDependencies(`SELECT (${expression})`)].some((reference) => routines.has(reference));
}

/**
 * Table and domain checks that call a routine the plan drops and creates again: PostgreSQL refuses to
 * drop the routine while they exist, so they are dropped before and added after (`rebuild` on a check
 * change, or on a domain change for its checks); `rebuildReverse` for the reverse plan.
 */
export function addCheckRebuilds(changes: Change[], before: Model, after: Model): void {
  const forward = replacedRoutines(changes);
  const backward = replacedRoutines(reverseChanges(changes));
  if (forward.size === 0 && backward.size === 0) return;
  const reason = 'a routine it calls is dropped and created again';
  const mark = (change: Change, ahead: boolean, back: boolean) => {
    const marked = change as Change & { rebuild?: string; rebuildReverse?: string };
    if (ahead) marked.rebuild = reason;
    if (back) marked.rebuildReverse = reason;
  };
  const find = (kind: string, key: ObjectKey) =>
    changes.find(
      (c) =>
        c.kind === kind &&
        c.key.schema === key.schema &&
        c.key.table === key.table &&
        c.key.name === key.name &&
        c.action === 'alter',
    );
  for (const [schema, now] of sortedEntries(after.schemas)) {
    const old = ownEntry(before.schemas, schema);
    for (const [table, value] of sortedEntries(now.tables)) {
      const olds = byName(
        (ownEntry(old?.tables, table)?.checks ?? []) as { name: string; expression: string }[],
      );
      for (const check of (value.checks ?? []) as { name: string; expression: string }[]) {
        const was = ownEntry(olds, check.name);
        if (was === undefined) continue;
        const ahead = callsAny(was.expression, forward);
        const back = callsAny(check.expression, backward);
        if (!ahead && !back) continue;
        const key = { schema, table, name: check.name };
        const change =
          find('check', key) ??
          (changes[
            changes.push({
              kind: 'check',
              action: 'alter',
              key,
              before: was,
              after: check,
              changed: [],
            } as Change) - 1
          ] as Change);
        mark(change, ahead, back);
      }
    }
    for (const [name, domain] of sortedEntries(now.domains)) {
      const previous = ownEntry(old?.domains, name);
      if (previous === undefined) continue;
      const ahead = (previous.checks ?? []).some((c) => callsAny(c.expression, forward));
      const back = (domain.checks ?? []).some((c) => callsAny(c.expression, backward));
      if (!ahead && !back) continue;
      const key = { schema, name };
      const change =
        find('domain', key) ??
        (changes[
          changes.push({
            kind: 'domain',
            action: 'alter',
            key,
            before: previous,
            after: domain,
            changed: [],
          }) - 1
        ] as Change);
      mark(change, ahead, back);
    }
  }
}
