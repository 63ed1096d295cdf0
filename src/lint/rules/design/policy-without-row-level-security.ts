import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const policyWithoutRowLevelSecurity: ModelRule = {
  kind: 'model',
  code: 'policy-without-row-level-security',
  category: 'security',
  severity: 'error',
  summary: 'A table with policies enables row-level security.',
  rationale:
    'Policies do nothing until ALTER TABLE ... ENABLE ROW LEVEL SECURITY: the model reads as if rows were protected while every role with a grant sees every row.',
  fix: 'Add `rowSecurity: true` to the table.',
  examples: {
    bad: `schemas:
  public:
    tables:
      notes:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: owner_name, type: text, notNull: true }
        primaryKey: { columns: [id] }
        policies:
          - { name: notes_owner, using: owner_name = current_user }
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
      if ((table.table.policies ?? []).length === 0 || table.table.rowSecurity === true) continue;
      context.report({
        message: `table ${table.object} has policies but row-level security is not enabled, so they do not apply`,
        path: [...table.path, 'policies'],
        object: table.object,
      });
    }
  },
};
