import { columnsOfText } from '../../model/expressions.ts';
import { analyzeQueryPatterns, usableIndexes } from '../../model/query-patterns.ts';
import type { ModelRule } from '../../rule.ts';

export const containmentQueryWithoutGin: ModelRule = {
  kind: 'model',
  code: 'containment-query-without-gin',
  category: 'performance',
  severity: 'warning',
  summary:
    'Query patterns that test containment (@>, ?, &&) on jsonb or array columns have a GIN index on them.',
  rationale:
    'B-tree indexes cannot answer "does this document contain this key" or "do these arrays overlap"; without a GIN (or GiST) index on the column every such query reads and decodes every row.',
  fix: 'Add `indexes: [{ columns: [col], method: gin }]` (for jsonb @> only, `opclass: jsonb_path_ops` is smaller).',
  examples: {
    bad: `schemas:
  public:
    tables:
      tasks:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: attributes, type: jsonb, notNull: true }
        primaryKey: { columns: [id] }
        queryPatterns:
          - { name: tasks with an attribute, sql: "SELECT id FROM tasks WHERE attributes @> $1" }
`,
    good: `schemas:
  public:
    tables:
      tasks:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: attributes, type: jsonb, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - method: gin
            columns: [{ column: attributes, opclass: jsonb_path_ops }]
        queryPatterns:
          - { name: tasks with an attribute, sql: "SELECT id FROM tasks WHERE attributes @> $1" }
`,
  },
  check(context) {
    for (const pattern of analyzeQueryPatterns(context.model)) {
      for (const use of pattern.uses) {
        for (const [column, operator] of use.containment) {
          const served = usableIndexes(use).some(
            (index) =>
              (index.method === 'gin' || index.method === 'gist' || index.method === 'spgist') &&
              index.keys.some((key) =>
                key.column !== undefined
                  ? key.column === column
                  : columnsOfText(key.expression ?? '').has(column),
              ),
          );
          if (served) continue;
          context.report({
            message: `query pattern "${pattern.name}" tests ${use.table.object}.${column} with ${operator}, but the column has no GIN index`,
            path: pattern.path,
            object: `${use.table.object}.${column}`,
            fix: `indexes: [{ columns: [${column}], method: gin }]`,
          });
        }
      }
    }
  },
};
