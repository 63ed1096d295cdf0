import { tableFieldRule } from '../../model/metadata-rule.ts';

export const tableWithoutVolume = tableFieldRule({
  code: 'table-without-volume',
  field: 'volume',
  what: 'volume estimate',
  optIn: true,
  summary: 'Projects that require it: every table estimates its rows and growth (volume).',
  rationale:
    'Key types, partitioning and indexes depend on how big a table gets; the volume estimate lets the performance rules (integer-key-may-overflow, large-table-not-partitioned, too-many-indexes) judge the table.',
  fix: 'Add `volume: { rows: ..., growth: ... }` to the table.',
  example: 'volume: { rows: 2000000, growth: 5k rows/day }',
});
