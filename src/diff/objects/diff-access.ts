// Owner and privilege changes: one change per object whose owner, grants or revokes differ, and one
// per object that is created or created again with privileges other than those it starts with.
import type {
  Aggregate,
  DefaultPrivilegeObjects,
  DefaultPrivileges,
  Grant,
  Model,
  Routine,
} from '../../model/model-schema.ts';
import {
  canonicalDefaultPrivileges,
  canonicalGrants,
  canonicalRevokes,
} from '../../model/canonicalize-access.ts';
import { aggregateName } from '../../dialects/postgres/ddl/code-objects.ts';
import {
  aggregateIdentity,
  identityTypes,
  routineName,
  routineSignature,
} from '../../dialects/postgres/ddl/routine.ts';
import { quoteIdent, quoteQualified } from '../../dialects/postgres/quote.ts';
import { sortedKeys } from '../../dialects/postgres/ddl/compare-text.ts';
import {
  accessTargets,
  defaultPrivilegeTargets,
  type AccessTarget,
} from '../../dialects/postgres/ddl/access.ts';
import type { AccessChange, AccessProperties, Change } from '../changes.ts';

function targetsOf(model: Model): Map<string, AccessTarget> {
  const schemas = sortedKeys(model.schemas).map((name) => ({ name, schema: model.schemas?.[name] ?? {} }));
  // Event triggers have an owner and no privileges.
  const eventTriggers = sortedKeys(model.eventTriggers).map((name) => ({
    alter: `EVENT TRIGGER ${quoteIdent(name)}`,
    grant: '',
    access: { owner: model.eventTriggers?.[name]?.owner },
  }));
  return new Map(
    [...accessTargets(schemas), ...eventTriggers, ...defaultPrivilegeTargets(model)].map((target) => [
      target.alter,
      target,
    ]),
  );
}

function properties(target: AccessTarget | undefined): AccessProperties {
  const result: AccessProperties = {};
  if (target?.access.owner !== undefined) result.owner = target.access.owner;
  if (target?.access.grants !== undefined) result.grants = target.access.grants;
  if (target?.access.revokes !== undefined) result.revokes = target.access.revokes;
  return result;
}

/**
 * The target side's owner and privileges. A target that names no owner keeps the object's owner: a
 * model that says nothing about owners (one written by hand, compared with a dump full of OWNER TO
 * lines) changes no owner, and an object created again gets its owner back.
 */
function targetProperties(target: AccessTarget | undefined, from: AccessProperties | undefined) {
  const result = properties(target);
  if (result.owner === undefined && from?.owner !== undefined) result.owner = from.owner;
  return result;
}

function sameAccess(a: AccessProperties, b: AccessProperties): boolean {
  return (['owner', 'grants', 'revokes'] as const).every(
    (p) => JSON.stringify(a[p]) === JSON.stringify(b[p]),
  );
}

/** The runner's own default privileges (no FOR ROLE) of a model, by class and schema ('' database-wide). */
function runnerDefaults(model: Model): Map<string, DefaultPrivileges> {
  const result = new Map<string, DefaultPrivileges>();
  const add = (entries: readonly DefaultPrivileges[] | undefined, schema: string) => {
    for (const entry of canonicalDefaultPrivileges(entries, schema === '') ?? [])
      if (entry.forRole === undefined) result.set(`${entry.on}\u0001${schema}`, entry);
  };
  add(model.defaultPrivileges, '');
  for (const name of sortedKeys(model.schemas)) add(model.schemas?.[name]?.defaultPrivileges, name);
  return result;
}

/** Each privilege of the grants on its own, as a key. */
function grantAtoms(grants: readonly Grant[] | undefined): Map<string, Grant> {
  const atoms = new Map<string, Grant>();
  for (const grant of grants ?? [])
    for (const privilege of grant.privileges) {
      const atom: Grant = { ...grant, privileges: [privilege] };
      atoms.set(JSON.stringify([grant.role, privilege, grant.columns, grant.withGrantOption === true]), atom);
    }
  return atoms;
}

/**
 * What an object the plan creates starts with, from the default privileges in force while objects
 * are created: the plan takes default grants away before it creates anything and gives new ones
 * after, so a default grant is in force when both sides have it; new default revokes come first and
 * removed ones are restored last, so a default revoke is in force when either side has it. A
 * database-wide entry replaces PostgreSQL's built-in privileges; a schema's entry adds grants.
 */
