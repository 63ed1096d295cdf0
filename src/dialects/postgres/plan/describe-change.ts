// How a change reads in plans, summaries and diagnostics: `alter column public.orders.total (type)`.
import { formatKey, type Change } from '../../../diff/changes.ts';

const KIND_NAMES: Readonly<Record<Change['kind'], string>> = {
  schema: 'schema',
  extension: 'extension',
  enum: 'enum',
  enumValue: 'enum value',
  domain: 'domain',
  sequence: 'sequence',
  table: 'table',
  column: 'column',
  primaryKey: 'primary key',
  unique: 'unique constraint',
  check: 'check constraint',
  exclusion: 'exclusion constraint',
  foreignKey: 'foreign key',
  index: 'index',
  view: 'view',
  materializedView: 'materialized view',
  function: 'function',
  procedure: 'procedure',
  aggregate: 'aggregate',
  trigger: 'trigger',
  policy: 'policy',
  rule: 'rule',
  eventTrigger: 'event trigger',
  compositeType: 'composite type',
  rangeType: 'range type',
  collation: 'collation',
  statistics: 'statistics',
  textSearchDictionary: 'text search dictionary',
  textSearchConfiguration: 'text search configuration',
  access: 'owner and privileges of',
};

const ACTION_NAMES = { create: 'create', drop: 'drop', alter: 'alter', rename: 'rename' } as const;

/**
 * The name a change is about, as people write it: schemas and extensions are not in a schema (their
 * key's `schema` is the schema itself, or the one an extension is installed in).
 */
function changedName(change: Change): string {
  switch (change.kind) {
    case 'schema':
    case 'extension':
    case 'access':
      return change.key.name;
    default:
      return formatKey(change.key);
  }
}

/** `alter column public.orders.total`, `rename table public.a to public.b`, `create schema app`. */
export function describe(change: Change): string {
  const text =
    change.kind === 'access'
      ? `${KIND_NAMES.access} ${changedName(change)}`
      : `${ACTION_NAMES[change.action]} ${KIND_NAMES[change.kind]} ${changedName(change)}`;
  if (change.action === 'rename' && change.fromKey) return `${text} (was ${change.fromKey.name})`;
  if (change.action === 'alter' && change.changed.length > 0) return `${text} (${change.changed.join(', ')})`;
  return text;
}
