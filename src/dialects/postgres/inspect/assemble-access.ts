// Owners and privileges (access-query.ts) placed on the objects assembleModel built. An object the
// model does not hold (a serial or identity sequence) keeps its privileges only in
// the unsupported list, unless they follow from the object it belongs to.
import type {
  DefaultPrivilegeObjects,
  DefaultPrivileges,
  Grant,
  Model,
  Privilege,
  Revoke,
  SchemaDef,
} from '../../../model/model-schema.ts';
import { canonicalAccess, canonicalDefaultPrivileges } from '../../../model/canonicalize-access.ts';
import { ownEntry, setOwnEntry, sortedEntries } from '../../../model/model-path.ts';
import type { AccessEntry, AccessRow, DefaultAclRow } from './access-query.ts';
import { assembleAggregate, assembleRoutine } from './assemble-code-objects.ts';
import { objectName, type UnsupportedList } from './inspect-result.ts';
import type { Catalog } from './read-catalog.ts';
import type { SequenceRow } from './catalog-queries.ts';
import { compact } from './compact.ts';

interface Access {
  owner?: string;
  grants?: Grant[];
  revokes?: Revoke[];
}

type Placement =
  { schema: string; collection: keyof SchemaDef; name: string } | { schema: string; self: true };

function toGrants(entries: readonly AccessEntry[] | null, columns?: readonly string[]): Grant[] {
  return (entries ?? []).map((entry) => ({
    role: entry.role,
    privileges: [entry.privilege as Privilege],
    ...(columns === undefined ? {} : { columns: [...columns] }),
    ...(entry.grantable ? { withGrantOption: true as const } : {}),
  }));
}

/** Column grants: one per role, grant option and privilege, then merged by identical column lists. */
function columnGrants(rows: readonly AccessRow[]): Grant[] {
  const columns = new Map<string, { entry: AccessEntry; columns: string[] }>();
  for (const row of rows) {
    for (const entry of row.grants ?? []) {
      const key = `${entry.role}\u0000${entry.privilege}\u0000${entry.grantable}`;
      const seen = columns.get(key);
      if (seen) seen.columns.push(row.name);
      else columns.set(key, { entry, columns: [row.name] });
    }
  }
  return [...columns.values()].flatMap(({ entry, columns: names }) => toGrants([entry], names));
}

function toRevokes(entries: readonly AccessEntry[] | null): Revoke[] {
  return (entries ?? []).map((entry) => ({ role: entry.role, privileges: [entry.privilege as Privilege] }));
}

/**
 * Every privilege of a table, view or materialized view on this server; PostgreSQL 17 added MAINTAIN,
 * so a role holding them all is written as `all` (GRANT ALL), which means the same on every version.
 */
function allTablePrivileges(version: number): ReadonlySet<string> {
  const privileges = ['select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger'];
  return new Set(version >= 170000 ? [...privileges, 'maintain'] : privileges);
}

/** Entries of one role (and grant option) that together are every privilege become one `all`. */
function collapseAll(entries: readonly AccessEntry[] | null, all: ReadonlySet<string>): AccessEntry[] | null {
  if (entries === null) return null;
  const held = new Map<string, Set<string>>();
  const key = (e: AccessEntry) => `${e.role}\u0000${e.grantable}`;
  for (const entry of entries) held.set(key(entry), (held.get(key(entry)) ?? new Set()).add(entry.privilege));
  const complete = new Set([...held].filter(([, set]) => [...all].every((p) => set.has(p))).map(([k]) => k));
  const seen = new Set<string>();
  return entries.flatMap((entry) => {
    if (!complete.has(key(entry))) return [entry];
    if (seen.has(key(entry))) return [];
    seen.add(key(entry));
    return [{ ...entry, privilege: 'all' }];
  });
}

/**
 * A relation's grants and revokes, naming no privilege older servers lack where it can: `all` for
 * every privilege; an owner that lost most of its privileges, or MAINTAIN, is written as REVOKE ALL
 * and GRANT of what it kept (the same model on PostgreSQL 15 and 18 when it kept at most three).
 */
