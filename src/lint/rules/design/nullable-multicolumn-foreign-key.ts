import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const nullableMulticolumnForeignKey: ModelRule = {
  kind: 'model',
  code: 'nullable-multicolumn-foreign-key',
  category: 'design',
  severity: 'warning',
  summary: 'A multi-column foreign key has NOT NULL columns, or is MATCH FULL.',
  rationale:
    'With the default MATCH SIMPLE, a row whose foreign key has any column NULL is not checked at all: (warehouse 7, shipment NULL) passes even when warehouse 7 does not exist. MATCH FULL requires all columns to be NULL or none.',
  fix: 'Make the columns `notNull: true`, or add `match: full` to the foreign key.',
  examples: {
    bad: `schemas:
  public:
    tables:
      shipments:
        columns:
          - { name: warehouse_id, type: bigint }
          - { name: shipment_no, type: bigint }
        primaryKey: { columns: [warehouse_id, shipment_no] }
      parcels:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: warehouse_id, type: bigint, notNull: true }
          - { name: shipment_no, type: bigint }
        primaryKey: { columns: [id] }
        foreignKeys:
          - columns: [warehouse_id, shipment_no]
            references: { table: shipments, columns: [warehouse_id, shipment_no] }
            onDelete: cascade
        indexes:
          - { columns: [warehouse_id, shipment_no] }
`,
    good: `schemas:
  public:
    tables:
      shipments:
        columns:
          - { name: warehouse_id, type: bigint }
          - { name: shipment_no, type: bigint }
        primaryKey: { columns: [warehouse_id, shipment_no] }
      parcels:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: warehouse_id, type: bigint }
          - { name: shipment_no, type: bigint }
        primaryKey: { columns: [id] }
        foreignKeys:
          - columns: [warehouse_id, shipment_no]
            references: { table: shipments, columns: [warehouse_id, shipment_no] }
            onDelete: cascade
            match: full
        indexes:
          - { columns: [warehouse_id, shipment_no] }
`,
  },
  related: ['pg-index-health: foreign_keys_with_null_values'],
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const fk of table.foreignKeys) {
        if (fk.fk.columns.length < 2 || fk.fk.match === 'full') continue;
        const nullable = fk.fk.columns.filter((name) => table.columnsByName.get(name)?.notNull === false);
        if (nullable.length === 0) continue;
        context.report({
          message: `foreign key ${fk.name} of ${table.object} is MATCH SIMPLE with nullable column${nullable.length > 1 ? 's' : ''} ${nullable.join(', ')}: rows with a NULL are not checked`,
          path: fk.path,
          object: `${table.object}.${fk.name}`,
        });
      }
    }
  },
};
