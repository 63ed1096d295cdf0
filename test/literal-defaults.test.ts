// `default: 0`, `default: true`, `default: 1.5` written unquoted in a model file: read as the SQL they
// spell, built into a database, and read back as text (`default: "0"`) that compares equal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openServerDatabase } from '../src/db/database.ts';
import { createScratchDatabase } from '../src/db/scratch.ts';
import { readModelSources } from '../src/readers/read-model.ts';
import { serverSkipReason, serverUrl } from './support/databases.ts';
import { runCli } from './support/run-cli.ts';
import { withTempDir } from './support/temp-dir.ts';

const MODEL = `schemata: 1
schemas:
  public:
    domains:
      flag:
        type: boolean
        default: false
    tables:
      counters:
        columns:
          - { name: id, type: integer, notNull: true, default: 0 }
          - { name: active, type: boolean, notNull: true, default: true }
          - { name: ratio, type: numeric, default: 1.5 }
          - { name: below, type: integer, default: -1 }
          - { name: archived, type: flag }
    functions:
      "bump(integer, integer)":
        language: sql
        arguments: [{ name: a, type: integer }, { name: b, type: integer, default: 1 }]
        returns: integer
        sqlBody: RETURN (a + b)
`;

test('unquoted number and boolean defaults are read as their SQL text', async () => {
  const result = await readModelSources([{ file: 'model.yaml', text: MODEL }]);
  assert.deepEqual(result.diagnostics, []);
  const schema = result.model.schemas?.public;
  assert.deepEqual(
    schema?.tables?.counters?.columns.map((c) => c.default),
    ['0', 'true', '1.5', '-1', undefined],
  );
  assert.equal(schema?.domains?.flag?.default, 'false');
  assert.equal(schema?.functions?.['bump(integer, integer)']?.arguments?.[1]?.default, '1');
});

test('a default that is no obvious literal is still reported at its position', async () => {
  const text = MODEL.replace('default: 1.5 }', 'default: .inf }');
  const result = await readModelSources([{ file: 'model.yaml', text }]);
  const line = text.split('\n').findIndex((l) => l.includes('.inf')) + 1;
  assert.deepEqual(
    result.diagnostics.map((d) => [d.code, d.location?.line]),
    [['invalid-shape', line]],
  );
});

test('generate, import and diff: the model with literal defaults round-trips (embedded)', async () => {
  await withTempDir({ 'model.yaml': MODEL }, async (dir) => {
    const model = join(dir, 'model.yaml');
    const ddl = await runCli('generate', model, '-o', join(dir, 'schema.sql'));
    assert.equal(ddl.code, 0, ddl.stderr);
    const sql = await readFile(join(dir, 'schema.sql'), 'utf8');
    assert.match(sql, /id integer DEFAULT 0 NOT NULL/);
    assert.match(sql, /active boolean DEFAULT true NOT NULL/);
    assert.match(sql, /ratio numeric DEFAULT 1\.5/);
    assert.match(sql, /CREATE DOMAIN public\.flag AS boolean\n\s+DEFAULT false;/);

    const imported = await runCli('import', join(dir, 'schema.sql'), '-o', join(dir, 'back.yaml'));
    assert.equal(imported.code, 0, imported.stderr);
    const back = await readFile(join(dir, 'back.yaml'), 'utf8');
    // Written back as the text PostgreSQL spells, quoted so that YAML keeps it a string.
    assert.match(back, /name: id\n\s+type: integer\n\s+notNull: true\n\s+default: "0"\n/);
    assert.match(back, /default: "true"/);
    assert.match(back, /default: "1\.5"/);

    const diff = await runCli('diff', join(dir, 'back.yaml'), model);
    assert.equal(diff.code, 0, diff.stdout + diff.stderr);
    const reverse = await runCli('diff', model, join(dir, 'back.yaml'));
    assert.equal(reverse.code, 0, reverse.stdout + reverse.stderr);
  });
});

test(
  'generate, apply, inspect and diff against the server: equal, defaults written as text',
  { skip: serverSkipReason ?? false },
  async () => {
    const scratch = await createScratchDatabase(serverUrl!, 'schemata_test');
    try {
      await withTempDir({ 'model.yaml': MODEL }, async (dir) => {
        const model = join(dir, 'model.yaml');
        const ddl = await runCli('generate', model);
        assert.equal(ddl.code, 0, ddl.stderr);
        const db = await openServerDatabase(scratch.url);
        await db.exec(ddl.stdout).finally(() => db.close());

        const diff = await runCli('diff', scratch.url, model);
        assert.equal(diff.code, 0, diff.stdout + diff.stderr);

        const inspected = await runCli('inspect', '--db', scratch.url, '-o', join(dir, 'inspected.yaml'));
        assert.equal(inspected.code, 0, inspected.stderr);
        const text = await readFile(join(dir, 'inspected.yaml'), 'utf8');
        assert.match(text, /default: "0"/);
        assert.match(text, /default: "false"/);
        const compared = await runCli('diff', join(dir, 'inspected.yaml'), model);
        assert.equal(compared.code, 0, compared.stdout + compared.stderr);

        // The database changed by hand: the model with unquoted defaults still finds the difference.
        const change = await openServerDatabase(scratch.url);
        await change.exec('ALTER TABLE counters ALTER COLUMN id SET DEFAULT 7').finally(() => change.close());
        const drift = await runCli('diff', scratch.url, model);
        assert.equal(drift.code, 1);
        assert.match(drift.stdout, /SET DEFAULT 0/);
      });
    } finally {
      await scratch.drop();
    }
  },
);
