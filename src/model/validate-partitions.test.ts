import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic } from './diagnostics.ts';
import { readModelSources } from '../readers/read-model.ts';

async function diagnose(lines: string[]): Promise<string[]> {
  const result = await readModelSources([{ file: 'model.yaml', text: `${lines.join('\n')}\n` }]);
  return result.diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.code}`);
}

const PARENT = [
  'schemata: 1',
  'schemas:',
  '  public:',
  '    tables:',
  '      events:',
  '        partitionBy: { strategy: range, columns: [at] }',
  '        columns:',
  '          - { name: id, type: bigint, notNull: true }',
  '          - { name: at, type: date, notNull: true }',
  '        indexes:',
  '          - columns: [at]',
];

test('a valid partition, sub-partition and inheritance child: inherited columns count as the table’s own', async () => {
  const result = await readModelSources([
    {
      file: 'model.yaml',
      text: `${[
        ...PARENT,
        '      events_2024:',
        "        partitionOf: { table: events, bound: \"FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')\" }",
        '        columns:',
        '          - { name: id, type: bigint, default: "0" }',
        '        indexes:',
        '          - columns: [at, id]',
        '        clusterOn: idx_events_2024_at_id',
        '      archived:',
        '        inherits: [{ table: events }]',
        '        columns:',
        '          - { name: reason, type: text }',
        '        primaryKey: { columns: [id] }',
      ].join('\n')}\n`,
    },
  ]);
  assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
});

test('partition diagnostics have stable codes and point at the field', async () => {
  assert.deepEqual(
    await diagnose([
      ...PARENT,
      '      orphan:',
      '        partitionOf: { table: nowhere, bound: DEFAULT }',
      '        columns: []',
      '      not_partitioned:',
      '        columns: [{ name: id, type: integer }]',
      '      bad_parent:',
      '        partitionOf: { table: not_partitioned, bound: DEFAULT }',
      '        columns: []',
      '      bad_bound:',
      '        partitionOf: { table: events, bound: "VALUES IN (1)" }',
      '        columns:',
      '          - { name: nope, type: text }',
      '      bad_key:',
      '        partitionBy: { strategy: list, columns: [missing] }',
      '        columns: [{ name: id, type: integer }]',
      '        clusterOn: no_such_index',
      '      bad_child:',
      '        inherits: [{ table: missing_parent }]',
      '        columns: []',
    ]),
    [
      '13:31 unknown-parent-table',
      '18:31 parent-not-partitioned',
      '21:46 invalid-partition-bound',
      '23:21 invalid-partition',
      '25:50 unknown-column',
      '27:20 unknown-index',
      '29:29 unknown-parent-table',
    ],
  );
});
