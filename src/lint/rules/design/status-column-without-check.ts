import { analyzeModel } from '../../model/analysis.ts';
import { isTextLike } from '../../model/column-types.ts';
import { listOption } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

export const statusColumnWithoutCheck: ModelRule = {
  kind: 'model',
  code: 'status-column-without-check',
  category: 'design',
  severity: 'info',
  summary:
    'Status-like text columns (status, state, kind, type) list their values in a CHECK (or use an enum or a lookup table).',
  rationale:
    "A column with a fixed set of values is a business rule; as plain text it accepts typos ('shiped') and values the code does not handle, found only when a report is wrong. A CHECK (status IN (...)) states the set where every writer sees it.",
  fix: "Add `checks: [{ expression: \"status IN ('pending', 'paid', 'shipped')\" }]`, or reference a lookup table with a foreign key.",
  examples: {
    bad: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: status, type: varchar(20), notNull: true }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: status, type: varchar(20), notNull: true }
        primaryKey: { columns: [id] }
        checks:
          - { expression: "status IN ('pending', 'paid', 'shipped')", businessRule: "An order is pending, paid or shipped." }
`,
  },
  options: {
    names: {
      description: 'Column names that hold one of a fixed set of values.',
      default: ['status', 'kind', 'type', 'stage', 'phase', 'priority'],
    },
    suffixes: {
      description: 'Name endings that do (order_status, payment_kind).',
      default: ['_status', '_kind', '_stage'],
    },
  },
  check(context) {
    const names = new Set(listOption(context, 'names'));
    const suffixes = listOption(context, 'suffixes');
    for (const table of analyzeModel(context.model).tables) {
      const fkColumns = new Set(table.foreignKeys.flatMap((fk) => fk.fk.columns));
      for (const column of table.columns) {
        const statusLike = names.has(column.name) || suffixes.some((suffix) => column.name.endsWith(suffix));
        if (!statusLike || !isTextLike(column.baseType)) continue;
        if (table.checkedColumns.has(column.name) || fkColumns.has(column.name)) continue;
        if ((column.domain?.checks ?? []).length > 0) continue;
        context.report({
          message: `status-like column ${column.object} is ${column.baseType.canonical} with no CHECK listing its values`,
          path: column.path,
          object: column.object,
          fix: `checks: [{ expression: "${column.name} IN (...)" }]`,
        });
      }
    }
  },
};
