import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readModelSources } from '../readers/read-model.ts';

async function diagnose(lines: string[]): Promise<string[]> {
  const result = await readModelSources([{ file: 'model.yaml', text: `${lines.join('\n')}\n` }]);
  return result.diagnostics.map(
    (d) => `${d.location?.file}:${d.location?.line}:${d.location?.column} ${d.code}`,
  );
}

const MODEL = [
  'schemata: 1',
  'schemas:',
  '  app:',
  '    owner: app_owner',
  '    grants: [{ role: PUBLIC, privileges: [usage] }]',
  '    tables:',
  '      notes:',
  '        columns:',
  '          - { name: id, type: integer }',
  '          - { name: body, type: text }',
  '        grants:',
  '          - { role: reader, privileges: [select, update], columns: [body] }',
  '          - { role: writer, privileges: [insert], withGrantOption: true }',
  '        revokes: [{ role: PUBLIC, privileges: [select] }]',
  '    functions:',
  '      "f()":',
  '        language: sql',
  '        returns: integer',
  '        body: SELECT 1',
  '        revokes: [{ role: PUBLIC, privileges: [execute] }]',
];

test('owners, grants and revokes that fit their objects are valid', async () => {
  assert.deepEqual(await diagnose(MODEL), []);
});

test('a privilege the object kind does not have is reported where it is written', async () => {
  const lines = [...MODEL];
  lines[4] = '    grants: [{ role: PUBLIC, privileges: [usage, execute] }]';
  lines[19] = '        revokes: [{ role: PUBLIC, privileges: [select] }]';
  lines[12] = '          - { role: writer, privileges: [insert, truncate], columns: [id] }';
  assert.deepEqual(await diagnose(lines), [
    'model.yaml:5:50 unknown-privilege',
    'model.yaml:13:50 unknown-privilege',
    'model.yaml:20:48 unknown-privilege',
  ]);
});

test('a column privilege on a column the table does not have is reported', async () => {
  const lines = [...MODEL];
  lines[11] = '          - { role: reader, privileges: [select], columns: [body, title] }';
  assert.deepEqual(await diagnose(lines), ['model.yaml:12:67 unknown-grant-column']);
});
