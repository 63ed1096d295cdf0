import { analyzeModel, type ColumnInfo } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

/** serial types, or a default taken from a sequence (what serial stands for). */
export function isSerialLike(column: ColumnInfo): boolean {
  return column.type.serial || /^\s*nextval\s*\(/i.test(column.column.default ?? '');
}

export const serialPrimaryKey: ModelRule = {
  kind: 'model',
  code: 'serial-primary-key',
  category: 'design',
  severity: 'warning',
  summary: 'Generated keys are identity columns, not serial (PostgreSQL 10 and later).',
  rationale:
    "serial is a default taken from a separately owned sequence: grants on the table do not cover the sequence, copying the table's structure shares the sequence, and explicit inserts silently let the sequence fall behind. GENERATED ... AS IDENTITY is standard SQL, ties the sequence to the column, and ALWAYS rejects values the application invents.",
  fix: 'Replace `type: bigserial` with `type: bigint` and `identity: { generation: always }` (or `by default`).',
  examples: {
    bad: `schemas:
  public:
    tables:
      accounts:
        columns:
          - { name: id, type: bigserial }
          - { name: name, type: text, notNull: true }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: name, type: text, notNull: true }
        primaryKey: { columns: [id] }
`,
  },
  related: [
    'squawk: prefer-identity',
    'schemalint: prefer-identity-to-serial',
    'pg-index-health: primary_keys_with_serial_types',
  ],
  check(context) {
    if (context.targetVersion < 10) return;
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        if (!column.inPrimaryKey || !isSerialLike(column)) continue;
        const base = column.type.serial ? column.type.canonical : column.type.canonical;
        context.report({
          message: `primary key column ${column.object} is ${column.type.serial ? column.type.name : 'filled from a sequence default'}; use an identity column`,
          path: column.path,
          object: column.object,
          fix: `type: ${base}, identity: { generation: always }${column.type.serial ? '' : ', and no default'}`,
        });
      }
    }
  },
};
