// schemata migrate drift and migrate up --check-drift on a server: a database migrated by migrate up
// and then changed by hand is named as drifted (exit 1); unchanged, it is not (exit 0).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliOutputSchema } from '../src/cli/json-document.ts';
import { withServerDatabase } from './support/databases.ts';
import { withTempDir } from './support/temp-dir.ts';
import { runCli } from './support/run-cli.ts';

const MODEL = `schemata: 1
schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, notNull: true }
          - { name: status, type: text }
        primaryKey: { name: orders_pkey, columns: [id] }
`;

describe('schemata migrate drift on a server', () => {
  test('names a column added by hand (exit 1), says nothing drifted before (exit 0); up --check-drift refuses', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await withTempDir({ 'model.yaml': MODEL }, async (dir) => {
        const migrations = join(dir, 'migrations');
        await mkdir(migrations);
        await writeFile(
          join(migrations, '0001_create_orders.up.sql'),
          'CREATE TABLE orders (id bigint PRIMARY KEY, status text);\n',
        );
        await writeFile(join(migrations, '0001_create_orders.down.sql'), 'DROP TABLE orders;\n');
        const cli = (...args: string[]) => runCli(...args, '--db', url, '--dir', migrations);
        assert.equal((await cli('migrate', 'up')).code, 0);

        const clean = await cli('migrate', 'drift', '--model', join(dir, 'model.yaml'));
        assert.equal(clean.code, 0, clean.stdout + clean.stderr);
        assert.match(
          clean.stdout,
          /the database is as its 1 applied migration\(s\), up to 0001_create_orders leave it/,
        );
        assert.match(clean.stdout, /the database matches the model/);

        await db.exec('ALTER TABLE orders ADD COLUMN note text');
        const drifted = await cli('migrate', 'drift');
        assert.equal(drifted.code, 1, drifted.stderr);
        assert.match(
          drifted.stdout,
          /drift from the migrations .*: 1 object\(s\) differ: public\.orders\.note$/m,
        );
        assert.match(drifted.stdout, /note/);

        const json = await cli('migrate', 'drift', '--json', '--model', join(dir, 'model.yaml'));
        assert.equal(json.code, 1, json.stderr);
        const document = CliOutputSchema.parse(JSON.parse(json.stdout));
        assert.equal(document.command, 'migrate drift');
        assert.deepEqual(document.drift?.replayed, ['0001_create_orders']);
        assert.equal(document.drift?.migrations.length, 1);
        assert.equal(document.drift?.model?.changes.length, 1, 'the model lacks the column too');

        await writeFile(
          join(migrations, '0002_index.up.sql'),
          'CREATE INDEX orders_status ON orders (status);\n',
        );
        const refused = await cli('migrate', 'up', '--check-drift');
        assert.equal(refused.code, 1, refused.stderr);
        assert.match(refused.stderr, /public\.orders/);
        assert.match(refused.stderr, /not where its migration history says/);
        const [index] = await db.query<{ found: string | null }>(
          "SELECT to_regclass('orders_status')::text AS found",
        );
        assert.equal(index?.found, null, 'nothing was applied');

        await db.exec('ALTER TABLE orders DROP COLUMN note');
        const checked = await cli('migrate', 'up', '--check-drift');
        assert.equal(checked.code, 0, checked.stderr);
        assert.match(checked.stderr, /applied 0002_index/);
      });
    });
  });

  test('renames a pending migration makes are named as renames, not as drops and creates', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await withTempDir(
        {
          'model.yaml': MODEL.replace('- { name: status, type: text }', '- { name: remark, type: text }'),
        },
        async (dir) => {
          const migrations = join(dir, 'migrations');
          await mkdir(migrations);
          await writeFile(
            join(migrations, '0001_create_orders.up.sql'),
            'CREATE TABLE order_list (id bigint PRIMARY KEY, note text);\n',
          );
          await writeFile(
            join(migrations, '0002_rename.up.sql'),
            'ALTER TABLE order_list RENAME TO orders;\nALTER TABLE orders RENAME COLUMN note TO remark;\nALTER TABLE orders RENAME CONSTRAINT order_list_pkey TO orders_pkey;\n',
          );
          const cli = (...args: string[]) => runCli(...args, '--db', url, '--dir', migrations);
          assert.equal((await cli('migrate', 'up', '--to', '1')).code, 0);
          const model = ['--model', join(dir, 'model.yaml')];

          const behind = await cli('migrate', 'drift', ...model);
          assert.equal(behind.code, 1, 'the database is not at the model yet');
          assert.match(behind.stdout, /the database is as its 1 applied migration/);
          assert.match(
            behind.stdout,
            /rename table public\.orders \(was order_list\) \(what the pending 0002_rename does\)/,
          );
          assert.match(behind.stdout, /rename column .*remark.* \(what the pending 0002_rename does\)/);
          assert.doesNotMatch(behind.stdout, /(create|drop) (table|column)/);

          // The table renamed by hand, as the pending migration would: drift, named as that rename.
          await db.exec('ALTER TABLE order_list RENAME TO orders');
          const json = await cli('migrate', 'drift', '--json', ...model);
          assert.equal(json.code, 1);
          const document = CliOutputSchema.parse(JSON.parse(json.stdout));
          assert.deepEqual(
            document.drift?.migrations.map((c) => `${c.action} ${c.kind} ${c.key.name}`),
            ['rename table orders'],
          );
          assert.deepEqual(
            document.drift?.pendingRenames?.map((r) => `${r.kind} ${r.from} ${r.to} ${r.migration}`),
            [
              'table order_list orders 0002_rename',
              'column note remark 0002_rename',
              'constraint order_list_pkey orders_pkey 0002_rename',
            ],
          );
          assert.ok(
            document.drift?.model?.changes.every((c) => c.action === 'rename'),
            JSON.stringify(document.drift?.model?.changes),
          );
        },
      );
    });
  });
});
