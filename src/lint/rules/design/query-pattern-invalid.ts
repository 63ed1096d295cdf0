import { analyzeQueryPatterns } from '../../model/query-patterns.ts';
import type { ModelRule } from '../../rule.ts';

export const queryPatternInvalid: ModelRule = {
  kind: 'model',
  code: 'query-pattern-invalid',
  category: 'performance',
  severity: 'warning',
  summary: 'Declared query patterns are valid SQL over tables and columns the model has.',
  rationale:
    'The index rules read the query patterns to judge the indexes; a pattern that does not parse, or names a table or column that was renamed or dropped, is checked against nothing and silently stops protecting the query it describes.',
  fix: "Correct the pattern's `sql` so it parses and names existing tables and columns.",
  examples: {
    bad: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: placed_at, type: timestamptz, notNull: true }
        primaryKey: { columns: [id] }
        queryPatterns:
          - { name: recent orders, sql: "SELECT id FROM orders WHERE created_at > $1" }
`,
    good: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: placed_at, type: timestamptz, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [placed_at] }
        queryPatterns:
          - { name: recent orders, sql: "SELECT id FROM orders WHERE placed_at > $1" }
`,
  },
  check(context) {
    for (const pattern of analyzeQueryPatterns(context.model)) {
      if (pattern.error !== undefined) {
        context.report({
          message: `query pattern "${pattern.name}" of ${pattern.owner.object} is not valid SQL: ${pattern.error}`,
          path: pattern.path,
          object: pattern.owner.object,
        });
        continue;
      }
      if (pattern.unknown.length === 0) continue;
      context.report({
        message: `query pattern "${pattern.name}" of ${pattern.owner.object} names unknown ${pattern.unknown.join(', ')}`,
        path: pattern.path,
        object: pattern.owner.object,
      });
    }
  },
};
