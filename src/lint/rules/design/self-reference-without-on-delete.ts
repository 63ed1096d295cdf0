import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const selfReferenceWithoutOnDelete: ModelRule = {
  kind: 'model',
  code: 'self-reference-without-on-delete',
  category: 'design',
  severity: 'warning',
  summary:
    'A self-referencing foreign key (a tree) says how a parent is deleted: cascade, set null or set default.',
  rationale:
    'With NO ACTION or RESTRICT a row with children cannot be deleted, and deleting a subtree needs the application to delete leaves first, one level at a time. CASCADE removes the subtree, SET NULL turns children into roots; either is a decision the model should show.',
  fix: 'Add `onDelete: cascade` (delete the subtree) or `onDelete: set null` (keep the children as roots).',
  examples: {
    bad: `schemas:
  public:
    tables:
      categories:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: parent_id, type: bigint, description: Empty for top-level categories. }
          - { name: name, type: text, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [parent_id], references: { table: categories, columns: [id] } }
        indexes:
          - { columns: [parent_id] }
`,
    good: `schemas:
  public:
    tables:
      categories:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: parent_id, type: bigint, description: Empty for top-level categories. }
          - { name: name, type: text, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [parent_id], references: { table: categories, columns: [id] }, onDelete: cascade }
        indexes:
          - { columns: [parent_id] }
`,
  },
  related: ['pg-index-health: self_referenced_foreign_keys'],
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const fk of table.foreignKeys) {
        const action = fk.fk.onDelete ?? 'no action';
        if (!fk.selfReference || (action !== 'no action' && action !== 'restrict')) continue;
        context.report({
          message: `self-referencing foreign key ${fk.name} of ${table.object} is ON DELETE ${action.toUpperCase()}`,
          path: fk.path,
          object: `${table.object}.${fk.name}`,
        });
      }
    }
  },
};
