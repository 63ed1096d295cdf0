import { analyzeModel, type ColumnInfo } from '../../model/analysis.ts';
import type { TypeInfo } from '../../model/column-types.ts';
import { numberOption } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

/** Length and alignment of fixed-length built-in types (pg_type.typlen, typalign on 64-bit). */
const FIXED: Readonly<Record<string, [number, number]>> = {
  bool: [1, 1],
  char: [1, 1],
  int2: [2, 2],
  smallserial: [2, 2],
  serial2: [2, 2],
  int4: [4, 4],
  serial: [4, 4],
  serial4: [4, 4],
  float4: [4, 4],
  date: [4, 4],
  oid: [4, 4],
  int8: [8, 8],
  bigserial: [8, 8],
  serial8: [8, 8],
  float8: [8, 8],
  money: [8, 8],
  time: [8, 8],
  timestamp: [8, 8],
  timestamptz: [8, 8],
  timetz: [12, 8],
  interval: [16, 8],
  uuid: [16, 1],
  macaddr: [6, 4],
  macaddr8: [8, 4],
  point: [16, 8],
  pg_lsn: [8, 8],
};

function layout(type: TypeInfo): [number, number] | undefined {
  return type.builtin && !type.array ? FIXED[type.name] : undefined;
}

const align = (offset: number, to: number) => Math.ceil(offset / to) * to;

/** Bytes of the fixed-length part of a row with the columns in this order, padded to 8 at the end. */
function rowBytes(columns: readonly [number, number][]): number {
  let offset = 0;
  for (const [length, alignment] of columns) offset = align(offset, alignment) + length;
  return align(offset, 8);
}

export const columnOrderWastesPadding: ModelRule = {
  kind: 'model',
  code: 'column-order-wastes-padding',
  category: 'performance',
  severity: 'info',
  optIn: true,
  summary: 'Fixed-length columns are ordered so that alignment wastes no space (widest alignment first).',
  rationale:
    'PostgreSQL aligns each value to its type (8 bytes for bigint and timestamptz, 4 for integer): a boolean between two bigints costs 8 bytes. On large tables reordering saves disk, memory and I/O on every row. Column order is fixed at creation, so it is cheapest to get right in the model.',
  fix: 'Reorder the columns: 8-byte types (bigint, timestamptz, double precision) first, then 4-, 2- and 1-byte types, variable-length types (text, numeric, jsonb) last.',
  examples: {
    bad: `schemas:
  public:
    tables:
      accounts:
        columns:
          - { name: id, type: bigint }
          - { name: is_premium, type: boolean }
          - { name: balance, type: integer }
          - { name: age, type: smallint }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      accounts:
        columns:
          - { name: id, type: bigint }
          - { name: balance, type: integer }
          - { name: age, type: smallint }
          - { name: is_premium, type: boolean }
        primaryKey: { columns: [id] }
`,
  },
  options: {
    minBytes: { description: 'Report when reordering saves at least this many bytes per row.', default: 8 },
  },
  related: ['atlas: PG110'],
  differences:
    'Only the fixed-length columns are laid out (variable-length values have no fixed size); the saving is the padded size of those columns in the written order against the order by descending alignment.',
  check(context) {
    const minBytes = numberOption(context, 'minBytes');
    for (const table of analyzeModel(context.model).tables) {
      const fixed = table.columns
        .map((column): [ColumnInfo, [number, number] | undefined] => [column, layout(column.baseType)])
        .filter((entry): entry is [ColumnInfo, [number, number]] => entry[1] !== undefined);
      if (fixed.length < 2) continue;
      const written = rowBytes(fixed.map(([, l]) => l));
      const best = rowBytes(fixed.map(([, l]) => l).sort((a, b) => b[1] - a[1] || b[0] - a[0]));
      if (written - best < minBytes) continue;
      context.report({
        message: `columns of ${table.object} take ${written} bytes per row in this order, ${best} ordered by alignment`,
        path: [...table.path, 'columns'],
        object: table.object,
        fix: `order the columns: ${fixed
          .slice()
          .sort((a, b) => b[1][1] - a[1][1] || b[1][0] - a[1][0])
          .map(([column]) => column.name)
          .join(', ')}, then the variable-length ones`,
      });
    }
  },
};
