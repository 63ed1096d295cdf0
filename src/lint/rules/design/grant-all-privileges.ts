import { sortedEntries } from '../../../model/model-path.ts';
import type { Grant } from '../../../model/model-schema.ts';
import type { ModelRule } from '../../rule.ts';

export const grantAllPrivileges: ModelRule = {
  kind: 'model',
  code: 'grant-all-privileges',
  category: 'security',
  severity: 'info',
  summary: 'Grants name the privileges a role needs, not ALL.',
  rationale:
    'ALL on a table includes TRUNCATE, REFERENCES and TRIGGER, which applications rarely need and which let a compromised role destroy data or attach code; ALL also grows with new PostgreSQL privileges (MAINTAIN in 17). Naming the privileges keeps each role to what it uses.',
  fix: 'Replace `privileges: [all]` with the ones needed, e.g. `[select, insert, update, delete]`.',
  examples: {
    bad: `roles:
  app: {}
schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
        grants:
          - { role: app, privileges: [all] }
`,
    good: `roles:
  app: {}
schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
        grants:
          - { role: app, privileges: [select, insert, update, delete] }
`,
  },
  check(context) {
    for (const [schemaName, schema] of sortedEntries(context.model.schemas)) {
      for (const key of ['tables', 'views', 'materializedViews', 'sequences'] as const) {
        for (const [name, object] of sortedEntries(
          schema[key] as Readonly<Record<string, { grants?: Grant[] }>> | undefined,
        )) {
          (object.grants ?? []).forEach((grant, i) => {
            if (!grant.privileges.includes('all') || grant.role.toUpperCase() === 'CURRENT_USER') return;
            context.report({
              message: `${schemaName}.${name} grants ALL privileges to ${grant.role}`,
              path: ['schemas', schemaName, key, name, 'grants', i],
              object: `${schemaName}.${name}`,
            });
          });
        }
      }
    }
  },
};
