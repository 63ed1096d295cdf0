import { analyzeModel } from '../../model/analysis.ts';
import { isBlank } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

export const nullableForeignKeyColumn: ModelRule = {
  kind: 'model',
  code: 'nullable-foreign-key-column',
  category: 'design',
  severity: 'info',
  summary: 'A foreign key column is NOT NULL, or its description says when it is empty.',
  rationale:
    'Most references are required: an order has a customer. A nullable foreign key column is often only a forgotten NOT NULL, and lets rows exist without their parent. When the reference really is optional, the column description should say when it is empty, so readers do not have to guess.',
  fix: 'Add `notNull: true`, or a `description` that says when the column is empty (e.g. "Empty for guests").',
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
          - { name: customer_id, type: bigint }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [customer_id], references: { table: customers, columns: [id] }, onDelete: restrict }
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
  differences:
    'A foreign key with onDelete set null, or with a rationale, documents the optional reference too; self-references (trees, where roots have no parent) are not reported.',
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      const reported = new Set<string>();
      for (const fk of table.foreignKeys) {
        if (fk.selfReference || fk.fk.onDelete === 'set null' || !isBlank(fk.fk.rationale)) continue;
        for (const name of fk.fk.columns) {
          const column = table.columnsByName.get(name);
          if (!column || column.notNull || reported.has(name) || !isBlank(column.column.description))
            continue;
          reported.add(name);
          context.report({
            message: `foreign key column ${column.object} allows NULL and does not say when it is empty`,
            path: column.path,
            object: column.object,
          });
        }
      }
    }
  },
};
