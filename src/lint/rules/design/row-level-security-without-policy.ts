import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const rowLevelSecurityWithoutPolicy: ModelRule = {
  kind: 'model',
  code: 'row-level-security-without-policy',
  category: 'security',
  severity: 'warning',
  summary: 'A table that enables row-level security has policies.',
  rationale:
    'With row-level security on and no policy, every role except the owner (and roles that bypass it) sees no rows and can write none: default deny. That is sometimes a deliberate lock-down, more often policies that were forgotten or live outside the model.',
  fix: 'Add the `policies` the table needs, or say in the table description that it is locked on purpose.',
  examples: {
    bad: `schemas:
  public:
    tables:
      notes:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: owner_name, type: text, notNull: true }
        primaryKey: { columns: [id] }
        rowSecurity: true
`,
    good: `schemas:
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
    for (const table of analyzeModel(context.model).tables) {
      if (table.table.rowSecurity !== true || (table.table.policies ?? []).length > 0) continue;
      context.report({
        message: `table ${table.object} enables row-level security but has no policies: only its owner sees rows`,
        path: [...table.path, 'rowSecurity'],
        object: table.object,
      });
    }
  },
};
