import { analyzeModel } from '../../model/analysis.ts';
import { isBuiltin } from '../../model/column-types.ts';
import type { ModelRule } from '../../rule.ts';

export const booleanIndexColumn: ModelRule = {
  kind: 'model',
  code: 'boolean-index-column',
  category: 'performance',
  severity: 'info',
  summary: 'Booleans are index predicates (WHERE NOT deleted), not index keys.',
  rationale:
    'A boolean has two values, so as an index key it splits the table in two halves at best; the planner rarely uses such an index, yet every write maintains it. When queries want the rare value, a partial index (WHERE is_active, or WHERE NOT deleted) indexes only those rows.',
  fix: 'Move the boolean into `where:` of the index (e.g. `where: NOT deleted`) and index the columns queries filter on.',
  examples: {
    bad: `schemas:
  public:
    tables:
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: client_id, type: bigint, notNull: true }
          - { name: is_deleted, type: boolean, notNull: true, default: false }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [is_deleted] }
`,
    good: `schemas:
  public:
    tables:
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: client_id, type: bigint, notNull: true }
          - { name: is_deleted, type: boolean, notNull: true, default: false }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [client_id], where: NOT is_deleted }
`,
  },
  related: ['pg-index-health: indexes_with_boolean'],
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const index of table.indexes) {
        if (index.kind !== 'index' && index.kind !== 'unique') continue;
        const booleans = index.keys.filter((key) => {
          const column = key.column === undefined ? undefined : table.columnsByName.get(key.column);
          return column !== undefined && isBuiltin(column.baseType, 'bool');
        });
        if (booleans.length === 0) continue;
        context.report({
          message: `index ${index.name} of ${table.object} has boolean key column ${booleans.map((key) => key.column).join(', ')}`,
          path: index.path,
          object: `${table.object}.${index.name}`,
        });
      }
    }
  },
};
