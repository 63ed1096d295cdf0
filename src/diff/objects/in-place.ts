// Which changed objects PostgreSQL can alter in place, and which must be dropped and created again
// (taking their dependents with them). Shared by the diff (to find dependents to rebuild) and the
// planner (to write the statements).
import { parseSync } from '../../dialects/postgres/sql-parser.ts';
import type { CompositeType, MaterializedView, Policy, Routine, View } from '../../model/model-schema.ts';
import type { Change } from '../changes.ts';

/** View options that ALTER VIEW ... SET / RESET changes. */
export const VIEW_OPTIONS = ['checkOption', 'securityBarrier', 'securityInvoker', 'with'] as const;

type TargetEntry = { name?: string; val?: unknown };

function withoutLocations(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (key === 'location' ? undefined : v));
}

/** The select list of a view query (the leftmost branch of a set operation), or undefined. */
function targetList(definition: string): TargetEntry[] | undefined {
  try {
    const tree = parseSync(definition) as {
      stmts?: { stmt?: { SelectStmt?: unknown } }[];
    };
    let select = tree.stmts?.[0]?.stmt?.SelectStmt as
      { targetList?: { ResTarget?: TargetEntry }[]; larg?: unknown; op?: string } | undefined;
    while (select !== undefined && select.larg !== undefined && select.targetList === undefined)
      select = select.larg as typeof select;
    return select?.targetList?.map((entry) => entry.ResTarget ?? {});
  } catch {
    return undefined;
  }
}

/** The output column name PostgreSQL gives a select-list entry. */
function columnName(entry: TargetEntry): string {
  if (entry.name !== undefined) return entry.name;
  const ref = (entry.val as { ColumnRef?: { fields?: { String?: { sval?: string } }[] } })?.ColumnRef;
  const last = ref?.fields?.at(-1)?.String?.sval;
  return last ?? '?column?';
}

/**
 * CREATE OR REPLACE VIEW keeps the existing columns (same names, same types, same order) and may only
 * append new ones. Types are not known here, so an existing column must select the same expression
 * (a column reference may change its qualifier).
 */
export function viewColumnsAppended(before: string, after: string): boolean {
  const old = targetList(before);
  const now = targetList(after);
  if (old === undefined || now === undefined || now.length < old.length) return false;
  return old.every((entry, i) => {
    const next = now[i] as TargetEntry;
    if (columnName(entry) !== columnName(next)) return false;
    const isRef = (e: TargetEntry) => (e.val as { ColumnRef?: unknown })?.ColumnRef !== undefined;
    return (isRef(entry) && isRef(next)) || withoutLocations(entry.val) === withoutLocations(next.val);
  });
}

/** A routine's signature-level properties: CREATE OR REPLACE cannot change them. */
function routineShape(routine: Routine): string {
  return JSON.stringify([
    routine.returns ?? null,
    (routine.arguments ?? []).map((a) => [a.name ?? null, a.mode ?? 'in', a.type, a.default !== undefined]),
  ]);
}

/** Attributes may be added at the end, dropped, or change type; not reordered. */
function compositeInPlace(before: CompositeType, after: CompositeType): boolean {
  const kept = after.attributes.filter((a) => before.attributes.some((b) => b.name === a.name));
  const keptBefore = before.attributes.filter((b) => after.attributes.some((a) => a.name === b.name));
  if (kept.map((a) => a.name).join('\0') !== keptBefore.map((a) => a.name).join('\0')) return false;
  const firstNew = after.attributes.findIndex((a) => !before.attributes.some((b) => b.name === a.name));
  return firstNew < 0 || after.attributes.slice(firstNew).every((a) => !kept.includes(a));
}

/** The same indexes, but for their descriptions (COMMENT ON INDEX changes those in place). */
function sameIndexesButComments(before: MaterializedView, after: MaterializedView): boolean {
  const shape = (view: MaterializedView) =>
    JSON.stringify((view.indexes ?? []).map((index) => ({ ...index, description: undefined })));
  return shape(before) === shape(after);
}

/** True when an altered object is changed in place rather than dropped and created again. */
export function replacesInPlace(change: Change): boolean {
  if (change.action !== 'alter') return false;
  if ('rebuild' in change && change.rebuild !== undefined) return false;
  const only = (allowed: readonly string[]) => change.changed.every((p) => allowed.includes(p));
  switch (change.kind) {
    case 'view': {
      if (only(['description', ...VIEW_OPTIONS])) return true;
      const before = change.before as View;
      const after = change.after as View;
      return viewColumnsAppended(before.definition, after.definition);
    }
    case 'materializedView':
      return (
        only(['description', 'with', 'indexes']) &&
        sameIndexesButComments(change.before as MaterializedView, change.after as MaterializedView)
      );
    case 'function':
    case 'procedure':
      return routineShape(change.before as Routine) === routineShape(change.after as Routine);
    case 'aggregate':
    case 'rangeType':
    case 'collation':
    case 'textSearchDictionary':
    case 'textSearchConfiguration':
      return only(['description']);
    case 'statistics':
      return only(['description', 'statisticsTarget']);
    case 'compositeType':
      return compositeInPlace(change.before as CompositeType, change.after as CompositeType);
    case 'trigger': {
      // CREATE OR REPLACE TRIGGER does not take constraint triggers.
      const constraint = change.before?.constraint === true || change.after?.constraint === true;
      return !constraint || only(['description', 'enabled']);
    }
    case 'policy': {
      const before = change.before as Policy;
      const after = change.after as Policy;
      // ALTER POLICY changes roles and expressions; it cannot remove an expression.
      return (
        only(['description', 'roles', 'using', 'withCheck']) &&
        (before.using === undefined || after.using !== undefined) &&
        (before.withCheck === undefined || after.withCheck !== undefined)
      );
    }
    case 'eventTrigger':
      return only(['description', 'enabled']);
    default:
      return true;
  }
}

/**
 * Whether an enum's new value list needs the type replaced: values cannot be removed or reordered in
 * place, only added.
 */
export function replacesEnum(before: readonly string[], after: readonly string[]): boolean {
  const kept = after.filter((v) => before.includes(v));
  const removed = before.some((v) => !after.includes(v));
  return removed || kept.join('\0') !== before.filter((v) => after.includes(v)).join('\0');
}
