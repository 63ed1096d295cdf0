import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readModelSources } from '../../readers/read-model.ts';

async function diagnose(lines: string[]): Promise<string[]> {
  const result = await readModelSources([{ file: 'model.yaml', text: `${lines.join('\n')}\n` }]);
  return result.diagnostics.map(
    (d) => `${d.location?.file}:${d.location?.line}:${d.location?.column} ${d.code}`,
  );
}

const MODEL = [
  'schemas:',
  '  public:',
  '    tables:',
  '      events:',
  '        columns:',
  '          - { name: id, type: bigint, notNull: true }',
  '          - { name: at, type: timestamptz, notNull: true }',
  '          - { name: code, type: text }',
  '        primaryKey: { columns: [id, at] }',
  '        uniques: [{ columns: [code, at] }]',
  '        patterns:',
  '          partitionedByTime: { column: at, interval: month, start: "2026-01-01" }',
];

test('partitionedByTime with a time column in every key is valid', async () => {
  assert.deepEqual(await diagnose(MODEL), []);
});

test('partitionedByTime problems are reported where they are written', async () => {
  const keys = [...MODEL];
  keys[8] = '        primaryKey: { columns: [id] }';
  keys[9] = '        uniques: [{ columns: [code] }]';
  keys[11] = '          partitionedByTime: { column: at, interval: week, start: "2026-01-01" }';
  assert.deepEqual(await diagnose(keys), [
    'model.yaml:9:23 partition-key-not-in-unique-key',
    'model.yaml:10:21 partition-key-not-in-unique-key',
    'model.yaml:12:67 misaligned-partition-start',
  ]);
  const column = [...MODEL];
  column[11] = '          partitionedByTime: { column: code, start: "2026-01-01" }';
  assert.deepEqual(await diagnose(column), [
    'model.yaml:9:23 partition-key-not-in-unique-key',
    'model.yaml:12:40 invalid-time-partition-column',
  ]);
  const missing = [...MODEL];
  missing[11] = '          partitionedByTime: { column: gone, start: "2026-01-01" }';
  missing.splice(8, 2, '        partitionBy: { strategy: list, columns: [code] }');
  assert.deepEqual(await diagnose(missing), [
    'model.yaml:11:11 conflicting-partitioning',
    'model.yaml:11:40 unknown-column',
  ]);
});
