import type { IndexInfo } from '../../model/analysis.ts';
import { analyzeQueryPatterns, usableIndexes, type TableUse } from '../../model/query-patterns.ts';
import { numberOption } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

/** Whether the index returns the rows in the query's order once its equality columns are fixed. */
function servesSort(index: IndexInfo, use: TableUse): boolean {
  if (index.method !== 'btree' || index.kind === 'exclusion') return false;
  let at = 0;
  while (
    at < index.keys.length &&
    index.keys[at]?.column !== undefined &&
    use.equality.has(index.keys[at]?.column as string)
  )
    at++;
  // Sort keys that are also equality columns may be skipped (their value is fixed).
  const sort = use.sort.filter((key) => !use.equality.has(key.column) || at === 0);
  if (sort.length === 0) return true;
  let reversed: boolean | undefined;
  for (let i = 0; i < sort.length; i++) {
    const key = index.keys[at + i];
    const wanted = sort[i];
    if (!key || !wanted || key.column !== wanted.column) return false;
    const flipped = (key.order === 'desc') !== wanted.descending;
    if (reversed === undefined) reversed = flipped;
    else if (reversed !== flipped) return false;
  }
  return true;
}

export const queryPatternSortWithoutIndex: ModelRule = {
  kind: 'model',
  code: 'query-pattern-sort-without-index',
  category: 'performance',
  severity: 'info',
  summary: 'A declared top-N query (ORDER BY ... LIMIT) has an index that returns rows in that order.',
  rationale:
    'With an index on (filter columns, sort columns) PostgreSQL reads the first N entries and stops; without it, it reads every matching row and sorts them to return N. The difference grows with the table: for a "latest 50" list it is the difference between constant time and a full scan.',
  fix: 'Add an index on the equality columns followed by the ORDER BY columns, in their order and direction: `indexes: [{ columns: [owner_id, due_at] }]`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      posts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: author_id, type: bigint, notNull: true }
          - { name: published_at, type: timestamptz, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [author_id] }
        queryPatterns:
          - name: latest posts of an author
            sql: SELECT id FROM posts WHERE author_id = $1 ORDER BY published_at DESC LIMIT 20
`,
    good: `schemas:
  public:
    tables:
      posts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: author_id, type: bigint, notNull: true }
          - { name: published_at, type: timestamptz, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [author_id, published_at] }
        queryPatterns:
          - name: latest posts of an author
            sql: SELECT id FROM posts WHERE author_id = $1 ORDER BY published_at DESC LIMIT 20
`,
  },
  options: {
    minRows: {
      description: 'Tables whose volume says fewer rows than this are not reported.',
      default: 10000,
    },
  },
  check(context) {
    const minRows = numberOption(context, 'minRows');
    for (const pattern of analyzeQueryPatterns(context.model)) {
      if (!pattern.limit) continue;
      for (const use of pattern.uses) {
        if (use.sort.length === 0 || (use.table.table.volume?.rows ?? Infinity) < minRows) continue;
        if (usableIndexes(use).some((index) => servesSort(index, use))) continue;
        const columns = [
          ...use.equality,
          ...use.sort.map((key) => key.column).filter((c) => !use.equality.has(c)),
        ];
        context.report({
          message: `query pattern "${pattern.name}" sorts ${use.table.object} by ${use.sort.map((key) => key.column + (key.descending ? ' DESC' : '')).join(', ')} with LIMIT, but no index returns rows in that order`,
          path: pattern.path,
          object: use.table.object,
          fix: `indexes: [{ columns: [${columns.join(', ')}] }]`,
        });
      }
    }
  },
};
