// Data loss the target model consents to: its recorded drops (project.drops). A recorded schema
// covers the tables and sequences that were in it; an enum may lose values only when each removed
// value is recorded. Everything else that loses data still needs --allow-data-loss.
import type { Model, RecordedDrop } from '../model/model-schema.ts';
import {
  describe,
  planChanges,
  type Plan,
  type PlanOptions,
} from '../dialects/postgres/plan/plan-changes.ts';
import type { Change } from './changes.ts';

function recorded(drops: readonly RecordedDrop[], kind: RecordedDrop['kind'], ...path: string[]): boolean {
  return drops.some((drop) => {
    if (drop.kind !== kind) return false;
    const parts =
      drop.kind === 'schema'
        ? [drop.name]
        : drop.kind === 'column'
          ? [drop.schema, drop.table, drop.name]
          : drop.kind === 'enumValue'
            ? [drop.schema, drop.enum, drop.name]
            : [drop.schema, drop.name];
    return parts.length === path.length && parts.every((part, i) => part === path[i]);
  });
}

function consents(drops: readonly RecordedDrop[], change: Change): boolean {
  const { schema, table, name } = change.key;
  const inRecordedSchema = recorded(drops, 'schema', schema);
  switch (change.kind) {
    case 'schema':
      return change.action === 'drop' && inRecordedSchema;
    case 'table':
      return change.action === 'drop' && (inRecordedSchema || recorded(drops, 'table', schema, name));
    case 'sequence':
      return change.action === 'drop' && (inRecordedSchema || recorded(drops, 'sequence', schema, name));
    case 'column':
      return (
        change.action === 'drop' && table !== undefined && recorded(drops, 'column', schema, table, name)
      );
    case 'enum': {
      if (change.action !== 'alter') return false;
      const kept = new Set(change.after?.values ?? []);
      const removed = (change.before?.values ?? []).filter((value) => !kept.has(value));
      return removed.every((value) => recorded(drops, 'enumValue', schema, name, value));
    }
    default:
      return false;
  }
}

/** The changes whose data loss the model's recorded drops accept. */
export function consentedChanges(changes: readonly Change[], to: Model): Change[] {
  const drops = to.project?.drops ?? [];
  return drops.length === 0 ? [] : changes.filter((change) => consents(drops, change));
}

/** Plans the changes from a source to the model `to`, accepting the data loss `to` records. */
export function planModelChanges(changes: readonly Change[], to: Model, options: PlanOptions = {}): Plan {
  const consented = new Set(consentedChanges(changes, to).map(describe));
  return planChanges(changes, consented.size > 0 ? { ...options, consentedChanges: consented } : options);
}
