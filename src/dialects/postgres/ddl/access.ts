// Owners, privileges and roles. Owners and privileges come after every object exists, as in pg_dump:
// ALTER ... OWNER TO first (it carries the default privileges over to the new owner), then the
// revokes of defaults, then the grants. Default privileges come last of all, as pg_dump puts them:
// they are for objects created later, and the model's own objects carry their privileges explicitly.
import { canonicalDefaultPrivileges } from '../../../model/canonicalize-access.ts';
import { isSerialType } from '../../../model/canonicalize.ts';
import type {
  DefaultPrivilegeObjects,
  DefaultPrivileges,
  Grant,
  Model,
  Revoke,
  Role,
  SchemaDef,
} from '../../../model/model-schema.ts';
import { sortedKeys } from './compare-text.ts';
import { aggregateName, routineEntries, type SchemaEntry } from './code-objects.ts';
import { renderComment } from './comments.ts';
import { aggregateIdentity, routineSignature } from './routine.ts';
import { quoteIdent, quoteQualified } from '../quote.ts';
import { makeObjectName } from '../inspect/object-names.ts';

export interface Access {
  owner?: string | undefined;
  grants?: Grant[] | undefined;
  revokes?: Revoke[] | undefined;
}

export interface AccessTarget {
  /** The object as ALTER ... OWNER TO names it, e.g. `VIEW s.v`. */
  alter: string;
  /** The object as GRANT ... ON names it, e.g. `TABLE s.v`. */
  grant: string;
  access: Access;
  /** Default privileges: what starts each GRANT and REVOKE (`ALTER DEFAULT PRIVILEGES ... `). */
  prefix?: string;
  /**
   * An object: the class of default privileges it is created under (`tables` for views too) and the
   * schema whose IN SCHEMA entries apply (none for a schema itself).
   */
  createdAs?: { on: DefaultPrivilegeObjects; schema?: string };
}

/** PUBLIC is the pseudo-role of every role, CURRENT_USER the role running the DDL; others are identifiers. */
export function roleSql(role: string): string {
  return role === 'PUBLIC' || role === 'CURRENT_USER' ? role : quoteIdent(role);
}

function relationTargets(
  schema: string,
  objects: Readonly<Record<string, Access>> | undefined,
  alterKind: string,
  grantKind: string,
  on: DefaultPrivilegeObjects,
): AccessTarget[] {
  return sortedKeys(objects).map((name) => {
    const qualified = quoteQualified(schema, name);
    return {
      alter: `${alterKind} ${qualified}`,
      grant: `${grantKind} ${qualified}`,
      access: objects?.[name] ?? {},
      createdAs: { on, schema },
    };
  });
}

/**
 * The sequences of serial and identity columns, each with the privileges the model gives it (none
 * when it has no sequencePrivileges entry), so privileges that go away from a sequence that stays
 * are revoked, as for any other object.
 */
function columnSequenceTargets(schema: string, definition: SchemaDef): AccessTarget[] {
  return sortedKeys(definition.tables).flatMap((tableName) => {
    const table = definition.tables?.[tableName];
    const owning = (table?.columns ?? [])
      .filter((c) => c.identity !== undefined || isSerialType(c.type))
      .map((c) => c.name);
    const columns = [...new Set([...owning, ...sortedKeys(table?.sequencePrivileges)])].sort();
    return columns.map((column) => {
      const identity = table?.columns.find((c) => c.name === column)?.identity;
      const sequence = quoteQualified(
        schema,
        identity?.sequenceName ?? makeObjectName(tableName, column, 'seq'),
      );
      const access = table?.sequencePrivileges?.[column] ?? {};
      return {
        alter: `SEQUENCE ${sequence}`,
        grant: `SEQUENCE ${sequence}`,
        access,
        createdAs: { on: 'sequences' as const, schema },
      };
    });
  });
}

/** Every object of the schemas that has an owner and privileges, as ALTER and GRANT name it. */
export function accessTargets(schemas: readonly SchemaEntry[]): AccessTarget[] {
  const list: AccessTarget[] = [];
  for (const { name: schema, schema: definition } of schemas) {
    const own = (s: SchemaDef): Access => ({ owner: s.owner, grants: s.grants, revokes: s.revokes });
    list.push({
      alter: `SCHEMA ${quoteIdent(schema)}`,
      grant: `SCHEMA ${quoteIdent(schema)}`,
      access: own(definition),
      createdAs: { on: 'schemas' },
    });
    list.push(...relationTargets(schema, definition.enums, 'TYPE', 'TYPE', 'types'));
    list.push(...relationTargets(schema, definition.domains, 'DOMAIN', 'DOMAIN', 'types'));
    list.push(...relationTargets(schema, definition.sequences, 'SEQUENCE', 'SEQUENCE', 'sequences'));
    list.push(...relationTargets(schema, definition.tables, 'TABLE', 'TABLE', 'tables'));
    list.push(...columnSequenceTargets(schema, definition));
    list.push(...relationTargets(schema, definition.views, 'VIEW', 'TABLE', 'tables'));
    list.push(
      ...relationTargets(schema, definition.materializedViews, 'MATERIALIZED VIEW', 'TABLE', 'tables'),
    );
  }
  for (const entry of routineEntries(schemas)) {
    const kind = entry.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION';
    const signature = routineSignature(entry.schema, entry.name, entry.types);
    list.push({
      alter: `${kind} ${signature}`,
      grant: `${kind} ${signature}`,
      access: entry.routine,
      createdAs: { on: 'functions', schema: entry.schema },
    });
  }
  for (const { name: schema, schema: definition } of schemas) {
    for (const key of sortedKeys(definition.aggregates)) {
      const aggregate = definition.aggregates?.[key];
      if (aggregate === undefined) continue;
      const identity = aggregateIdentity(aggregate);
      const name = quoteQualified(schema, aggregateName(key, aggregate));
      // GRANT names an aggregate as a function: all its argument types, without ORDER BY.
      const types = identity === '*' ? '' : identity.replace(/^ORDER BY /, '').replace(' ORDER BY ', ', ');
      list.push({
        alter: `AGGREGATE ${name}(${identity})`,
        grant: `FUNCTION ${name}(${types})`,
        access: aggregate,
        createdAs: { on: 'functions', schema },
      });
    }
  }
  return list;
}

