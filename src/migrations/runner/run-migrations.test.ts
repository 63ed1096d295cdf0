// The runner's logic on embedded PostgreSQL (PGlite): up, status, down and up again, a file that runs
// outside a transaction and stops part of the way, then resumes; and how files are classified.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withEmbeddedDatabase } from '../../../test/support/databases.ts';
import { withTempDir } from '../../../test/support/temp-dir.ts';
import { readMigrationsDirectory } from '../migrations-directory.ts';
import { readMigrationScript } from './migration-script.ts';
import { migrateDown, migrateUp, readDatabaseStatus, type RunnerSettings } from './run-migrations.ts';

const settings: RunnerSettings = { historySchema: 'schemata', lockWaitMs: 1000, lockTimeoutMs: 5000 };

test('on embedded PostgreSQL: up, status, down, up; a failing step outside a transaction resumes after the steps done', async () => {
  await withTempDir({}, async (dir) => {
    const migrations = join(dir, 'migrations');
    await mkdir(migrations);
    const write = (name: string, text: string) => writeFile(join(migrations, name), text);
    await write('0001_orders.up.sql', 'BEGIN;\nCREATE TABLE orders (id int PRIMARY KEY);\nCOMMIT;\n');
    await write('0001_orders.down.sql', 'DROP TABLE orders;\n');
    // Fails at its third statement until the table it needs exists.
    await write(
      '0002_steps.up.sql',
      '-- schemata:no-transaction\nCREATE TABLE a (id int);\nBEGIN;\nCREATE TABLE b (id int);\nCREATE TABLE c (id int);\nCOMMIT;\nINSERT INTO gate VALUES (1);\n',
    );
    await write('0002_steps.down.sql', 'DROP TABLE a, b, c;\n');
    await withEmbeddedDatabase(async (db) => {
      const directory = await readMigrationsDirectory(migrations);
      const failed = await migrateUp(db, directory, settings);
      assert.equal(failed.outcome, 'failed');
      assert.deepEqual(
        failed.runs.map((r) => r.label),
        ['0001_orders'],
      );
      assert.equal(failed.diagnostics[0]?.code, 'migration-failed');
      assert.deepEqual(failed.diagnostics[0]?.location, {
        file: join(migrations, '0002_steps.up.sql'),
        line: 7,
        column: 13,
      });
      assert.match(failed.diagnostics[0]?.message ?? '', /3 of its 4 statements are done/);
      const partial = await readDatabaseStatus(db, directory, 'schemata');
      assert.deepEqual(
        partial.entries.map((e) => [e.label, e.state, e.progress?.done]),
        [
          ['0001_orders', 'applied', undefined],
          ['0002_steps', 'partial', 3],
        ],
      );

      await db.exec('CREATE TABLE gate (id int)');
      const resumed = await migrateUp(db, directory, settings);
      assert.equal(resumed.outcome, 'ok', JSON.stringify(resumed.diagnostics));
      assert.deepEqual(
        resumed.runs.map((r) => [r.label, r.resumedAfter]),
        [['0002_steps', 3]],
      );
      const [gate] = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM gate');
      assert.equal(gate?.count, 1);

      const down = await migrateDown(db, directory, settings, { to: 0 });
      assert.deepEqual(
        down.runs.map((r) => r.label),
        ['0002_steps', '0001_orders'],
      );
      const status = await readDatabaseStatus(db, directory, 'schemata');
      assert.deepEqual(
        status.entries.map((e) => e.state),
        ['pending', 'pending'],
      );
      const again = await migrateUp(db, directory, settings);
      assert.equal(again.outcome, 'ok');
      assert.equal(again.runs.length, 2);
      const [orders] = await db.query<{ found: string | null }>(
        "SELECT to_regclass('orders')::text AS found",
      );
      assert.equal(orders?.found, 'orders');
    });
  });
});

test('files run in one transaction unless a statement cannot, or the directive says so', async () => {
  const cases: [string, string | undefined][] = [
    ['BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;\nBEGIN;\nCREATE INDEX ON t (id);\nCOMMIT;\n', undefined],
    [
      'CREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY i ON t (id);\n',
      'CREATE INDEX CONCURRENTLY at 2:1',
    ],
    ['DROP INDEX CONCURRENTLY i;\n', 'DROP INDEX CONCURRENTLY at 1:1'],
    ['REINDEX INDEX CONCURRENTLY i;\n', 'REINDEX CONCURRENTLY at 1:1'],
    ['VACUUM t;\n', 'VACUUM at 1:1'],
    ['ANALYZE t;\n', undefined],
    ["ALTER TYPE mood ADD VALUE 'sad';\nCREATE TABLE x (m mood DEFAULT 'ok');\n", undefined],
    ["ALTER TYPE mood ADD VALUE 'sad';\nCOMMIT;\n", undefined],
    [
      "ALTER TYPE mood ADD VALUE 'sad';\nUPDATE t SET m = 'sad';\n",
      'ALTER TYPE ... ADD VALUE at 1:1 used at 2:1',
    ],
    ['-- schemata:no-transaction\nCREATE TABLE t (id int);\n', 'the file says -- schemata:no-transaction'],
  ];
  await withTempDir({}, async (dir) => {
    for (const [index, [sql, because]] of cases.entries()) {
      const file = join(dir, `${index}.sql`);
      await writeFile(file, sql);
      const { script, diagnostics } = await readMigrationScript(file);
      if (sql.startsWith("ALTER TYPE mood ADD VALUE 'sad';\nCOMMIT;")) {
        assert.equal(diagnostics[0]?.message, 'COMMIT without BEGIN');
        continue;
      }
      assert.deepEqual(diagnostics, [], sql);
      assert.equal(script?.outsideTransactionBecause, because, sql);
      assert.equal(script?.transactional, because === undefined, sql);
    }
    await writeFile(join(dir, 'open.sql'), 'BEGIN;\nCREATE TABLE t (id int);\n');
    assert.equal(
      (await readMigrationScript(join(dir, 'open.sql'))).diagnostics[0]?.message,
      'this transaction block is never closed',
    );
    await writeFile(join(dir, 'rollback.sql'), 'CREATE TABLE t (id int);\nROLLBACK;\n');
    assert.match(
      (await readMigrationScript(join(dir, 'rollback.sql'))).diagnostics[0]?.message ?? '',
      /ROLLBACK cannot be run by the migration runner/,
    );
    await writeFile(join(dir, 'latin.sql'), "SET client_encoding = 'UTF8';\nSET NAMES 'LATIN1';\n");
    const latin = (await readMigrationScript(join(dir, 'latin.sql'))).diagnostics;
    assert.deepEqual(
      latin.map((d) => `${d.location?.line}: ${d.code}`),
      ['2: migration-client-encoding'],
    );
  });
});
