import { expressionTextKey } from '../../model/expressions.ts';
import { analyzeQueryPatterns, usableIndexes, type TableUse } from '../../model/query-patterns.ts';
import { numberOption } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

/** Whether some index can start a scan from the query's filters (or, failing those, its join columns). */
export function filterServed(use: TableUse, columns: ReadonlySet<string>): boolean {
  return usableIndexes(use).some((index) => {
    const first = index.keys[0];
    if (!first || index.kind === 'exclusion') return false;
    if (index.method !== 'btree' && index.method !== 'hash') return false;
    if (first.column !== undefined) {
      if (index.method === 'hash') return use.equality.has(first.column);
      return columns.has(first.column);
    }
    return first.expression !== undefined && use.expressions.has(expressionTextKey(first.expression));
  });
}

const tooSmall = (use: TableUse, minRows: number) => (use.table.table.volume?.rows ?? Infinity) < minRows;

export const queryPatternWithoutIndex: ModelRule = {
  kind: 'model',
  code: 'query-pattern-without-index',
  category: 'performance',
  severity: 'warning',
  summary:
    "Every declared query pattern's filter (or join) is served by an index that starts with one of its columns.",
  rationale:
    'A query whose WHERE columns lead no index reads the whole table; at the frequency the pattern declares, on a growing table, that is the usual cause of a slow page and a loaded database. The model knows both the queries and the indexes, so it can tell before production does.',
  fix: 'Add an index led by the equality columns of the query, then its range or sort column: `indexes: [{ columns: [owner_id, due_at] }]`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: customer_email, type: text, notNull: true }
        primaryKey: { columns: [id] }
        queryPatterns:
          - { name: orders of a customer, sql: "SELECT id FROM orders WHERE customer_email = $1", frequency: 50/s }
`,
    good: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: customer_email, type: text, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [customer_email] }
        queryPatterns:
          - { name: orders of a customer, sql: "SELECT id FROM orders WHERE customer_email = $1", frequency: 50/s }
`,
  },
  options: {
    minRows: {
      description: 'Tables whose volume says fewer rows than this are not reported.',
      default: 10000,
    },
  },
  differences:
    'Partial indexes count when the query constrains every column of their predicate; the rule does not prove that the query implies the predicate.',
  check(context) {
    const minRows = numberOption(context, 'minRows');
    for (const pattern of analyzeQueryPatterns(context.model)) {
      for (const use of pattern.uses) {
        if (tooSmall(use, minRows)) continue;
        const filters = new Set([...use.equality, ...use.range]);
        if (filters.size > 0 || use.expressions.size > 0) {
          if (filterServed(use, filters)) continue;
          const listed = [...filters].join(', ') || 'an expression';
          context.report({
            message: `query pattern "${pattern.name}" filters ${use.table.object} on ${listed}, but no index starts with ${filters.size > 1 ? 'any of them' : 'it'}`,
            path: pattern.path,
            object: use.table.object,
            fix: `indexes: [{ columns: [${[...use.equality, ...use.range].join(', ')}] }]`,
          });
        } else if (use.containment.size === 0 && !use.first && use.join.size > 0) {
          if (filterServed(use, use.join)) continue;
          context.report({
            message: `query pattern "${pattern.name}" joins ${use.table.object} on ${[...use.join].join(', ')}, but no index starts with ${use.join.size > 1 ? 'any of them' : 'it'}`,
            path: pattern.path,
            object: use.table.object,
            fix: `indexes: [{ columns: [${[...use.join].join(', ')}] }]`,
          });
        }
      }
    }
  },
};
