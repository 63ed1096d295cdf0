import { analyzeModel, type ForeignKeyInfo } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const intersectingForeignKeys: ModelRule = {
  kind: 'model',
  code: 'intersecting-foreign-keys',
  category: 'design',
  severity: 'warning',
  summary: 'Foreign keys to the same table do not share columns.',
  rationale:
    'Two foreign keys from the same table to the same target that share a column, such as (client_id) and (client_id, client_region), check the same reference twice; the narrower one is implied by the wider (when the wider one is enforced). It is usually a leftover of a key that was widened.',
  fix: 'Keep the foreign key that says the whole reference and remove the other.',
  examples: {
    bad: `schemas:
  public:
    tables:
      clients:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: region, type: text, notNull: true }
        primaryKey: { columns: [id] }
        uniques:
          - { columns: [id, region] }
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: client_id, type: bigint, notNull: true }
          - { name: client_region, type: text, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [client_id], references: { table: clients, columns: [id] }, onDelete: cascade }
          - { columns: [client_id, client_region], references: { table: clients, columns: [id, region] }, onDelete: cascade }
        indexes:
          - { columns: [client_id, client_region] }
`,
    good: `schemas:
  public:
    tables:
      clients:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: region, type: text, notNull: true }
        primaryKey: { columns: [id] }
        uniques:
          - { columns: [id, region] }
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: client_id, type: bigint, notNull: true }
          - { name: client_region, type: text, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [client_id, client_region], references: { table: clients, columns: [id, region] }, onDelete: cascade }
        indexes:
          - { columns: [client_id, client_region] }
`,
  },
  related: ['pg-index-health: intersected_foreign_keys'],
  differences: 'Foreign keys on exactly the same columns are left to duplicate-foreign-key.',
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      const byTarget = new Map<string, ForeignKeyInfo[]>();
      for (const fk of table.foreignKeys) {
        const key = `${fk.targetSchema}.${fk.targetTable}`;
        const list = byTarget.get(key);
        if (list) list.push(fk);
        else byTarget.set(key, [fk]);
      }
      for (const list of byTarget.values()) {
        for (let i = 0; i < list.length; i++) {
          const a = list[i] as ForeignKeyInfo;
          for (let j = 0; j < i; j++) {
            const b = list[j] as ForeignKeyInfo;
            const aColumns = new Set(a.fk.columns);
            const shared = b.fk.columns.filter((column) => aColumns.has(column));
            const same = shared.length === a.fk.columns.length && shared.length === b.fk.columns.length;
            if (shared.length === 0 || same) continue;
            context.report({
              message: `foreign keys ${b.name} and ${a.name} of ${table.object} both reference ${a.targetSchema}.${a.targetTable} through ${shared.join(', ')}`,
              path: a.path,
              object: `${table.object}.${a.name}`,
            });
          }
        }
      }
    }
  },
};
