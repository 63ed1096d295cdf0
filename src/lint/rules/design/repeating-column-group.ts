import { analyzeModel, type ColumnInfo } from '../../model/analysis.ts';
import { listOption } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

const NUMBERED = /^(.*?[a-z])_?([1-9])$/;

export const repeatingColumnGroup: ModelRule = {
  kind: 'model',
  code: 'repeating-column-group',
  category: 'design',
  severity: 'warning',
  summary: 'No numbered repeats of a column (phone1, phone2, phone3): they are rows of another table.',
  rationale:
    'Numbered columns fix how many of a thing a row may have, make "find by phone" search every column, and leave most of them empty. A child table (customer_phones) holds any number, is indexed once and can carry a kind per value. This is the first normal form.',
  fix: 'Move the values to a child table with a foreign key to this one, one row per value.',
  examples: {
    bad: `schemas:
  public:
    tables:
      customers:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: phone1, type: text }
          - { name: phone2, type: text }
          - { name: phone3, type: text }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      customers:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
      customer_phones:
        columns:
          - { name: customer_id, type: bigint, notNull: true }
          - { name: phone, type: text, notNull: true }
        primaryKey: { columns: [customer_id, phone] }
        foreignKeys:
          - { columns: [customer_id], references: { table: customers, columns: [id] }, onDelete: cascade }
`,
  },
  options: {
    ignore: { description: 'Stems whose numbered columns are accepted.', default: ['address_line', 'line'] },
  },
  check(context) {
    const ignore = new Set(listOption(context, 'ignore'));
    for (const table of analyzeModel(context.model).tables) {
      const groups = new Map<string, [number, ColumnInfo][]>();
      for (const column of table.columns) {
        const match = NUMBERED.exec(column.name);
        if (!match) continue;
        const stem = (match[1] ?? '').replace(/_$/, '');
        if (ignore.has(stem)) continue;
        const list = groups.get(stem);
        const entry: [number, ColumnInfo] = [Number(match[2]), column];
        if (list) list.push(entry);
        else groups.set(stem, [entry]);
      }
      for (const [stem, list] of groups) {
        const numbers = new Set(list.map(([n]) => n));
        if (!(numbers.has(1) && numbers.has(2))) continue;
        const second = list.find(([n]) => n === 2)?.[1] as ColumnInfo;
        context.report({
          message: `${table.object} repeats ${stem} as ${list.map(([, column]) => column.name).join(', ')}`,
          path: second.path,
          object: `${table.object}.${stem}`,
          fix: `a table ${table.name}_${stem}s with a foreign key to ${table.object} and one ${stem} per row`,
        });
      }
    }
  },
};
