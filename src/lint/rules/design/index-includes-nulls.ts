import { analyzeModel } from '../../model/analysis.ts';
import { columnsProvenNotNull } from '../../model/expressions.ts';
import type { ModelRule } from '../../rule.ts';

export const indexIncludesNulls: ModelRule = {
  kind: 'model',
  code: 'index-includes-nulls',
  category: 'performance',
  severity: 'info',
  summary: 'An index led by a nullable column leaves the NULL rows out (WHERE col IS NOT NULL).',
  rationale:
    'Lookups by a value never find NULL rows, yet a plain index stores an entry for each of them. When most rows are NULL (optional references, rarely set fields), a partial index WHERE col IS NOT NULL is much smaller and serves the same lookups, including the foreign key checks.',
  fix: 'Add `where: col IS NOT NULL` to the index.',
  examples: {
    bad: `schemas:
  public:
    tables:
      clients:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: middle_name, type: text, description: Empty for most clients. }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [middle_name] }
`,
    good: `schemas:
  public:
    tables:
      clients:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: middle_name, type: text, description: Empty for most clients. }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [middle_name], where: middle_name IS NOT NULL }
`,
  },
  related: ['pg-index-health: indexes_with_null_values'],
  differences:
    'Unique indexes are left out (NULLs there may be meant), and so are indexes whose predicate proves the column not null.',
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const index of table.indexes) {
        if (index.kind !== 'index' || index.unique || index.method !== 'btree') continue;
        const lead = index.keys[0]?.column;
        const column = lead === undefined ? undefined : table.columnsByName.get(lead);
        if (!column || column.notNull) continue;
        if (index.where !== undefined && columnsProvenNotNull(index.where).has(column.name)) continue;
        context.report({
          message: `index ${index.name} of ${table.object} is led by nullable column ${column.name} and indexes its NULLs`,
          path: index.path,
          object: `${table.object}.${index.name}`,
          fix:
            index.where === undefined
              ? `where: ${column.name} IS NOT NULL`
              : `where: (${index.where}) AND ${column.name} IS NOT NULL`,
        });
      }
    }
  },
};
