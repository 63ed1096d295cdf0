import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const tableWithoutRowLevelSecurity: ModelRule = {
  kind: 'model',
  code: 'table-without-row-level-security',
  category: 'security',
  severity: 'warning',
  optIn: true,
  summary: 'Projects that enforce row-level security everywhere: every table enables it (and forces it).',
  rationale:
    'With row-level security on every table, a query can only see the rows its policies allow, whatever the application forgets; FORCE applies the policies to the table owner too, which is the role applications often connect as.',
  fix: 'Add `rowSecurity: true`, `forceRowSecurity: true` and the `policies` the table needs.',
  examples: {
    bad: `schemas:
  public:
    tables:
      notes:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: owner_name, type: text, notNull: true }
        primaryKey: { columns: [id] }
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
        forceRowSecurity: true
        policies:
          - { name: notes_owner, using: owner_name = current_user }
`,
  },
  options: { force: { description: 'Also require FORCE ROW LEVEL SECURITY.', default: true } },
  related: ['schemalint: row-level-security'],
  check(context) {
    const force = context.option('force') === true;
    for (const table of analyzeModel(context.model).tables) {
      const enabled = table.table.rowSecurity === true;
      const forced = table.table.forceRowSecurity === true;
      if (enabled && (forced || !force)) continue;
      context.report({
        message: enabled
          ? `table ${table.object} enables row-level security but does not force it`
          : `table ${table.object} does not enable row-level security`,
        path: table.path,
        object: table.object,
        fix: enabled
          ? 'forceRowSecurity: true'
          : `rowSecurity: true${force ? ', forceRowSecurity: true' : ''}, and policies`,
      });
    }
  },
};
