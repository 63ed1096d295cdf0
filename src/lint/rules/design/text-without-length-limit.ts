import { analyzeModel } from '../../model/analysis.ts';
import { isBuiltin } from '../../model/column-types.ts';
import type { ModelRule } from '../../rule.ts';

export const textWithoutLengthLimit: ModelRule = {
  kind: 'model',
  code: 'text-without-length-limit',
  category: 'design',
  severity: 'warning',
  optIn: true,
  summary: 'Projects that bound every string: text columns have a length CHECK (or are varchar(n)).',
  rationale:
    'Some projects want every string bounded, so that a client cannot store megabytes in a name field and so that the limit is documented. PostgreSQL accepts up to 1 GB in a text value.',
  fix: 'Add `checks: [{ expression: "char_length(col) <= n" }]`, or use `varchar(n)`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      clients:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: last_name, type: text, notNull: true }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      clients:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: last_name, type: text, notNull: true }
        primaryKey: { columns: [id] }
        checks:
          - { expression: "char_length(last_name) <= 200" }
`,
  },
  related: ['schemalint: (text length policy)'],
  check(context) {
    const analysis = analyzeModel(context.model);
    for (const table of analysis.tables) {
      for (const column of table.columns) {
        const unbounded =
          isBuiltin(column.type, 'text') ||
          (isBuiltin(column.type, 'varchar') && column.type.modifiers === '');
        if (!unbounded || table.checkedColumns.has(column.name)) continue;
        if (column.domain?.checks?.length) continue;
        context.report({
          message: `column ${column.object} is ${column.type.canonical} without a length limit`,
          path: [...column.path, 'type'],
          object: column.object,
        });
      }
    }
  },
};
