// The canonical form of an object's privileges: one grant per role, grant option and column list,
// privileges in PRIVILEGES order, columns sorted; grants and revokes sorted by role.
import type { Grant, Model, Privilege, Revoke, Role, SchemaDef } from './model-schema.ts';
import { PRIVILEGES } from './model-schema.ts';
import { compareKeys, setOwnEntry, sortedEntries } from './model-path.ts';

const PRIVILEGE_ORDER = new Map<string, number>(PRIVILEGES.map((p, i) => [p, i]));

/** `all` includes every other privilege of the object. */
function sortedPrivileges(privileges: Iterable<Privilege>): Privilege[] {
  const set = new Set(privileges);
  if (set.has('all')) return ['all'];
  return [...set].sort((a, b) => (PRIVILEGE_ORDER.get(a) ?? 0) - (PRIVILEGE_ORDER.get(b) ?? 0));
}

function grantKey(grant: Grant): string {
  const columns =
    grant.columns === undefined ? '' : [...new Set(grant.columns)].sort(compareKeys).join('\u0000');
  return `${grant.role}\u0001${grant.withGrantOption === true ? 1 : 0}\u0001${grant.columns === undefined ? 0 : 1}${columns}`;
}

export function canonicalGrants(grants: readonly Grant[] | undefined): Grant[] | undefined {
  if (grants === undefined || grants.length === 0) return undefined;
  const merged = new Map<string, Grant>();
  for (const grant of grants) {
    const key = grantKey(grant);
    const seen = merged.get(key);
    const privileges = sortedPrivileges([...(seen?.privileges ?? []), ...grant.privileges]);
    const result: Grant = { role: grant.role, privileges };
    if (grant.columns !== undefined) result.columns = [...new Set(grant.columns)].sort(compareKeys);
    if (grant.withGrantOption === true) result.withGrantOption = true;
    merged.set(key, result);
  }
  return [...merged.entries()].sort(([a], [b]) => compareKeys(a, b)).map(([, grant]) => grant);
}

export function canonicalRevokes(revokes: readonly Revoke[] | undefined): Revoke[] | undefined {
  if (revokes === undefined || revokes.length === 0) return undefined;
  const merged = new Map<string, Privilege[]>();
  for (const revoke of revokes)
    merged.set(revoke.role, [...(merged.get(revoke.role) ?? []), ...revoke.privileges]);
  return [...merged.entries()]
    .sort(([a], [b]) => compareKeys(a, b))
    .map(([role, privileges]) => ({ role, privileges: sortedPrivileges(privileges) }));
}

interface WithAccess {
  owner?: string | undefined;
  grants?: Grant[] | undefined;
  revokes?: Revoke[] | undefined;
}

/** The object with its grants and revokes in canonical form (absent when empty). */
export function canonicalAccess<T extends WithAccess>(object: T): T {
  const result: T = { ...object };
  delete result.grants;
  delete result.revokes;
  const grants = canonicalGrants(object.grants);
  const revokes = canonicalRevokes(object.revokes);
  if (grants !== undefined) result.grants = grants;
  if (revokes !== undefined) result.revokes = revokes;
  return result;
}

const OBJECT_KINDS = [
  'enums',
  'domains',
  'sequences',
  'tables',
  'views',
  'materializedViews',
  'functions',
  'procedures',
  'aggregates',
] as const;

/** A table's sequencePrivileges sorted by column, each canonical, empty ones left out. */
function withCanonicalSequences<T extends WithAccess & { sequencePrivileges?: Record<string, WithAccess> }>(
  object: T,
): T {
  if (object.sequencePrivileges === undefined) return object;
  const privileges: Record<string, WithAccess> = {};
  for (const [column, access] of sortedEntries(object.sequencePrivileges)) {
    const canonical = canonicalAccess(access);
    if (canonical.grants !== undefined || canonical.revokes !== undefined)
      setOwnEntry(privileges, column, canonical);
  }
  const result = { ...object };
  if (Object.keys(privileges).length > 0) result.sequencePrivileges = privileges;
  else delete result.sequencePrivileges;
  return result;
}

/** Every object of the model with canonical access lists; roles sorted by name. */
export function canonicalModelAccess(model: Model): Model {
  if (model.schemas === undefined && model.roles === undefined) return model;
  const result: Model = { ...model };
  if (model.schemas !== undefined) {
    const schemas: Record<string, SchemaDef> = {};
    for (const [schemaName, schema] of sortedEntries(model.schemas)) {
      const canonical: SchemaDef = canonicalAccess(schema);
      for (const kind of OBJECT_KINDS) {
        const objects = schema[kind] as Record<string, WithAccess> | undefined;
        if (objects === undefined) continue;
        const mapped: Record<string, WithAccess> = {};
        for (const [name, object] of sortedEntries(objects))
          setOwnEntry(mapped, name, withCanonicalSequences(canonicalAccess(object)));
        (canonical as Record<string, unknown>)[kind] = mapped;
      }
      setOwnEntry(schemas, schemaName, canonical);
    }
    result.schemas = schemas;
  }
  if (model.roles !== undefined) {
    const roles: Record<string, Role> = {};
    for (const [name, role] of sortedEntries(model.roles)) setOwnEntry(roles, name, { ...role });
    result.roles = Object.keys(roles).length > 0 ? roles : undefined;
    if (result.roles === undefined) delete result.roles;
  }
  return result;
}
