import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const moneyType: ModelRule = {
  kind: 'model',
  code: 'money-type',
  category: 'design',
  severity: 'warning',
  summary: 'Amounts are numeric, not the money type.',
  rationale:
    'money has a fixed number of fractional digits taken from the lc_monetary setting: a dump restored on a server with another locale changes values, it holds no currency, and it rounds in division. numeric with an explicit scale, next to a currency code, has none of these problems.',
  fix: 'Change the type to `numeric(19,4)` (or the precision your amounts need) and keep the currency in a column of its own.',
  examples: {
    bad: `schemas:
  public:
    tables:
      payments:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: amount, type: money, notNull: true }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      payments:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: amount, type: "numeric(19,4)", notNull: true }
          - { name: currency_code, type: text, notNull: true }
        primaryKey: { columns: [id] }
`,
  },
  related: ['pg-index-health: columns_with_money_type'],
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        if (!column.baseType.builtin || column.baseType.name !== 'money') continue;
        context.report({
          message: `column ${column.object} has the money type`,
          path: [...column.path, 'type'],
          object: column.object,
        });
      }
    }
  },
};