function portableEntries(row: AccessRow, version: number) {
  const all = allTablePrivileges(version);
  const grants = [...(row.grants ?? [])];
  let revokes = row.revokes ?? [];
  for (const role of new Set(revokes.map((entry) => entry.role))) {
    const revoked = new Set(revokes.filter((e) => e.role === role).map((e) => e.privilege));
    const kept = all.size - revoked.size;
    if (kept === 0 || (kept >= revoked.size && !revoked.has('maintain'))) continue;
    revokes = [
      ...revokes.filter((e) => e.role !== role),
      ...[...all].map((privilege) => ({ role, privilege, grantable: false })),
    ];
    for (const privilege of all)
      if (!revoked.has(privilege)) grants.push({ role, privilege, grantable: false });
  }
  return { grants: collapseAll(grants, all), revokes: collapseAll(revokes, all) };
}

function accessOf(row: AccessRow | undefined, columns: readonly AccessRow[], version: number): Access {
  const access: Access = {};
  if (row?.owner) access.owner = row.owner;
  const isRelation = row?.kind === 'table' || row?.kind === 'view' || row?.kind === 'materialized view';
  const own = row && isRelation ? portableEntries(row, version) : row;
  const grants = [...toGrants(own?.grants ?? null), ...columnGrants(columns)];
  if (grants.length > 0) access.grants = grants;
  const revokes = toRevokes(own?.revokes ?? null);
  if (revokes.length > 0) access.revokes = revokes;
  return canonicalAccess(access);
}

const DEFAULT_ACL_OBJECTS: Readonly<Record<string, DefaultPrivilegeObjects>> = {
  r: 'tables',
  S: 'sequences',
  f: 'functions',
  T: 'types',
  n: 'schemas',
};

/** Default privileges on the model (database-wide) and on its schemas (IN SCHEMA). */
function attachDefaultPrivileges(
  model: Model,
  rows: readonly DefaultAclRow[],
  version: number,
  unsupported: UnsupportedList,
) {
  const bySchema = new Map<string | null, DefaultPrivileges[]>();
  for (const row of rows) {
    const on = DEFAULT_ACL_OBJECTS[row.object_type];
    if (on === undefined) {
      unsupported.add('default privileges', 'LARGE OBJECTS', `for role ${row.for_role ?? 'the runner'}`);
      continue;
    }
    // Table privileges as on tables themselves: `all` rather than a list naming MAINTAIN (PostgreSQL 17).
    const own =
      on === 'tables'
        ? portableEntries({ grants: row.grants, revokes: row.revokes } as AccessRow, version)
        : row;
    const grants = toGrants(own.grants);
    const revokes = toRevokes(own.revokes);
    const entry: DefaultPrivileges = {
      ...(row.for_role === null ? {} : { forRole: row.for_role }),
      on,
      ...(grants.length > 0 ? { grants } : {}),
      ...(revokes.length > 0 ? { revokes } : {}),
    };
    bySchema.set(row.schema, [...(bySchema.get(row.schema) ?? []), entry]);
  }
  for (const [schemaName, entries] of bySchema) {
    const canonical = canonicalDefaultPrivileges(entries, schemaName === null);
    if (canonical === undefined) continue;
    if (schemaName === null) {
      model.defaultPrivileges = canonical;
      continue;
    }
    const schemas = (model.schemas ??= {});
    setOwnEntry(schemas, schemaName, { ...ownEntry(schemas, schemaName), defaultPrivileges: canonical });
  }
}

function isEmpty(access: Access): boolean {
  return access.owner === undefined && access.grants === undefined && access.revokes === undefined;
}

