// Owner and privilege changes: one change per object whose owner, grants or revokes differ, and one
// per object that is created or created again and has any (its privileges start from the defaults).
import type { Aggregate, Model, Routine } from '../../model/model-schema.ts';
import { aggregateName } from '../../dialects/postgres/ddl/code-objects.ts';
import {
  aggregateIdentity,
  identityTypes,
  routineName,
  routineSignature,
} from '../../dialects/postgres/ddl/routine.ts';
import { quoteQualified } from '../../dialects/postgres/quote.ts';
import { sortedKeys } from '../../dialects/postgres/ddl/compare-text.ts';
import {
  accessTargets,
  defaultPrivilegeTargets,
  type AccessTarget,
} from '../../dialects/postgres/ddl/access.ts';
import type { AccessChange, AccessProperties, Change } from '../changes.ts';

function targetsOf(model: Model): Map<string, AccessTarget> {
  const schemas = sortedKeys(model.schemas).map((name) => ({ name, schema: model.schemas?.[name] ?? {} }));
  return new Map(
    [...accessTargets(schemas), ...defaultPrivilegeTargets(model)].map((target) => [target.alter, target]),
  );
}

function properties(target: AccessTarget | undefined): AccessProperties {
  const result: AccessProperties = {};
  if (target?.access.owner !== undefined) result.owner = target.access.owner;
  if (target?.access.grants !== undefined) result.grants = target.access.grants;
  if (target?.access.revokes !== undefined) result.revokes = target.access.revokes;
  return result;
}

function isEmpty(access: AccessProperties): boolean {
  return access.owner === undefined && access.grants === undefined && access.revokes === undefined;
}

/**
 * Access changes between the models, for objects on either side. `recreated` holds the ALTER names
 * (`VIEW s.v`) of objects the plan drops and creates again (`recreatedReverse`: its reverse does):
 * they lose their privileges, so they get all of the target's; so does an object that is created.
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
  for (const alter of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const from = old.has(alter) ? properties(old.get(alter)) : undefined;
    const to = now.has(alter) ? properties(now.get(alter)) : undefined;
    const again = recreated.has(alter) || recreatedReverse.has(alter);
    const changed = (['owner', 'grants', 'revokes'] as const).filter(
      (p) => JSON.stringify(from?.[p]) !== JSON.stringify(to?.[p]),
    );
    // An object created (in either direction) needs its access only when it has any.
    const needed =
      (from === undefined || again ? !isEmpty(to ?? {}) : false) ||
      (to === undefined || again ? !isEmpty(from ?? {}) : false) ||
      (from !== undefined && to !== undefined && changed.length > 0);
    if (!needed) continue;
    const target = (now.get(alter) ?? old.get(alter)) as AccessTarget;
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
