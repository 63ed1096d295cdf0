// schemata migrate squash on a server: the migrations up to a version become one, proved by replay; a
// database that applied the originals sees nothing pending and ends equal to a fresh database that
// applies the squashed migration; one that applied only some of them is refused; squashing again
// keeps both kinds valid. Data statements are refused.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openServerDatabase, type Database } from '../src/db/database.ts';
import { createScratchDatabase, type ScratchDatabase } from '../src/db/scratch.ts';
import { diffModels } from '../src/diff/diff-models.ts';
import { CliOutputSchema } from '../src/cli/json-document.ts';
import { inspectLiveDatabase } from '../src/migrations/runner/inspect-live-database.ts';
import { serverUrl, withServerDatabase } from './support/databases.ts';
import { withTempDir } from './support/temp-dir.ts';
import { runCli } from './support/run-cli.ts';

const ORIGINALS: Record<string, string> = {
  '0001_create_orders.up.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, status text);\n',
  '0001_create_orders.down.sql': 'DROP TABLE orders;\n',
  '0002_add_note.up.sql':
    '-- follows: 0001_create_orders\nALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX orders_status ON orders (status);\n',
  '0002_add_note.down.sql': 'DROP INDEX orders_status;\nALTER TABLE orders DROP COLUMN note;\n',
  '0003_customers.up.sql':
    "-- follows: 0002_add_note\nCREATE TYPE mood AS ENUM ('ok', 'sad');\nCREATE TABLE customers (id int PRIMARY KEY, m mood DEFAULT 'ok', order_id bigint REFERENCES orders);\nCREATE VIEW happy AS SELECT id FROM customers WHERE m = 'ok';\n",
  '0003_customers.down.sql': 'DROP VIEW happy;\nDROP TABLE customers;\nDROP TYPE mood;\n',
  '0004_name.up.sql':
    "-- follows: 0003_customers\nALTER TABLE customers ADD COLUMN name text NOT NULL DEFAULT '';\n",
  '0004_name.down.sql': 'ALTER TABLE customers DROP COLUMN name;\n',
};

async function writeDir(dir: string, files: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
}

async function schemaOf(db: Database) {
  return (await inspectLiveDatabase(db, 'schemata')).model;
}

