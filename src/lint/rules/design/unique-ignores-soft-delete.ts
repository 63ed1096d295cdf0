import { analyzeModel } from '../../model/analysis.ts';
import { columnsOfText } from '../../model/expressions.ts';
import { listOption } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

export const uniqueIgnoresSoftDelete: ModelRule = {
  kind: 'model',
  code: 'unique-ignores-soft-delete',
  category: 'performance',
  severity: 'warning',
  summary: 'On soft-deleted tables, unique keys cover live rows only (WHERE deleted_at IS NULL).',
  rationale:
    "When rows are deleted by setting deleted_at, a unique constraint over all rows keeps a deleted row's values taken forever: a user who deleted an account cannot sign up again with the same e-mail. A partial unique index over the live rows enforces the rule where it matters, and is smaller.",
  fix: 'Replace the unique constraint with `indexes: [{ columns: [...], unique: true, where: deleted_at IS NULL }]`, or use `patterns: { softDelete: true }`, which does it.',
  examples: {
    bad: `schemas:
  public:
    tables:
      users:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: email, type: text, notNull: true }
          - { name: deleted_at, type: timestamptz }
        primaryKey: { columns: [id] }
        uniques:
          - { columns: [email] }
`,
    good: `schemas:
  public:
    tables:
      users:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: email, type: text, notNull: true }
          - { name: deleted_at, type: timestamptz }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [email], unique: true, where: deleted_at IS NULL }
`,
  },
  options: {
    columns: {
      description: 'Columns that mark a row as deleted.',
      default: ['deleted_at', 'is_deleted', 'deleted'],
    },
  },
  check(context) {
    const markers = listOption(context, 'columns');
    for (const table of analyzeModel(context.model).tables) {
      const marker = markers.find((name) => table.columnsByName.has(name));
      if (marker === undefined) continue;
      for (const index of table.indexes) {
        if (!index.unique || index.kind === 'primaryKey') continue;
        if (index.keys.some((key) => key.column === marker)) continue;
        if (index.where !== undefined && columnsOfText(index.where).has(marker)) continue;
        context.report({
          message: `${index.kind === 'unique' ? 'unique constraint' : 'unique index'} ${index.name} of ${table.object} also covers rows marked deleted by ${marker}`,
          path: index.path,
          object: `${table.object}.${index.name}`,
        });
      }
    }
  },
};
