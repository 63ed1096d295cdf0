import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const foreignKeyTypeMismatch: ModelRule = {
  kind: 'model',
  code: 'foreign-key-type-mismatch',
  category: 'design',
  severity: 'warning',
  summary: 'Foreign key columns have exactly the type of the columns they reference.',
  rationale:
    'PostgreSQL accepts a foreign key between compatible types (integer to bigint, varchar(20) to varchar(40)), but every check and join then casts; values valid in the referenced table may not fit the referencing column (overflow, truncation errors), and indexes serve the join less well.',
  fix: 'Give the foreign key column the type of the referenced column.',
  examples: {
    bad: `schemas:
  public:
    tables:
      clients:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: client_id, type: integer, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [client_id], references: { table: clients, columns: [id] }, onDelete: cascade }
        indexes:
          - { columns: [client_id] }
`,
    good: `schemas:
  public:
    tables:
      clients:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: client_id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [client_id], references: { table: clients, columns: [id] }, onDelete: cascade }
        indexes:
          - { columns: [client_id] }
`,
  },
  related: ['pg-index-health: foreign_keys_with_unmatched_column_type'],
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const fk of table.foreignKeys) {
        if (!fk.target) continue;
        fk.fk.columns.forEach((name, i) => {
          const local = table.columnsByName.get(name);
          const referenced = fk.target?.columnsByName.get(fk.fk.references.columns[i] ?? '');
          if (!local || !referenced) return;
          if (local.baseType.canonical === referenced.baseType.canonical) return;
          context.report({
            message: `foreign key column ${local.object} is ${local.baseType.canonical} but references ${referenced.object}, which is ${referenced.baseType.canonical}`,
            path: [...local.path, 'type'],
            object: local.object,
            fix: `type: ${referenced.baseType.canonical}`,
          });
        });
      }
    }
  },
};