describe('schemata migrate squash on a server', () => {
  test('squashed migrations: applied databases see nothing pending, fresh ones apply the squash, both end equal', async (t) => {
    await withServerDatabase(t, async (before, beforeUrl) => {
      await withTempDir({}, async (dir) => {
        const migrations = join(dir, 'migrations');
        const originals = join(dir, 'originals');
        await writeDir(migrations, ORIGINALS);
        await writeDir(originals, ORIGINALS);
        const cli = (...args: string[]) => runCli(...args, '--dir', migrations);
        // One database applied them all, another only the first two.
        assert.equal((await cli('migrate', 'up', '--db', beforeUrl)).code, 0);
        const partly = await createScratchDatabase(serverUrl as string, 'schemata_test');
        const fresh = await createScratchDatabase(serverUrl as string, 'schemata_test');
        const scratches: ScratchDatabase[] = [partly, fresh];
        try {
          assert.equal((await cli('migrate', 'up', '--to', '2', '--db', partly.url)).code, 0);

          const squash = await cli('migrate', 'squash', '--to', '0003', '--json');
          assert.equal(squash.code, 0, squash.stdout);
          const document = CliOutputSchema.parse(JSON.parse(squash.stdout));
          assert.equal(document.squash?.migration, '0003_squashed');
          assert.deepEqual(document.squash?.replaces, [1, 2, 3]);
          assert.deepEqual((await readdir(migrations)).sort(), [
            '0003_squashed.down.sql',
            '0003_squashed.up.sql',
            '0004_name.down.sql',
            '0004_name.up.sql',
          ]);
          const text = await readFile(join(migrations, '0003_squashed.up.sql'), 'utf8');
          assert.match(text, /^-- schemata migration 0003_squashed \(up\)\n-- squashes: 0001-0003\n/);

          // Applied before: nothing pending, nothing re-run, verify passes.
          const status = await cli('migrate', 'status', '--db', beforeUrl, '--json');
          assert.equal(status.code, 0, status.stdout);
          assert.deepEqual(
            CliOutputSchema.parse(JSON.parse(status.stdout)).migrations?.map((m) => [
              m.label,
              m.state,
              m.replacedApplied ?? false,
            ]),
            [
              ['0003_squashed', 'applied', true],
              ['0004_name', 'applied', false],
            ],
          );
          const table = await cli('migrate', 'status', '--db', beforeUrl);
          assert.match(table.stdout, /0003_squashed +applied \(as 0001-0003\)/);
          const up = await cli('migrate', 'up', '--db', beforeUrl);
          assert.equal(up.code, 0, up.stderr);
          assert.match(up.stderr, /nothing to apply/);
          assert.equal((await cli('migrate', 'verify', '--db', beforeUrl)).code, 0);

          // A fresh database applies the squashed migration and ends as the one migrated before.
          const freshUp = await cli('migrate', 'up', '--db', fresh.url);
          assert.equal(freshUp.code, 0, freshUp.stderr);
          assert.match(freshUp.stderr, /applied 0003_squashed .*\napplied 0004_name /);
          const freshDb = await openServerDatabase(fresh.url);
          try {
            assert.deepEqual(diffModels(await schemaOf(before), await schemaOf(freshDb)), []);
          } finally {
            await freshDb.close();
          }

          // Part of the way: refused until it is brought to the squash with the original files.
          const odd = await cli('migrate', 'up', '--db', partly.url);
          assert.equal(odd.code, 1);
          assert.match(
            odd.stderr,
            /squash-partly-applied: 0003_squashed squashes 0001-0003, and the database is part of the way there: it has 0001-0002 applied/,
          );
          assert.equal(
            (await runCli('migrate', 'up', '--to', '3', '--db', partly.url, '--dir', originals)).code,
            0,
          );
          assert.equal((await cli('migrate', 'up', '--db', partly.url)).code, 0);

          // Squashed again, over the squash: both kinds of database stay valid.
          const again = await cli('migrate', 'squash', '--to', '4');
          assert.equal(again.code, 0, again.stderr);
          assert.match(
            await readFile(join(migrations, '0004_squashed.up.sql'), 'utf8'),
            /-- squashes: 0003-0004\n/,
          );
          for (const url of [beforeUrl, fresh.url, partly.url]) {
            const after = await cli('migrate', 'status', '--db', url);
            assert.equal(after.code, 0, after.stderr);
            assert.match(after.stdout, /0004_squashed +applied \(as 0003-0004\) .*\n1 applied, 0 pending/);
          }

          // Reverting the squash reverts what it replaced: everything is pending again, and up re-applies it.
          const down = await cli('migrate', 'down', '--db', beforeUrl);
          assert.equal(down.code, 0, down.stderr);
          assert.match((await cli('migrate', 'status', '--db', beforeUrl)).stdout, /0004_squashed +pending/);
          assert.equal((await cli('migrate', 'up', '--db', beforeUrl)).code, 0);
        } finally {
          for (const scratch of scratches) await scratch.drop();
        }
      });
    });
  });

  test('data statements and a version that is not there are refused; nothing is written', async () => {
    await withTempDir({}, async (dir) => {
      const migrations = join(dir, 'migrations');
      await writeDir(migrations, {
        ...ORIGINALS,
        '0002_add_note.up.sql': `${ORIGINALS['0002_add_note.up.sql']}INSERT INTO orders VALUES (1, 'seed');\n`,
      });
      const refused = await runCli('migrate', 'squash', '--to', '3', '--dir', migrations);
      assert.equal(refused.code, 2);
      assert.match(
        refused.stderr,
        /0002_add_note\.up\.sql:4:1: error squash-data-statement: 0002_add_note changes data \(INSERT\)/,
      );
      const missing = await runCli('migrate', 'squash', '--to', '9', '--dir', migrations);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /there is no migration 9/);
      const first = await runCli('migrate', 'squash', '--to', '1', '--dir', migrations);
      assert.equal(first.code, 2);
      assert.match(first.stderr, /nothing to squash/);
      assert.equal((await readdir(migrations)).length, 8, 'nothing was written or removed');
      const noTo = await runCli('migrate', 'squash', '--dir', migrations);
      assert.equal(noTo.code, 2);
      assert.match(noTo.stderr, /migrate squash needs --to VERSION/);
    });
  });
});
