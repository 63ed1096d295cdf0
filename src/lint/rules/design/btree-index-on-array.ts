import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const btreeIndexOnArray: ModelRule = {
  kind: 'model',
  code: 'btree-index-on-array',
  category: 'performance',
  severity: 'warning',
  summary: 'Array columns are indexed with GIN, not B-tree.',
  rationale:
    "A B-tree index on an array compares whole arrays: it serves `tags = ARRAY[...]` and nothing else. Queries on arrays ask whether they contain elements (`tags @> ARRAY['x']`, `&&`), which only a GIN index serves. Large arrays can also exceed the B-tree entry size limit and make inserts fail.",
  fix: 'Set `method: gin` on the index.',
  examples: {
    bad: `schemas:
  public:
    tables:
      posts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: tags, type: "text[]", notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [tags] }
`,
    good: `schemas:
  public:
    tables:
      posts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: tags, type: "text[]", notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [tags], method: gin }
`,
  },
  related: ['pg-index-health: btree_indexes_on_array_columns'],
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const index of table.indexes) {
        if (index.method !== 'btree' || index.kind === 'exclusion') continue;
        for (const key of index.keys) {
          const column = key.column === undefined ? undefined : table.columnsByName.get(key.column);
          if (!column?.baseType.array) continue;
          context.report({
            message: `B-tree ${index.kind === 'index' ? 'index' : 'key'} ${index.name} of ${table.object} is on array column ${column.name}`,
            path: index.path,
            object: `${table.object}.${index.name}`,
            fix:
              index.kind === 'index'
                ? 'method: gin'
                : `an index { columns: [${column.name}], method: gin } for containment queries`,
          });
        }
      }
    }
  },
};
