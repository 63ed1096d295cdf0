import { analyzeModel } from '../../model/analysis.ts';
import { columnsProvenNotNull } from '../../model/expressions.ts';
import { isBlank } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';
import { indexLabel } from './duplicate-index.ts';

export const nullableUniqueColumn: ModelRule = {
  kind: 'model',
  code: 'nullable-unique-column',
  category: 'design',
  severity: 'info',
  summary:
    'Unique keys on nullable columns say how NULLs count (NOT NULL, NULLS NOT DISTINCT, or described).',
  rationale:
    'NULLs are distinct from each other in a unique constraint: (session 1, user NULL) can be stored any number of times. Sometimes that is the intent (many guests), often it is a hole in the rule. NOT NULL or NULLS NOT DISTINCT (PostgreSQL 15+) close it; a description of the column says it is meant.',
  fix: "Add `notNull: true` to the column, or `nullsNotDistinct: true` to the unique key, or describe in the column's `description` that NULLs repeat.",
  examples: {
    bad: `schemas:
  public:
    tables:
      devices:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: serial_number, type: text }
        primaryKey: { columns: [id] }
        uniques:
          - { columns: [serial_number] }
`,
    good: `schemas:
  public:
    tables:
      devices:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: serial_number, type: text, notNull: true }
        primaryKey: { columns: [id] }
        uniques:
          - { columns: [serial_number] }
`,
  },
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const index of table.indexes) {
        if (!index.unique || index.kind === 'primaryKey' || index.nullsNotDistinct) continue;
        const proven = index.where === undefined ? new Set<string>() : columnsProvenNotNull(index.where);
        const nullable = index.keys
          .map((key) => (key.column === undefined ? undefined : table.columnsByName.get(key.column)))
          .filter((column) => column !== undefined && !column.notNull && !proven.has(column.name))
          .filter((column) => isBlank(column?.column.description));
        if (nullable.length === 0) continue;
        context.report({
          message: `${indexLabel(index)} of ${table.object} has nullable column ${nullable.map((c) => c?.name).join(', ')}: rows with NULL there never conflict`,
          path: index.path,
          object: `${table.object}.${index.name}`,
        });
      }
    }
  },
};
