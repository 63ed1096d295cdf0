import { analyzeModel } from '../../model/analysis.ts';
import { isBuiltin } from '../../model/column-types.ts';
import { listOption, wordMatcher } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

const notMoney = wordMatcher([
  'count',
  'qty',
  'quantity',
  'number',
  'num',
  'percent',
  'pct',
  'rate',
  'ratio',
  'weight',
]);

export const moneyAsFloat: ModelRule = {
  kind: 'model',
  code: 'money-as-float',
  category: 'design',
  severity: 'error',
  summary: 'Money-like columns (price, amount, cost, total, balance, fee) are not real or double precision.',
  rationale:
    'Binary floating point cannot hold most decimal fractions exactly (0.1 + 0.2 is not 0.3): sums drift, equal amounts compare unequal and rounding differs between systems. Money needs exact decimal arithmetic.',
  fix: 'Change the type to `numeric(19,4)` (or `numeric(12,2)`), or store integer minor units (`bigint` cents).',
  examples: {
    bad: `schemas:
  public:
    tables:
      products:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: unit_price, type: double precision, notNull: true }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      products:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: unit_price, type: "numeric(12,2)", notNull: true }
        primaryKey: { columns: [id] }
`,
  },
  options: {
    words: {
      description: 'Name parts that mark a money-like column.',
      default: [
        'price',
        'amount',
        'cost',
        'total',
        'subtotal',
        'balance',
        'fee',
        'fees',
        'salary',
        'wage',
        'revenue',
        'tax',
        'discount',
        'charge',
        'refund',
      ],
    },
  },
  related: ['strong_migrations: (documentation) float for money'],
  check(context) {
    const moneyLike = wordMatcher(listOption(context, 'words'));
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        if (!isBuiltin(column.baseType, 'float4', 'float8')) continue;
        if (!moneyLike(column.name) || notMoney(column.name)) continue;
        context.report({
          message: `money-like column ${column.object} is ${column.baseType.canonical}`,
          path: [...column.path, 'type'],
          object: column.object,
        });
      }
    }
  },
};
