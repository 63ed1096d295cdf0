import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const onDeleteSetNullNotNullColumn: ModelRule = {
  kind: 'model',
  code: 'on-delete-set-null-not-null-column',
  category: 'design',
  severity: 'error',
  summary: 'ON DELETE SET NULL only on columns that may be NULL.',
  rationale:
    'When the referenced row is deleted, SET NULL writes NULL into the foreign key columns; on a NOT NULL column that fails, so the delete fails with a not-null violation instead of doing what the model says.',
  fix: 'Drop `notNull` from the column, or choose `onDelete: cascade` or `restrict`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      categories:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
      tasks:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: category_id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [category_id], references: { table: categories, columns: [id] }, onDelete: set null }
        indexes:
          - { columns: [category_id] }
`,
    good: `schemas:
  public:
    tables:
      categories:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
      tasks:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: category_id, type: bigint, description: Cleared when the category is deleted. }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [category_id], references: { table: categories, columns: [id] }, onDelete: set null }
        indexes:
          - { columns: [category_id] }
`,
  },
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const fk of table.foreignKeys) {
        if (fk.fk.onDelete !== 'set null') continue;
        for (const name of fk.fk.onDeleteColumns ?? fk.fk.columns) {
          const column = table.columnsByName.get(name);
          if (!column?.notNull) continue;
          context.report({
            message: `foreign key ${fk.name} of ${table.object} sets ${name} to NULL on delete, but ${column.object} is NOT NULL`,
            path: fk.path,
            object: column.object,
          });
        }
      }
    }
  },
};
