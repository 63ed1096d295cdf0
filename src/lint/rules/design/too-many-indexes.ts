import { analyzeModel } from '../../model/analysis.ts';
import { numberOption } from '../../model/rule-support.ts';
import { rowsPerDay, shortCount } from '../../model/volume.ts';
import type { ModelRule } from '../../rule.ts';

export const tooManyIndexes: ModelRule = {
  kind: 'model',
  code: 'too-many-indexes',
  category: 'performance',
  severity: 'warning',
  summary: 'Tables carry few indexes, and write-heavy tables fewer still.',
  rationale:
    'Every insert writes every index, and every update that is not HOT does too; each index also competes for memory. On tables that take many writes the indexes, not the table, set the write throughput. Indexes that no declared query needs are the first to drop.',
  fix: 'Remove indexes that no query pattern needs, merge indexes that share leading columns.',
  examples: {
    bad: `schemas:
  public:
    tables:
      events:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: a, type: bigint, notNull: true }
          - { name: b, type: bigint, notNull: true }
          - { name: c, type: bigint, notNull: true }
          - { name: d, type: bigint, notNull: true }
          - { name: e, type: bigint, notNull: true }
          - { name: f, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [a] }
          - { columns: [b] }
          - { columns: [c] }
          - { columns: [d] }
          - { columns: [e] }
          - { columns: [f] }
        volume: { rows: 100000000, growth: 5M rows/day }
`,
    good: `schemas:
  public:
    tables:
      events:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: a, type: bigint, notNull: true }
          - { name: b, type: bigint, notNull: true }
          - { name: c, type: bigint, notNull: true }
          - { name: d, type: bigint, notNull: true }
          - { name: e, type: bigint, notNull: true }
          - { name: f, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [a, b] }
        volume: { rows: 100000000, growth: 5M rows/day }
`,
  },
  options: {
    max: {
      description: 'Most indexes (primary key and unique constraints included) on any table.',
      default: 12,
    },
    maxWriteHeavy: { description: 'Most indexes on a write-heavy table.', default: 6 },
    writeHeavyRowsPerDay: {
      description:
        'A table whose volume growth reaches this many rows a day (or tagged write-heavy) is write-heavy.',
      default: 1000000,
    },
  },
  check(context) {
    const max = numberOption(context, 'max');
    const maxWriteHeavy = numberOption(context, 'maxWriteHeavy');
    const threshold = numberOption(context, 'writeHeavyRowsPerDay');
    for (const table of analyzeModel(context.model).tables) {
      const perDay = rowsPerDay(table.table.volume?.growth);
      const tagged = (table.table.tags ?? []).includes('write-heavy');
      const writeHeavy = tagged || (perDay !== undefined && perDay >= threshold);
      const limit = writeHeavy ? Math.min(max, maxWriteHeavy) : max;
      const count = table.indexes.length;
      if (count <= limit) continue;
      const why = writeHeavy
        ? ` on a write-heavy table (${tagged ? 'tagged write-heavy' : `${shortCount(perDay ?? 0)} rows a day`})`
        : '';
      context.report({
        message: `${table.object} has ${count} indexes${why}; at most ${limit} are advised`,
        path: table.path,
        object: table.object,
      });
    }
  },
};