export function attachAccess(model: Model, catalog: Catalog, unsupported: UnsupportedList): void {
  const places = new Map<string, Placement>();
  const place = (kind: string, oid: string, placement: Placement) => places.set(`${kind}:${oid}`, placement);
  for (const t of catalog.tables)
    place('table', t.oid, { schema: t.schema, collection: 'tables', name: t.name });
  for (const v of catalog.views) {
    const collection = v.kind === 'v' ? 'views' : 'materializedViews';
    place(v.kind === 'v' ? 'view' : 'materialized view', v.oid, {
      schema: v.schema,
      collection,
      name: v.name,
    });
  }
  for (const t of catalog.types) {
    place('type', t.oid, {
      schema: t.schema,
      collection: t.kind === 'e' ? 'enums' : 'domains',
      name: t.name,
    });
  }
  for (const r of catalog.routines) {
    const collection = r.kind === 'p' ? 'procedures' : 'functions';
    place('function', r.oid, { schema: r.schema, collection, name: assembleRoutine(r).key });
  }
  for (const a of catalog.aggregates) {
    place('function', a.oid, { schema: a.schema, collection: 'aggregates', name: assembleAggregate(a).key });
  }

  const columnsOf = new Map<string, AccessRow[]>();
  const rows = new Map<string, AccessRow>();
  for (const row of catalog.access) {
    if (row.kind === 'column') columnsOf.set(row.oid, [...(columnsOf.get(row.oid) ?? []), row]);
    else rows.set(`${row.kind}:${row.oid}`, row);
  }
  const tableOwner = new Map<string, string | null>();
  for (const row of catalog.access) if (row.kind !== 'column') tableOwner.set(row.oid, row.owner);

  for (const [key, row] of rows) {
    const access = accessOf(
      row,
      row.kind === 'column' ? [] : (columnsOf.get(row.oid) ?? []),
      catalog.version,
    );
    if (row.kind === 'schema') {
      if (isEmpty(access)) continue;
      const schemas = (model.schemas ??= {});
      const schema = ownEntry(schemas, row.name) ?? {};
      setOwnEntry(schemas, row.name, { ...schema, ...access });
      continue;
    }
    if (row.kind === 'sequence') {
      const sequence = catalog.sequences.find((s) => s.oid === row.oid);
      const inModel = ownEntry(model.schemas ?? {}, row.schema)?.sequences;
      if (inModel && ownEntry(inModel, row.name)) {
        placeOn(model, { schema: row.schema, collection: 'sequences', name: row.name }, access);
        continue;
      }
      // A serial or identity sequence: its owner follows its table's; its privileges go on the table.
      const name = objectName(row.schema, row.name);
      if ((access.grants || access.revokes) && !placeOnColumn(model, places, sequence, access))
        unsupported.add('privileges', name, 'GRANT or REVOKE on a column sequence');
      const ownerOfTable = tableOwner.get(sequence?.owner_table_oid ?? '');
      if (row.owner !== ownerOfTable)
        unsupported.add('owner', name, `owned by ${row.owner ?? 'the runner'}, its table is not`);
      continue;
    }
    // Composite and range types have no owner or privileges in the model yet: listed when set.
    const placement = places.get(key);
    if (placement === undefined) {
      if (!isEmpty(access)) {
        if (access.owner)
          unsupported.add('owner', objectName(row.schema, row.name), `owned by ${access.owner}`);
        if (access.grants || access.revokes)
          unsupported.add(
            'privileges',
            objectName(row.schema, row.name),
            `on a ${row.kind} outside the model`,
          );
      }
      continue;
    }
    if (!isEmpty(access)) placeOn(model, placement, access);
  }
  attachDefaultPrivileges(model, catalog.defaultPrivileges, catalog.version, unsupported);
}

/** Privileges of a serial or identity column's sequence, on its table; false when it has no place. */
function placeOnColumn(
  model: Model,
  places: ReadonlyMap<string, Placement>,
  sequence: SequenceRow | undefined,
  access: Access,
): boolean {
  const placement = places.get(`table:${sequence?.owner_table_oid ?? ''}`);
  const column = sequence?.owner_column;
  if (placement === undefined || 'self' in placement || column === null || column === undefined) return false;
  const table = ownEntry(model.schemas ?? {}, placement.schema)?.tables?.[placement.name];
  if (table === undefined || !table.columns.some((c) => c.name === column)) return false;
  const privileges = { ...(table.sequencePrivileges ?? {}) };
  setOwnEntry(privileges, column, compact({ grants: access.grants, revokes: access.revokes }));
  const sorted = {};
  for (const [key, value] of sortedEntries(privileges)) setOwnEntry(sorted, key, value);
  table.sequencePrivileges = sorted;
  return true;
}

function placeOn(model: Model, placement: Placement, access: Access): void {
  if ('self' in placement) return;
  const schema = ownEntry(model.schemas ?? {}, placement.schema);
  const collection = schema?.[placement.collection] as Record<string, object> | undefined;
  const object = collection && ownEntry(collection, placement.name);
  if (collection === undefined || object === undefined) {
    throw new Error(`${placement.collection} ${placement.schema}.${placement.name} was not assembled`);
  }
  setOwnEntry(collection, placement.name, { ...object, ...access });
}