/** A grant's privileges as GRANT and REVOKE list them, each with the grant's columns. */
export function grantedPrivileges(grant: Grant): string {
  const columns = grant.columns === undefined ? '' : ` (${grant.columns.map(quoteIdent).join(', ')})`;
  return grant.privileges.map((p) => `${p.toUpperCase()}${columns}`).join(', ');
}

export function renderGrant(target: string, grant: Grant, prefix = ''): string {
  const privileges = grantedPrivileges(grant);
  const option = grant.withGrantOption === true ? ' WITH GRANT OPTION' : '';
  return `${prefix}GRANT ${privileges} ON ${target} TO ${roleSql(grant.role)}${option};`;
}

export function renderRevoke(target: string, revoke: Revoke, prefix = ''): string {
  const privileges = revoke.privileges.map((p) => p.toUpperCase()).join(', ');
  return `${prefix}REVOKE ${privileges} ON ${target} FROM ${roleSql(revoke.role)};`;
}

/**
 * Default privileges as access targets, database-wide first, then each schema's: `alter` names the
 * entry (`DEFAULT PRIVILEGES FOR ROLE r IN SCHEMA s ON TABLES`), `grant` what it is on.
 */
export function defaultPrivilegeTargets(model: Model): AccessTarget[] {
  return [
    ...defaultTargets(model.defaultPrivileges),
    ...sortedKeys(model.schemas).flatMap((name) =>
      defaultTargets(model.schemas?.[name]?.defaultPrivileges, name),
    ),
  ];
}

function defaultTargets(entries: readonly DefaultPrivileges[] | undefined, schema?: string): AccessTarget[] {
  const inSchema = schema === undefined ? '' : ` IN SCHEMA ${quoteIdent(schema)}`;
  return (canonicalDefaultPrivileges(entries, schema === undefined) ?? []).map((entry) => {
    const forRole = entry.forRole === undefined ? '' : ` FOR ROLE ${quoteIdent(entry.forRole)}`;
    const on = entry.on.toUpperCase();
    return {
      alter: `DEFAULT PRIVILEGES${forRole}${inSchema} ON ${on}`,
      grant: on,
      prefix: `ALTER DEFAULT PRIVILEGES${forRole}${inSchema} `,
      access: { grants: entry.grants, revokes: entry.revokes },
    };
  });
}

/** ALTER DEFAULT PRIVILEGES, database-wide first, then each schema's. */
export function renderDefaultPrivileges(model: Model): string[] {
  return defaultPrivilegeTargets(model).flatMap(({ grant, access, prefix }) => [
    ...(access.revokes ?? []).map((revoke) => renderRevoke(grant, revoke, prefix)),
    ...(access.grants ?? []).map((g) => renderGrant(grant, g, prefix)),
  ]);
}

/** ALTER ... OWNER TO, REVOKE and GRANT for every object that has them. */
export function renderAccess(schemas: readonly SchemaEntry[]): string[] {
  const all = accessTargets(schemas);
  return [
    ...all.flatMap(({ alter, access }) =>
      access.owner === undefined ? [] : [`ALTER ${alter} OWNER TO ${quoteIdent(access.owner)};`],
    ),
    ...all.flatMap(({ grant, access }) => [
      ...(access.revokes ?? []).map((revoke) => renderRevoke(grant, revoke)),
      ...(access.grants ?? []).map((g) => renderGrant(grant, g)),
    ]),
  ];
}

const ROLE_OPTIONS: readonly [keyof Role, string, string][] = [
  ['superuser', 'SUPERUSER', 'NOSUPERUSER'],
  ['createDatabase', 'CREATEDB', 'NOCREATEDB'],
  ['createRole', 'CREATEROLE', 'NOCREATEROLE'],
  ['inherit', 'INHERIT', 'NOINHERIT'],
  ['login', 'LOGIN', 'NOLOGIN'],
  ['bypassRowSecurity', 'BYPASSRLS', 'NOBYPASSRLS'],
];

/** CREATE ROLE for the model's roles (only when asked: roles belong to the whole cluster). */
export function renderRoles(model: Model): string[] {
  const roles = model.roles ?? {};
  const names = sortedKeys(roles);
  const statements = names.map((name) => {
    const role = roles[name] ?? {};
    const options = ROLE_OPTIONS.flatMap(([key, yes, no]) =>
      role[key] === undefined ? [] : [role[key] === true ? yes : no],
    );
    return `CREATE ROLE ${quoteIdent(name)}${options.length > 0 ? ` WITH ${options.join(' ')}` : ''};`;
  });
  for (const name of names) {
    for (const group of roles[name]?.memberOf ?? [])
      statements.push(`GRANT ${quoteIdent(group)} TO ${quoteIdent(name)};`);
    statements.push(...renderComment(`ROLE ${quoteIdent(name)}`, roles[name]?.description));
  }
  return statements;
}
