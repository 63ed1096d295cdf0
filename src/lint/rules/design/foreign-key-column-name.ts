import { analyzeModel } from '../../model/analysis.ts';
import { lastWord, singularize, withLastWord } from '../../model/inflection.ts';
import type { ModelRule } from '../../rule.ts';

export const foreignKeyColumnName: ModelRule = {
  kind: 'model',
  code: 'foreign-key-column-name',
  category: 'naming',
  severity: 'info',
  optIn: true,
  summary: 'A foreign key column is named after the table it references: customer_id references customers.',
  rationale:
    "When reference columns follow one pattern, joins write themselves and a reader knows where a column points without opening the constraint. Role names that say more (billing_customer_id) keep the table's name at the end.",
  fix: 'Rename the column to <referenced table, singular>_<referenced column>, optionally with a role prefix (billing_customer_id).',
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
          - { name: buyer, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [buyer], references: { table: customers, columns: [id] }, onDelete: restrict }
        indexes:
          - { columns: [buyer] }
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
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const fk of table.foreignKeys) {
        if (fk.fk.columns.length !== 1 || fk.selfReference) continue;
        const column = fk.fk.columns[0] as string;
        const referenced = fk.fk.references.columns[0] as string;
        const singular = withLastWord(fk.targetTable, singularize(lastWord(fk.targetTable)));
        const accepted = [`${singular}_${referenced}`, `${fk.targetTable}_${referenced}`];
        if (accepted.some((name) => column === name || column.endsWith(`_${name}`))) continue;
        context.report({
          message: `foreign key column ${table.object}.${column} references ${fk.targetSchema}.${fk.targetTable} but is not named ${accepted[0]}`,
          path: fk.path,
          object: `${table.object}.${column}`,
          fix: `rename to ${accepted[0]} (or <role>_${accepted[0]})`,
        });
      }
    }
  },
};
