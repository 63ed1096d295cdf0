import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const tableInheritance: ModelRule = {
  kind: 'model',
  code: 'table-inheritance',
  category: 'design',
  severity: 'warning',
  summary: 'No table inheritance (INHERITS); use declarative partitioning or separate tables.',
  rationale:
    "Inherited tables do not inherit primary keys, unique constraints, foreign keys or indexes, so the parent's keys do not hold across children and foreign keys to the parent miss the children's rows. Declarative partitioning (PostgreSQL 10+) does what inheritance was used for, with keys and partition pruning.",
  fix: 'Replace `inherits` with `partitionOf` of a partitioned parent, or with a separate table with a foreign key to the parent.',
  examples: {
    bad: `schemas:
  public:
    tables:
      cities:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: name, type: text, notNull: true }
        primaryKey: { columns: [id] }
      capitals:
        inherits: [{ table: cities }]
        columns:
          - { name: state, type: text, notNull: true }
`,
    good: `schemas:
  public:
    tables:
      cities:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: name, type: text, notNull: true }
        primaryKey: { columns: [id] }
      capitals:
        columns:
          - { name: city_id, type: bigint }
          - { name: state, type: text, notNull: true }
        primaryKey: { columns: [city_id] }
        foreignKeys:
          - { columns: [city_id], references: { table: cities, columns: [id] }, onDelete: cascade }
`,
  },
  related: ['pg-index-health: tables_with_inheritance'],
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      const parents = table.table.inherits;
      if (!parents) continue;
      context.report({
        message: `${table.object} inherits from ${parents.map((p) => `${p.schema ?? table.schema}.${p.table}`).join(', ')}`,
        path: [...table.path, 'inherits'],
        object: table.object,
      });
    }
  },
};
