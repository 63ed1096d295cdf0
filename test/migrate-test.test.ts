// schemata migrate test: each migration up, down and up again on a fresh scratch database (embedded
// PostgreSQL, and a server's through --dev-db), the end state against the model; the first failing
// migration is named, with its statement when one fails.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliOutputSchema } from '../src/cli/json-document.ts';
import { serverUrl, serverSkipReason } from './support/databases.ts';
import { withTempDir } from './support/temp-dir.ts';
import { runCli } from './support/run-cli.ts';

const GOOD: Record<string, string> = {
  '0001_create_orders.up.sql': 'BEGIN;\nCREATE TABLE orders (id bigint PRIMARY KEY, status text);\nCOMMIT;\n',
  '0001_create_orders.down.sql': 'DROP TABLE orders;\n',
  '0002_index.up.sql': 'CREATE INDEX CONCURRENTLY orders_status ON orders (status);\n',
  '0002_index.down.sql': 'DROP INDEX CONCURRENTLY orders_status;\n',
  '0003_customers.up.sql':
    "CREATE TYPE mood AS ENUM ('ok', 'sad');\nCREATE TABLE customers (id int PRIMARY KEY, m mood, order_id bigint REFERENCES orders);\n",
  '0003_customers.down.sql': 'DROP TABLE customers;\nDROP TYPE mood;\n',
};

const MODEL = `schemata: 1
schemas:
  public:
    enums:
      mood: { values: [ok, sad] }
    tables:
      orders:
        columns:
          - { name: id, type: bigint, notNull: true }
          - { name: status, type: text }
        primaryKey: { name: orders_pkey, columns: [id] }
        indexes:
          - { name: orders_status, columns: [status] }
      customers:
        columns:
          - { name: id, type: integer, notNull: true }
          - { name: m, type: mood }
          - { name: order_id, type: bigint }
        primaryKey: { name: customers_pkey, columns: [id] }
        foreignKeys:
          - { name: customers_order_id_fkey, columns: [order_id], references: { table: orders, columns: [id] } }
`;

async function writeDir(dir: string, files: Record<string, string>): Promise<string> {
  const migrations = join(dir, 'migrations');
  await mkdir(migrations, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(migrations, name), text);
  return migrations;
}

describe('schemata migrate test', () => {
  test('a good directory passes, and its end state is the model (exit 0)', async () => {
    await withTempDir({ 'model.yaml': MODEL }, async (dir) => {
      const migrations = await writeDir(dir, GOOD);
      const result = await runCli('migrate', 'test', '--dir', migrations, '--model', join(dir, 'model.yaml'));
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /ok 0001_create_orders: up, down \(the schema as before\), up again/);
      assert.match(result.stderr, /ok 0003_customers: up, down/);
      assert.match(result.stderr, /tested 3 migration\(s\): 3 revert .*; the end state is the model/);

      // The model has a column the migrations do not make.
      await writeFile(
        join(dir, 'model.yaml'),
        MODEL.replace(
          '{ name: status, type: text }',
          '{ name: status, type: text }\n          - { name: note, type: text }',
        ),
      );
      const json = await runCli(
        'migrate',
        'test',
        '--dir',
        migrations,
        '--model',
        join(dir, 'model.yaml'),
        '--json',
      );
      assert.equal(json.code, 1, json.stdout);
      const document = CliOutputSchema.parse(JSON.parse(json.stdout));
      assert.equal(document.command, 'migrate test');
      assert.deepEqual(
        document.tested?.map((t) => [t.label, t.up, t.down, t.reapply]),
        [
          ['0001_create_orders', 'ok', 'ok', 'ok'],
          ['0002_index', 'ok', 'ok', 'ok'],
          ['0003_customers', 'ok', 'ok', 'ok'],
        ],
      );
      assert.equal(document.endState?.changes.length, 1);
      assert.match(
        document.diagnostics.find((d) => d.code === 'migration-test-model')?.message ?? '',
        /column public\.orders\.note is in the model but not made by the migrations/,
      );
    });
  });

  test('a down file that leaves something behind, and one that fails, name the migration (exit 1)', async () => {
    await withTempDir({}, async (dir) => {
      const migrations = await writeDir(dir, {
        ...GOOD,
        '0003_customers.down.sql': 'DROP TABLE customers;\n',
      });
      const leaves = await runCli('migrate', 'test', '--dir', migrations, '--json');
      assert.equal(leaves.code, 1, leaves.stdout);
      const document = CliOutputSchema.parse(JSON.parse(leaves.stdout));
      assert.deepEqual(
        document.tested?.map((t) => [t.label, t.down, t.reapply]),
        [
          ['0001_create_orders', 'ok', 'ok'],
          ['0002_index', 'ok', 'ok'],
          ['0003_customers', 'differs', 'skipped'],
        ],
      );
      const [error] = document.diagnostics.filter((d) => d.severity === 'error');
      assert.equal(error?.code, 'migration-test-down-differs');
      assert.match(
        error?.message ?? '',
        /^0003_customers: its down file does not give back the schema before its up file: enum public\.mood is left behind/,
      );
      assert.equal(error?.object, join(migrations, '0003_customers.down.sql'));

      // A down file whose statement fails: named at its file, line and column.
      await writeFile(join(migrations, '0002_index.down.sql'), 'SELECT 1;\nDROP INDEX orders_state;\n');
      const fails = await runCli('migrate', 'test', '--dir', migrations);
      assert.equal(fails.code, 1, fails.stderr);
      assert.match(
        fails.stderr,
        /0002_index\.down\.sql:2:1: error migration-test-failed: 0002_index: its down file fails right after its up file: 0002_index failed: index "orders_state" does not exist/,
      );
      assert.doesNotMatch(fails.stderr, /0003_customers/, 'the test stops at the first failure');
    });
  });

  test('on a server through --dev-db: a down file that leaves a column behind fails the re-run of its up file', async (t) => {
    const devDb = serverUrl;
    if (devDb === undefined) return t.skip(serverSkipReason);
    await withTempDir({}, async (dir) => {
      const migrations = await writeDir(dir, {
        ...GOOD,
        '0004_note.up.sql': 'ALTER TABLE orders ADD COLUMN note text;\n',
        '0004_note.down.sql': 'SELECT 1;\n',
      });
      const result = await runCli('migrate', 'test', '--dir', migrations, '--dev-db', devDb);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /ok 0003_customers: up, down/);
      assert.match(
        result.stderr,
        /error migration-test-down-differs: 0004_note: its down file does not give back the schema before its up file: column public\.orders\.note is left behind/,
      );
    });
  });
});
