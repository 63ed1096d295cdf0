import { analyzeModel } from '../../model/analysis.ts';
import { isBlank } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

const DOCUMENTED_ACTIONS = new Set(['cascade', 'set null', 'set default']);

export const foreignKeyActionWithoutRationale: ModelRule = {
  kind: 'model',
  code: 'foreign-key-action-without-rationale',
  category: 'documentation',
  severity: 'info',
  summary: 'Foreign keys that cascade or set null on delete say why (rationale).',
  rationale:
    'ON DELETE CASCADE deletes rows nobody named in the DELETE, and SET NULL silently cuts references; both are decisions about data the business owns. A rationale next to the action lets reviewers check it against the rules of the business, and tells the next developer that it was meant.',
  fix: 'Add `rationale:` to the foreign key (e.g. "Line items have no meaning without their order").',
  examples: {
    bad: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
      order_lines:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: order_id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [order_id], references: { table: orders, columns: [id] }, onDelete: cascade }
        indexes:
          - { columns: [order_id] }
`,
    good: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
      order_lines:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: order_id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - columns: [order_id]
            references: { table: orders, columns: [id] }
            onDelete: cascade
            rationale: Lines have no meaning without their order.
        indexes:
          - { columns: [order_id] }
`,
  },
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const fk of table.foreignKeys) {
        const action = fk.fk.onDelete;
        if (action === undefined || !DOCUMENTED_ACTIONS.has(action)) continue;
        if (!isBlank(fk.fk.rationale) || !isBlank(fk.fk.description) || !isBlank(fk.fk.businessRule))
          continue;
        context.report({
          message: `foreign key ${fk.name} of ${table.object} is ON DELETE ${action.toUpperCase()} without a rationale`,
          path: [...fk.path, 'onDelete'],
          object: `${table.object}.${fk.name}`,
        });
      }
    }
  },
};
