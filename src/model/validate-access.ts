// Checks of owners and privileges: each privilege must exist for its object kind, and a column
// privilege must name columns of the table or view. Default privileges: the privilege must exist for
// the object class; in a schema only grants take effect and ON SCHEMAS is not allowed.
import type { Diagnostic } from './diagnostics.ts';
import type { DefaultPrivileges, Grant, Model, Privilege, Revoke } from './model-schema.ts';
import { sortedEntries, type Locate, type ModelPath, errorCollector } from './model-path.ts';
import { withInheritedColumns } from './validate-partitions.ts';
import { SERIAL_TYPES } from '../dialects/postgres/builtin-types.ts';

const TABLE_PRIVILEGES: readonly Privilege[] = [
  'select',
  'insert',
  'update',
  'delete',
  'truncate',
  'references',
  'trigger',
  'maintain',
];
const COLUMN_PRIVILEGES: readonly Privilege[] = ['select', 'insert', 'update', 'references'];

/** What GRANT accepts for each kind of object (PostgreSQL 17 adds maintain). */
const PRIVILEGES_OF = {
  schemas: ['usage', 'create'],
  enums: ['usage'],
  domains: ['usage'],
  sequences: ['usage', 'select', 'update'],
  tables: TABLE_PRIVILEGES,
  views: TABLE_PRIVILEGES,
  materializedViews: TABLE_PRIVILEGES,
  functions: ['execute'],
  procedures: ['execute'],
  aggregates: ['execute'],
  routines: ['execute'],
  types: ['usage'],
} as const satisfies Record<string, readonly Privilege[]>;

type ObjectKind = Exclude<keyof typeof PRIVILEGES_OF, 'schemas' | 'routines' | 'types'>;
const OBJECT_KINDS = Object.keys(PRIVILEGES_OF).filter(
  (k) => k !== 'schemas' && k !== 'routines' && k !== 'types',
) as ObjectKind[];

const KIND_NAMES: Record<keyof typeof PRIVILEGES_OF, string> = {
  schemas: 'a schema',
  enums: 'an enum',
  domains: 'a domain',
  sequences: 'a sequence',
  tables: 'a table',
  views: 'a view',
  materializedViews: 'a materialized view',
  functions: 'a function',
  procedures: 'a procedure',
  aggregates: 'an aggregate',
  routines: 'a routine',
  types: 'a type',
};

interface WithAccess {
  grants?: Grant[] | undefined;
  revokes?: Revoke[] | undefined;
  columns?: readonly { name: string }[];
  definition?: string;
}

export function validateAccess(model: Model, locate?: Locate): Diagnostic[] {
  const { diagnostics, report } = errorCollector(locate);
  const check = (kind: keyof typeof PRIVILEGES_OF, path: ModelPath, object: string, target: WithAccess) => {
    if (target.grants === undefined && target.revokes === undefined) return;
    const allowed: readonly Privilege[] = PRIVILEGES_OF[kind];
    const lists = [
      ['grants', target.grants ?? []],
      ['revokes', target.revokes ?? []],
    ] as const;
    for (const [list, entries] of lists) {
      entries.forEach((entry: Grant | Revoke, i) => {
        const columns = 'columns' in entry ? entry.columns : undefined;
        const valid = columns === undefined ? allowed : COLUMN_PRIVILEGES;
        entry.privileges.forEach((privilege, j) => {
          if (privilege === 'all' || valid.includes(privilege)) return;
          report(
            'unknown-privilege',
            [...path, list, i, 'privileges', j],
            object,
            `${object}: ${privilege} is not a privilege of ${columns === undefined ? KIND_NAMES[kind] : 'a column'}`,
            `use one of ${valid.join(', ')}`,
          );
        });
        if (columns === undefined) return;
        if (kind !== 'tables' && kind !== 'views' && kind !== 'materializedViews') {
          report(
            'unexpected-grant-columns',
            [...path, list, i, 'columns'],
            object,
            `${object}: column privileges exist only on tables and views`,
            'remove columns',
          );
          return;
        }
        // A view's columns are known only once PostgreSQL has planned its query.
        if (target.columns === undefined) return;
        const known = new Set(target.columns.map((c) => c.name));
        columns.forEach((column, j) => {
          if (known.has(column)) return;
          report(
            'unknown-grant-column',
            [...path, list, i, 'columns', j],
            object,
            `${object}: grant on unknown column ${column}`,
            `the columns are ${[...known].join(', ') || '(none)'}`,
          );
        });
      });
    }
  };
  const checkDefaults = (
    entries: readonly DefaultPrivileges[] | undefined,
    path: ModelPath,
    schema?: string,
  ) => {
    const where = schema === undefined ? 'default privileges' : `default privileges in schema ${schema}`;
    (entries ?? []).forEach((entry, i) => {
      const object = `${where} on ${entry.on}${entry.forRole === undefined ? '' : ` for role ${entry.forRole}`}`;
      check(entry.on, [...path, i], object, entry);
      if (entry.forRole === 'PUBLIC')
        report(
          'invalid-default-privileges-role',
          [...path, i, 'forRole'],
          object,
          `${object}: PUBLIC creates no objects`,
          'name a role, or leave forRole out for the role that runs the DDL',
        );
      if (schema === undefined) return;
      if (entry.on === 'schemas')
        report(
          'default-privileges-on-schemas-in-schema',
          [...path, i, 'on'],
          object,
          `${object}: privileges on new schemas cannot be set in a schema`,
          'move the entry to the top-level defaultPrivileges',
        );
      if (entry.revokes !== undefined && entry.revokes.length > 0)
        report(
          'ineffective-default-revoke',
          [...path, i, 'revokes'],
          object,
          `${object}: a revoke in a schema takes nothing away (schema entries only add to the database-wide ones)`,
          'revoke in the top-level defaultPrivileges, which apply to every schema',
        );
    });
  };
  checkDefaults(model.defaultPrivileges, ['defaultPrivileges']);
  for (const [schemaName, schema] of sortedEntries(model.schemas))
    checkDefaults(schema.defaultPrivileges, ['schemas', schemaName, 'defaultPrivileges'], schemaName);
  const expanded = withInheritedColumns(model);
  for (const [schemaName, schema] of sortedEntries(expanded.schemas)) {
    check('schemas', ['schemas', schemaName], schemaName, schema);
    for (const kind of OBJECT_KINDS) {
      for (const [name, object] of sortedEntries(schema[kind] as Record<string, WithAccess> | undefined)) {
        // Most objects have no privileges of their own; their path is not even made.
        if (object.grants === undefined && object.revokes === undefined) continue;
        check(kind, ['schemas', schemaName, kind, name], `${schemaName}.${name}`, object);
      }
    }
    for (const [tableName, table] of sortedEntries(schema.tables)) {
      if (table.sequencePrivileges === undefined) continue;
      for (const [column, privileges] of sortedEntries(table.sequencePrivileges)) {
        const path = ['schemas', schemaName, 'tables', tableName, 'sequencePrivileges', column];
        const object = `${schemaName}.${tableName}.${column}`;
        check('sequences', path, object, privileges);
        const definition = table.columns.find((c) => c.name === column);
        if (definition?.identity !== undefined || Object.hasOwn(SERIAL_TYPES, definition?.type ?? ''))
          continue;
        report(
          'unknown-column',
          path,
          object,
          `sequencePrivileges of ${schemaName}.${tableName} name ${column}, which is not a serial or identity column of the table`,
          'key sequencePrivileges by a serial or identity column',
        );
      }
    }
  }
  return diagnostics;
}
