// Owners and privileges (access-query.ts) placed on the objects assembleModel built. An object the
// model does not hold (a serial or identity sequence, a window function) keeps its privileges only in
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
import { ownEntry, setOwnEntry } from '../../../model/model-path.ts';
import type { AccessEntry, AccessRow, DefaultAclRow } from './access-query.ts';
import { assembleAggregate, assembleRoutine } from './assemble-code-objects.ts';
import { objectName, type UnsupportedList } from './inspect-result.ts';
import type { Catalog } from './read-catalog.ts';

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

function accessOf(row: AccessRow | undefined, columns: readonly AccessRow[]): Access {
  const access: Access = {};
  if (row?.owner) access.owner = row.owner;
  const grants = [...toGrants(row?.grants ?? null), ...columnGrants(columns)];
  if (grants.length > 0) access.grants = grants;
  const revokes = toRevokes(row?.revokes ?? null);
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
function attachDefaultPrivileges(model: Model, rows: readonly DefaultAclRow[], unsupported: UnsupportedList) {
  const bySchema = new Map<string | null, DefaultPrivileges[]>();
  for (const row of rows) {
    const on = DEFAULT_ACL_OBJECTS[row.object_type];
    if (on === undefined) {
      unsupported.add('default privileges', 'LARGE OBJECTS', `for role ${row.for_role ?? 'the runner'}`);
      continue;
    }
    const grants = toGrants(row.grants);
    const revokes = toRevokes(row.revokes);
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
    const access = accessOf(row, row.kind === 'column' ? [] : (columnsOf.get(row.oid) ?? []));
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
      // A serial or identity sequence: its owner follows its table's.
      const name = objectName(row.schema, row.name);
      if (access.grants || access.revokes)
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
  attachDefaultPrivileges(model, catalog.defaultPrivileges, unsupported);
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
