import { analyzeModel } from '../../model/analysis.ts';
import { sortedEntries } from '../../../model/model-path.ts';
import type { ModelRule } from '../../rule.ts';

export const roleBypassesRowSecurity: ModelRule = {
  kind: 'model',
  code: 'role-bypasses-row-security',
  category: 'security',
  severity: 'info',
  summary: 'Where tables use row-level security, login roles do not bypass it (BYPASSRLS or superuser).',
  rationale:
    'Superusers and roles with BYPASSRLS ignore every policy. When an application logs in as such a role, the row-level security in the model protects nothing; keep them for administration and migrations.',
  fix: 'Remove `bypassRowSecurity` / `superuser` from login roles that applications use.',
  examples: {
    bad: `roles:
  app: { login: true, bypassRowSecurity: true }
schemas:
  public:
    tables:
      notes:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: owner_name, type: text, notNull: true }
        primaryKey: { columns: [id] }
        rowSecurity: true
        policies:
          - { name: notes_owner, using: owner_name = current_user }
`,
    good: `roles:
  app: { login: true }
schemas:
  public:
    tables:
      notes:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: owner_name, type: text, notNull: true }
        primaryKey: { columns: [id] }
        rowSecurity: true
        policies:
          - { name: notes_owner, using: owner_name = current_user }
`,
  },
  check(context) {
    if (!analyzeModel(context.model).tables.some((table) => table.table.rowSecurity === true)) return;
    for (const [name, role] of sortedEntries(context.model.roles)) {
      if (role.login !== true || (role.bypassRowSecurity !== true && role.superuser !== true)) continue;
      context.report({
        message: `login role ${name} ${role.superuser === true ? 'is a superuser' : 'has BYPASSRLS'} and ignores row-level security`,
        path: ['roles', name],
        object: name,
      });
    }
  },
};
