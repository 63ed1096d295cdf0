import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const onDeleteSetDefaultWithoutDefault: ModelRule = {
  kind: 'model',
  code: 'on-delete-set-default-without-default',
  category: 'design',
  severity: 'warning',
  summary: 'ON DELETE SET DEFAULT only on columns that have a default.',
  rationale:
    'Without a default, SET DEFAULT writes NULL: on a NOT NULL column the delete fails, otherwise it behaves as SET NULL while saying something else. The default must also exist in the referenced table, or the foreign key check fails.',
  fix: 'Give the column a `default` (a row that exists in the referenced table), or use `onDelete: set null`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      teams:
        columns:
          - { name: id, type: bigint, identity: { generation: by default } }
        primaryKey: { columns: [id] }
      players:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: team_id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [team_id], references: { table: teams, columns: [id] }, onDelete: set default }
        indexes:
          - { columns: [team_id] }
`,
    good: `schemas:
  public:
    tables:
      teams:
        columns:
          - { name: id, type: bigint, identity: { generation: by default } }
        primaryKey: { columns: [id] }
      players:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: team_id, type: bigint, notNull: true, default: 1, description: Team 1 is the free agents. }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [team_id], references: { table: teams, columns: [id] }, onDelete: set default }
        indexes:
          - { columns: [team_id] }
`,
  },
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const fk of table.foreignKeys) {
        if (fk.fk.onDelete !== 'set default') continue;
        for (const name of fk.fk.onDeleteColumns ?? fk.fk.columns) {
          const column = table.columnsByName.get(name);
          if (!column || column.column.default !== undefined || column.domain?.default !== undefined)
            continue;
          context.report({
            message: `foreign key ${fk.name} of ${table.object} sets ${name} to its default on delete, but ${column.object} has no default`,
            path: fk.path,
            object: column.object,
          });
        }
      }
    }
  },
};
