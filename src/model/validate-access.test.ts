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

const DEFAULTS = [
  'schemata: 1',
  'defaultPrivileges:',
  '  - { on: functions, revokes: [{ role: PUBLIC, privileges: [execute] }] }',
  '  - { forRole: app_owner, on: schemas, grants: [{ role: reader, privileges: [usage] }] }',
  'schemas:',
  '  app:',
  '    defaultPrivileges:',
  '      - { on: tables, grants: [{ role: reader, privileges: [select], withGrantOption: true }] }',
  '      - { on: routines, grants: [{ role: reader, privileges: [execute] }] }',
];

test('default privileges that fit their object classes are valid', async () => {
  assert.deepEqual(await diagnose(DEFAULTS), []);
});

test('bad default privileges are reported where they are written', async () => {
  const lines = [...DEFAULTS];
  lines[2] = '  - { on: functions, revokes: [{ role: PUBLIC, privileges: [usage] }] }';
  lines[3] = '  - { forRole: PUBLIC, on: schemas, grants: [{ role: reader, privileges: [usage] }] }';
  lines[7] = '      - { on: schemas, grants: [{ role: reader, privileges: [usage] }] }';
  lines[8] = '      - { on: types, revokes: [{ role: PUBLIC, privileges: [usage] }] }';
  assert.deepEqual(await diagnose(lines), [
    'model.yaml:3:61 unknown-privilege',
    'model.yaml:4:16 invalid-default-privileges-role',
    'model.yaml:8:15 default-privileges-on-schemas-in-schema',
    'model.yaml:9:22 ineffective-default-revoke',
  ]);
});
