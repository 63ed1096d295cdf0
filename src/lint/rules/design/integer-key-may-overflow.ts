import { analyzeModel } from '../../model/analysis.ts';
import { integerBytes } from '../../model/column-types.ts';
import { numberOption } from '../../model/rule-support.ts';
import { projectedRows, shortCount } from '../../model/volume.ts';
import type { ModelRule } from '../../rule.ts';

const MAX: Readonly<Record<number, number>> = { 2: 32767, 4: 2147483647 };

export const integerKeyMayOverflow: ModelRule = {
  kind: 'model',
  code: 'integer-key-may-overflow',
  category: 'design',
  severity: 'warning',
  summary: 'Keys of tables expected to grow large are bigint, not integer or smallint.',
  rationale:
    'An integer key runs out at 2,147,483,647 (smallint at 32,767), and sequences also spend values on rolled-back inserts. Running out stops all inserts; changing the type of a key and every foreign key to it rewrites the tables under an exclusive lock. bigint costs 4 bytes more per row.',
  fix: 'Change the key column to `bigint` (and the foreign key columns that reference it).',
  examples: {
    bad: `schemas:
  public:
    tables:
      events:
        columns:
          - { name: id, type: integer, identity: { generation: always } }
          - { name: name, type: text, notNull: true }
        primaryKey: { columns: [id] }
        volume: { rows: 300000000, growth: 2M rows/day }
`,
    good: `schemas:
  public:
    tables:
      events:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: name, type: text, notNull: true }
        primaryKey: { columns: [id] }
        volume: { rows: 300000000, growth: 2M rows/day }
`,
  },
  options: {
    years: { description: 'How many years of the volume growth to project.', default: 10 },
    headroom: {
      description: "Report when the projected rows reach this share of the type's largest value.",
      default: 0.5,
    },
  },
  related: ['squawk: prefer-bigint-over-int', 'squawk: prefer-bigint-over-smallint'],
  differences:
    'Squawk reports every integer column; this rule reports key columns (primary key, identity, serial) of tables whose `volume` (rows and growth over the years option) reaches the headroom share of the range, so small lookup tables keep their compact keys.',
  check(context) {
    const years = numberOption(context, 'years');
    const headroom = numberOption(context, 'headroom');
    for (const table of analyzeModel(context.model).tables) {
      const projected = projectedRows(table.table, years);
      if (projected === undefined) continue;
      for (const column of table.columns) {
        const isKey =
          (column.inPrimaryKey && table.primaryKey.length === 1) ||
          column.column.identity !== undefined ||
          column.type.serial;
        const bytes = integerBytes(column.baseType);
        if (!isKey || bytes === undefined || bytes === 8) continue;
        const max = MAX[bytes] ?? 0;
        if (projected < max * headroom) continue;
        context.report({
          message: `key column ${column.object} is ${bytes === 2 ? 'smallint' : 'integer'} (max ${shortCount(max)}) but ${table.object} is expected to reach ${shortCount(projected)} rows in ${years} years`,
          path: [...column.path, 'type'],
          object: column.object,
          fix: `type: ${column.type.serial ? 'bigserial' : 'bigint'}`,
        });
      }
    }
  },
};
