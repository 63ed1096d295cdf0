import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const foreignKeyWithoutOnDelete: ModelRule = {
  kind: 'model',
  code: 'foreign-key-without-on-delete',
  category: 'design',
  severity: 'info',
  summary: 'Every foreign key says what happens when the referenced row is deleted (onDelete).',
  rationale:
    'Left out, ON DELETE is NO ACTION: deleting a referenced row fails. That may be what is wanted, but often nobody decided: children should perhaps go with their parent (cascade), or lose the reference (set null). Writing the action down makes it a decision that reviewers can see.',
  fix: 'Add `onDelete: restrict` (or `cascade`, `set null`, `no action`) to the foreign key.',
  examples: {
    bad: `schemas:
  public:
    tables:
      customers:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: customer_id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [customer_id], references: { table: customers, columns: [id] } }
        indexes:
          - { columns: [customer_id] }
`,
    good: `schemas:
  public:
    tables:
      customers:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: customer_id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [customer_id], references: { table: customers, columns: [id] }, onDelete: restrict }
        indexes:
          - { columns: [customer_id] }
`,
  },
  related: ['schemalint: reference-actions'],
  differences: 'Self-referencing foreign keys are left to self-reference-without-on-delete.',
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const fk of table.foreignKeys) {
        if (fk.fk.onDelete !== undefined || fk.selfReference) continue;
        context.report({
          message: `foreign key ${fk.name} of ${table.object} does not say what happens on delete of ${fk.targetSchema}.${fk.targetTable}`,
          path: fk.path,
          object: `${table.object}.${fk.name}`,
        });
      }
    }
  },
};
