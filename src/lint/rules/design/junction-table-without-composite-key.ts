import { analyzeModel } from '../../model/analysis.ts';
import { listOption } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

export const junctionTableWithoutCompositeKey: ModelRule = {
  kind: 'model',
  code: 'junction-table-without-composite-key',
  category: 'design',
  severity: 'warning',
  summary:
    'A junction table (rows that link two tables) has its pair of foreign keys as the primary key, or unique.',
  rationale:
    'Without a key on the pair, the same link can be stored twice: a tag appears twice on a task, a student is enrolled twice, and counts and joins double. The pair is the natural key; as the primary key it also gives the index one direction of the lookups needs.',
  fix: 'Make `primaryKey: { columns: [a_id, b_id] }` (and drop the surrogate id), or add `uniques: [{ columns: [a_id, b_id] }]`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      tasks:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
      tags:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
      task_tags:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: task_id, type: bigint, notNull: true }
          - { name: tag_id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [task_id], references: { table: tasks, columns: [id] }, onDelete: cascade }
          - { columns: [tag_id], references: { table: tags, columns: [id] }, onDelete: cascade }
        indexes:
          - { columns: [task_id] }
          - { columns: [tag_id] }
`,
    good: `schemas:
  public:
    tables:
      tasks:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
      tags:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
      task_tags:
        columns:
          - { name: task_id, type: bigint, notNull: true }
          - { name: tag_id, type: bigint, notNull: true }
        primaryKey: { columns: [task_id, tag_id] }
        foreignKeys:
          - { columns: [task_id], references: { table: tasks, columns: [id] }, onDelete: cascade }
          - { columns: [tag_id], references: { table: tags, columns: [id] }, onDelete: cascade }
        indexes:
          - { columns: [tag_id] }
`,
  },
  options: {
    extraColumns: {
      description: 'Columns a junction table may have besides its foreign keys.',
      default: ['id', 'created_at', 'updated_at', 'created_by', 'updated_by', 'deleted_at', 'version'],
    },
  },
  check(context) {
    const extra = new Set(listOption(context, 'extraColumns'));
    for (const table of analyzeModel(context.model).tables) {
      const fks = table.foreignKeys.filter((fk) => !fk.selfReference);
      if (fks.length !== 2 || fks[0]?.target === fks[1]?.target) continue;
      const fkColumns = new Set(fks.flatMap((fk) => fk.fk.columns));
      if (!table.columns.every((column) => fkColumns.has(column.name) || extra.has(column.name))) continue;
      const keyed = table.indexes.some(
        (index) =>
          index.unique &&
          index.where === undefined &&
          index.keys.length === fkColumns.size &&
          index.keys.every((key) => key.column !== undefined && fkColumns.has(key.column)),
      );
      if (keyed) continue;
      const columns = [...fkColumns].join(', ');
      context.report({
        message: `junction table ${table.object} has no primary key or unique constraint on (${columns})`,
        path: table.table.primaryKey ? [...table.path, 'primaryKey'] : table.path,
        object: table.object,
        fix: `primaryKey: { columns: [${columns}] }`,
      });
    }
  },
};