function initialAccess(before: Model, after: Model) {
  const old = runnerDefaults(before);
  const now = runnerDefaults(after);
  // One answer per class and schema, however many objects ask.
  const known = new Map<string, AccessProperties>();
  return (on: DefaultPrivilegeObjects, schema: string | undefined): AccessProperties => {
    const id = `${on}\u0001${schema ?? ''}`;
    const seen = known.get(id);
    if (seen !== undefined) return seen;
    const grants: Grant[] = [];
    const revokes = [];
    for (const scope of schema === undefined ? [''] : ['', schema]) {
      const key = `${on}\u0001${scope}`;
      const mine = grantAtoms(old.get(key)?.grants);
      for (const [atom, grant] of grantAtoms(now.get(key)?.grants)) if (mine.has(atom)) grants.push(grant);
      revokes.push(...(old.get(key)?.revokes ?? []), ...(now.get(key)?.revokes ?? []));
    }
    const result: AccessProperties = {};
    const canonical = { grants: canonicalGrants(grants), revokes: canonicalRevokes(revokes) };
    if (canonical.grants !== undefined) result.grants = canonical.grants;
    if (canonical.revokes !== undefined) result.revokes = canonical.revokes;
    known.set(id, result);
    return result;
  };
}

/**
 * Access changes between the models, for objects on either side. `recreated` holds the ALTER names
 * (`VIEW s.v`) of objects the plan drops and creates again (`recreatedReverse`: its reverse does):
 * like an object that is created, they start from the default privileges in force (`initial`) and
 * get whatever differs from the target's.
 */
export function diffAccess(
  before: Model,
  after: Model,
  recreated: ReadonlySet<string>,
  recreatedReverse: ReadonlySet<string>,
): Change[] {
  const old = targetsOf(before);
  const now = targetsOf(after);
  const changes: Change[] = [];
  const schemaOf = (alter: string) => /^SCHEMA (.*)$/.exec(alter)?.[1] ?? '';
  const startsWith = initialAccess(before, after);
  for (const alter of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const from = old.has(alter) ? properties(old.get(alter)) : undefined;
    const to = now.has(alter) ? targetProperties(now.get(alter), from) : undefined;
    const target = (now.get(alter) ?? old.get(alter)) as AccessTarget;
    const initial =
      target.createdAs === undefined ? {} : startsWith(target.createdAs.on, target.createdAs.schema);
    const changed = (['owner', 'grants', 'revokes'] as const).filter(
      (p) => JSON.stringify(from?.[p]) !== JSON.stringify(to?.[p]),
    );
    // An object created (in either direction) needs a change when it should differ from its start.
    const needed =
      (to !== undefined && (from === undefined || recreated.has(alter)) && !sameAccess(to, initial)) ||
      (from !== undefined &&
        (to === undefined || recreatedReverse.has(alter)) &&
        !sameAccess(from, initial)) ||
      (from !== undefined && to !== undefined && changed.length > 0);
    if (!needed) continue;
    const change: AccessChange = {
      kind: 'access',
      action: 'alter',
      key: { schema: schemaOf(alter), name: alter },
      changed: [...changed],
      target: {
        alter,
        grant: target.grant,
        ...(target.prefix === undefined ? {} : { prefix: target.prefix }),
      },
      recreated: recreated.has(alter),
      recreatedReverse: recreatedReverse.has(alter),
    };
    if (initial.grants !== undefined || initial.revokes !== undefined) change.initial = initial;
    if (from !== undefined) change.before = from;
    if (to !== undefined) change.after = to;
    changes.push(change);
  }
  return changes;
}

/** The ALTER name of an object that a code-object change is about (see ddl/access.ts). */
export function accessName(change: Change): string | undefined {
  const { schema, name } = change.key;
  const value = change.after ?? change.before;
  switch (change.kind) {
    case 'domain':
      return `DOMAIN ${quoteQualified(schema, name)}`;
    case 'view':
      return `VIEW ${quoteQualified(schema, name)}`;
    case 'materializedView':
      return `MATERIALIZED VIEW ${quoteQualified(schema, name)}`;
    case 'function':
    case 'procedure': {
      const types = identityTypes(change.kind, (value as Routine | undefined)?.arguments);
      const kind = change.kind === 'function' ? 'FUNCTION' : 'PROCEDURE';
      return `${kind} ${routineSignature(schema, routineName(name, types) ?? name, types)}`;
    }
    case 'aggregate': {
      const aggregate = value as Aggregate;
      return `AGGREGATE ${quoteQualified(schema, aggregateName(name, aggregate))}(${aggregateIdentity(aggregate)})`;
    }
    default:
      return undefined;
  }
}
