import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const enumColumn: ModelRule = {
  kind: 'model',
  code: 'enum-column',
  category: 'design',
  severity: 'info',
  optIn: true,
  summary: 'Projects that avoid enum types: a fixed set of values is text with a CHECK, or a lookup table.',
  rationale:
    'An enum value cannot be removed or renamed safely while in use, ALTER TYPE ... ADD VALUE cannot run in a transaction block before PostgreSQL 12 and its new value cannot be used in the same transaction, and the values are invisible to tools that read only tables. A CHECK (col IN (...)) changes with one constraint swap; a lookup table with a foreign key carries descriptions too.',
  fix: 'Change the type to `text` with `checks: [{ expression: "status IN (...)" }]`, or reference a lookup table.',
  examples: {
    bad: `schemas:
  public:
    enums:
      order_status: { values: [pending, paid, shipped] }
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: status, type: order_status, notNull: true }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: status, type: text, notNull: true }
        primaryKey: { columns: [id] }
        checks:
          - { expression: "status IN ('pending', 'paid', 'shipped')" }
`,
  },
  related: ['schemalint: prefer-text-with-check-to-enum'],
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        if (!column.isEnum) continue;
        context.report({
          message: `column ${column.object} has enum type ${column.baseType.canonical}`,
          path: [...column.path, 'type'],
          object: column.object,
        });
      }
    }
  },
};
