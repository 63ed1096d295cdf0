import { ownEntry, sortedEntries } from '../../../model/model-path.ts';
import { relationsRead } from '../../model/query-patterns.ts';
import type { ModelRule } from '../../rule.ts';

export const viewWithoutSecurityInvoker: ModelRule = {
  kind: 'model',
  code: 'view-without-security-invoker',
  category: 'security',
  severity: 'warning',
  summary: 'Views over tables with row-level security run as the caller (security_invoker, PostgreSQL 15+).',
  rationale:
    "A view reads its tables with the rights of the view's owner, and the owner of a table is not subject to its policies (unless they are forced): every caller of the view sees every row, and the row-level security of the table is bypassed. security_invoker makes the view check the caller.",
  fix: 'Add `securityInvoker: true` to the view.',
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
        policies:
          - { name: notes_owner, using: owner_name = current_user }
    views:
      my_notes:
        definition: SELECT id, owner_name FROM notes
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
    views:
      my_notes:
        definition: SELECT id, owner_name FROM notes
        securityInvoker: true
`,
  },
  check(context) {
    if (context.targetVersion < 15) return;
    const model = context.model;
    for (const [schemaName, schema] of sortedEntries(model.schemas)) {
      for (const [viewName, view] of sortedEntries(schema.views)) {
        if (view.securityInvoker === true) continue;
        const protectedTables = relationsRead(view.definition, 'public').filter(
          ({ schema: s, table }) => ownEntry(ownEntry(model.schemas, s)?.tables, table)?.rowSecurity === true,
        );
        if (protectedTables.length === 0) continue;
        const names = [...new Set(protectedTables.map(({ schema: s, table }) => `${s}.${table}`))];
        context.report({
          message: `view ${schemaName}.${viewName} reads ${names.join(', ')}, which ${names.length > 1 ? 'use' : 'uses'} row-level security, as its owner`,
          path: ['schemas', schemaName, 'views', viewName],
          object: `${schemaName}.${viewName}`,
        });
      }
    }
  },
};
