import { analyzeModel, type ForeignKeyInfo } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const duplicateForeignKey: ModelRule = {
  kind: 'model',
  code: 'duplicate-foreign-key',
  category: 'design',
  severity: 'warning',
  summary: 'No two foreign keys on the same columns to the same target.',
  rationale:
    'A repeated foreign key checks every insert and update twice and fires its triggers twice, for no extra integrity; when the two differ in their actions, which one wins on delete is confusing. It usually comes from a migration that added the constraint again under another name.',
  fix: 'Remove one of the two foreign keys.',
  examples: {
    bad: `schemas:
  public:
    tables:
      clients:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: client_id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { name: fk_accounts_client, columns: [client_id], references: { table: clients, columns: [id] }, onDelete: cascade }
          - { name: fk_accounts_client_again, columns: [client_id], references: { table: clients, columns: [id] }, onDelete: cascade }
        indexes:
          - { columns: [client_id] }
`,
    good: `schemas:
  public:
    tables:
      clients:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: client_id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { name: fk_accounts_client, columns: [client_id], references: { table: clients, columns: [id] }, onDelete: cascade }
        indexes:
          - { columns: [client_id] }
`,
  },
  related: ['pg-index-health: duplicated_foreign_keys'],
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      const seen = new Map<string, ForeignKeyInfo>();
      for (const fk of table.foreignKeys) {
        const key = JSON.stringify([
          fk.fk.columns,
          fk.targetSchema,
          fk.targetTable,
          fk.fk.references.columns,
        ]);
        const first = seen.get(key);
        if (!first) {
          seen.set(key, fk);
          continue;
        }
        context.report({
          message: `foreign key ${fk.name} of ${table.object} repeats ${first.name} (${fk.fk.columns.join(', ')} to ${fk.targetSchema}.${fk.targetTable})`,
          path: fk.path,
          object: `${table.object}.${fk.name}`,
          fix: `remove foreign key ${fk.name}`,
        });
      }
    }
  },
};
