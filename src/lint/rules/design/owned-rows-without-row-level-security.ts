import { analyzeModel } from '../../model/analysis.ts';
import { listOption } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

export const ownedRowsWithoutRowLevelSecurity: ModelRule = {
  kind: 'model',
  code: 'owned-rows-without-row-level-security',
  category: 'security',
  severity: 'info',
  summary: 'Tables of tenant- or user-owned rows (tenant_id, owner_id, user_id) enable row-level security.',
  rationale:
    "When every query must filter by tenant or owner, one forgotten WHERE leaks another customer's data. Row-level security makes the database add the filter (USING tenant_id = current_setting('app.tenant_id')::bigint) to every query, so the application cannot forget it. Projects that authorise in the application only should say so with a suppression.",
  fix: 'Add `rowSecurity: true` (and `forceRowSecurity: true`) with a policy on the owner column.',
  examples: {
    bad: `schemas:
  public:
    tables:
      documents:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: tenant_id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      documents:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: tenant_id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
        rowSecurity: true
        forceRowSecurity: true
        policies:
          - name: documents_tenant
            using: "tenant_id = current_setting('app.tenant_id')::bigint"
`,
  },
  options: {
    columns: {
      description: 'Columns that say which tenant or user owns a row.',
      default: ['tenant_id', 'organization_id', 'org_id', 'owner_id', 'user_id'],
    },
  },
  related: ['schemalint: row-level-security'],
  check(context) {
    const owners = listOption(context, 'columns');
    for (const table of analyzeModel(context.model).tables) {
      if (table.table.rowSecurity === true) continue;
      const owner = owners.find((name) => table.columnsByName.has(name));
      if (owner === undefined) continue;
      context.report({
        message: `table ${table.object} holds rows owned by ${owner} but does not enable row-level security`,
        path: table.path,
        object: table.object,
        fix: `rowSecurity: true, forceRowSecurity: true, policies: [{ name: ${table.name}_${owner.replace(/_id$/, '')}, using: "${owner} = ..." }]`,
      });
    }
  },
};
