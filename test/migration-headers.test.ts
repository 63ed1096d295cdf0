// The comment header above a migration (`migrate new`) and the per-statement comments of `diff`, as a
// reviewer reads them: names as PostgreSQL writes them, each lock once, and no "breaks running code"
// for what running code cannot use yet (objects the same migration creates).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from './support/run-cli.ts';
import { withTempDir } from './support/temp-dir.ts';

const FIRST = `schemata: 1
schemas:
  public:
    tables:
      users:
        columns:
          - { name: id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
  app:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, notNull: true }
          - { name: user_id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [user_id], references: { schema: public, table: users, columns: [id] } }
        checks:
          - { name: positive_id, expression: id > 0 }
        indexes:
          - { columns: [user_id] }
        revokes:
          - { role: CURRENT_USER, privileges: [truncate] }
`;

// A self-referencing foreign key on the existing table: it locks app.orders (as referencing and as
// referenced table), and does break running code (inserts that violate it now fail).
const SECOND = FIRST.replace(
  '          - { name: user_id, type: bigint, notNull: true }\n',
  '          - { name: user_id, type: bigint, notNull: true }\n          - { name: parent_id, type: bigint }\n',
).replace(
  '        checks:',
  '          - { columns: [parent_id], references: { table: orders, columns: [id] } }\n        checks:',
);

function header(file: string): string {
  return file.slice(0, file.indexOf('\n\n'));
}

test('migrate new: schemas named once, nothing on a new table breaks running code, each lock once', async () => {
  await withTempDir({ 'model.yaml': FIRST }, async (dir) => {
    const args = ['--model', join(dir, 'model.yaml'), '--dir', join(dir, 'migrations')];
    const first = await runCli('migrate', 'new', 'init', ...args);
    assert.equal(first.code, 0, first.stderr);
    const up = await readFile(join(dir, 'migrations', '0001_init.up.sql'), 'utf8');
    assert.match(header(up), /^-- {3}create schema app$/m);
    assert.doesNotMatch(up, /schema (app\.app|public\.public)/);
    assert.match(up, /^-- {3}create foreign key app\.orders\.fk_orders_user_id$/m);
    assert.match(up, /^-- {3}owner and privileges of TABLE app\.orders \(revokes\)$/m);
    // A foreign key, check, index and revoke on a table created in the same migration.
    assert.match(header(up), /^-- hazards: none$/m);
    assert.doesNotMatch(up, /breaks running code/);
    const down = await readFile(join(dir, 'migrations', '0001_init.down.sql'), 'utf8');
    assert.match(header(down), /^-- {3}drop schema app: DATA LOSS/m);

    await writeFile(join(dir, 'model.yaml'), SECOND);
    const second = await runCli('migrate', 'new', 'parent', ...args, '--safe');
    assert.equal(second.code, 0, second.stderr);
    const up2 = header(await readFile(join(dir, 'migrations', '0002_parent.up.sql'), 'utf8'));
    const fkLines = up2
      .split('\n')
      .filter((line) => line.includes('create foreign key app.orders.fk_orders_parent_id:'));
    assert.equal(fkLines.length, 1, up2);
    const fkLine = fkLines[0] ?? '';
    assert.equal(
      fkLine,
      '--   create foreign key app.orders.fk_orders_parent_id: SHARE ROW EXCLUSIVE lock on app.orders; SHARE UPDATE EXCLUSIVE lock on app.orders; ROW SHARE lock on app.orders; breaks running code; scans the table',
    );
  });
});

test('diff: the statement comments name a schema once and flag nothing on a new table', async () => {
  await withTempDir({ 'model.yaml': FIRST, 'empty.sql': '-- nothing yet\n' }, async (dir) => {
    const result = await runCli('diff', join(dir, 'empty.sql'), join(dir, 'model.yaml'));
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /^-- create schema app\nCREATE SCHEMA app;$/m);
    assert.doesNotMatch(result.stdout, /breaks running code|lock on/);
    const summary = await runCli(
      'diff',
      join(dir, 'empty.sql'),
      join(dir, 'model.yaml'),
      '--format',
      'summary',
    );
    assert.match(summary.stdout, /^ {2}create schema app$/m);
    assert.match(summary.stdout, /0 may break running code/);
  });
});
