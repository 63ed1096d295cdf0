import { sortedEntries } from '../../../model/model-path.ts';
import type { Grant } from '../../../model/model-schema.ts';
import type { ModelRule } from '../../rule.ts';

const isPublic = (role: string) => role.toUpperCase() === 'PUBLIC';

export const grantToPublic: ModelRule = {
  kind: 'model',
  code: 'grant-to-public',
  category: 'security',
  severity: 'warning',
  summary: 'Privileges go to named roles, not to PUBLIC.',
  rationale:
    'PUBLIC is every role, including roles created later for other applications, reporting tools and people. Least privilege means granting to the roles that need access (usually a group role the login roles are members of).',
  fix: 'Replace `role: PUBLIC` with the group role that needs the privilege.',
  examples: {
    bad: `schemas:
  public:
    tables:
      prices:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
        grants:
          - { role: PUBLIC, privileges: [select] }
`,
    good: `roles:
  reporting: {}
schemas:
  public:
    tables:
      prices:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
        grants:
          - { role: reporting, privileges: [select] }
`,
  },
  check(context) {
    const model = context.model;
    const report = (
      grants: readonly Pick<Grant, 'role' | 'privileges'>[] | undefined,
      path: (string | number)[],
      what: string,
    ) =>
      (grants ?? []).forEach((grant, i) => {
        if (!isPublic(grant.role)) return;
        context.report({
          message: `${what} grants ${grant.privileges.join(', ')} to PUBLIC`,
          path: [...path, 'grants', i],
          object: what.replace(/^\S+ /, ''),
        });
      });
    (model.defaultPrivileges ?? []).forEach((entry, i) =>
      report(entry.grants, ['defaultPrivileges', i], `default privileges on ${entry.on}`),
    );
    for (const [schemaName, schema] of sortedEntries(model.schemas)) {
      const schemaPath = ['schemas', schemaName];
      report(schema.grants, schemaPath, `schema ${schemaName}`);
      (schema.defaultPrivileges ?? []).forEach((entry, i) =>
        report(
          entry.grants,
          [...schemaPath, 'defaultPrivileges', i],
          `default privileges in ${schemaName} on ${entry.on}`,
        ),
      );
      const kinds = [
        ['tables', 'table'],
        ['views', 'view'],
        ['materializedViews', 'materialized view'],
        ['sequences', 'sequence'],
        ['functions', 'function'],
        ['procedures', 'procedure'],
        ['enums', 'type'],
        ['domains', 'domain'],
      ] as const;
      for (const [key, label] of kinds) {
        for (const [name, object] of sortedEntries(
          schema[key] as Readonly<Record<string, { grants?: Grant[] }>> | undefined,
        ))
          report(object.grants, [...schemaPath, key, name], `${label} ${schemaName}.${name}`);
      }
    }
  },
};
