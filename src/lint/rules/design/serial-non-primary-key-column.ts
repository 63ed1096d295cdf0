import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const serialNonPrimaryKeyColumn: ModelRule = {
  kind: 'model',
  code: 'serial-non-primary-key-column',
  category: 'design',
  severity: 'warning',
  summary: 'serial columns outside the primary key are deliberate, and identity columns.',
  rationale:
    "A serial column that is not the primary key is often a mistake: a foreign key column declared serial gets its own sequence and a default that invents references. When a second generated number is really wanted (a ticket number), an identity column says so and has none of serial's ownership problems.",
  fix: 'For a reference, use the plain integer type (`bigint`); for a generated number, `type: bigint` with `identity: { generation: always }`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      tickets:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: ticket_no, type: bigserial }
          - { name: title, type: text, notNull: true }
        primaryKey: { columns: [id] }
        uniques:
          - { columns: [ticket_no] }
`,
    good: `schemas:
  public:
    tables:
      tickets:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: ticket_no, type: bigint, notNull: true }
          - { name: title, type: text, notNull: true }
        primaryKey: { columns: [id] }
        uniques:
          - { columns: [ticket_no] }
`,
  },
  related: ['pg-index-health: columns_with_serial_types'],
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        if (column.inPrimaryKey || !column.type.serial) continue;
        context.report({
          message: `column ${column.object} is ${column.type.name} but not the primary key`,
          path: [...column.path, 'type'],
          object: column.object,
          fix: `type: ${column.type.canonical} (a reference), or type: ${column.type.canonical} with identity: { generation: always } (a generated number)`,
        });
      }
    }
  },
};
