// migrate up | status --targets FILE on a server: twenty tenant schemas of one database, one of which
// fails; the others succeed, the failure is reported (table, JSON summary, exit 1), and after the cause
// is fixed a re-run finishes that one and finds nothing to do in the others. Targets files are read in
// both formats; mistakes in them are usage errors.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliOutputSchema } from '../src/cli/json-document.ts';
import { readTargetsFile } from '../src/cli/commands/migrate-targets.ts';
import { withServerDatabase } from './support/databases.ts';
import { withTempDir } from './support/temp-dir.ts';
import { runCli } from './support/run-cli.ts';

const MIGRATIONS: Record<string, string> = {
  '0001_create_orders.up.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, status text);\n',
  '0001_create_orders.down.sql': 'DROP TABLE orders;\n',
  '0002_items.up.sql': 'CREATE TABLE items (id int, order_id bigint REFERENCES orders);\n',
  '0002_items.down.sql': 'DROP TABLE items;\n',
};

const tenant = (n: number) => `tenant_${String(n).padStart(2, '0')}`;

describe('schemata migrate --targets on a server', () => {
  test('twenty tenant schemas, one failing: 19 succeed, the failure is reported, a re-run finishes it', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await withTempDir({}, async (dir) => {
        const migrations = join(dir, 'migrations');
        await mkdir(migrations);
        for (const [name, text] of Object.entries(MIGRATIONS)) await writeFile(join(migrations, name), text);
        const targets = join(dir, 'tenants.txt');
        await writeFile(
          targets,
          `# every tenant of the shop\n${Array.from({ length: 20 }, (_, i) => `schema=${tenant(i + 1)}`).join('\n')}\n`,
        );
        // Tenant 13 has a table in the way of the second migration.
        await db.exec('CREATE SCHEMA tenant_13; CREATE TABLE tenant_13.items (x int)');
        const cli = (...args: string[]) =>
          runCli('migrate', ...args, '--targets', targets, '--db', url, '--dir', migrations);

        const first = await cli('up', '--concurrency', '4', '--continue-on-error', '--json');
        assert.equal(first.code, 1, first.stdout);
        const document = CliOutputSchema.parse(JSON.parse(first.stdout));
        assert.deepEqual(document.summary, {
          ...document.summary,
          targets: 20,
          ok: 19,
          failed: 1,
          skipped: 0,
          concurrency: 4,
        });
        const failed = document.targets?.filter((r) => r.outcome !== 'ok');
        assert.deepEqual(
          failed?.map((r) => [r.name, r.outcome, r.applied]),
          [['tenant_13', 'failed', ['0001_create_orders']]],
        );
        assert.match(
          document.diagnostics.find((d) => d.severity === 'error')?.message ?? '',
          /^tenant_13: 0002_items failed: relation "items" already exists/,
        );
        assert.equal(
          document.targets?.filter((r) => r.outcome === 'ok' && r.applied.length === 2).length,
          19,
        );
        assert.equal(document.targets?.[0]?.url, url.replace(/:[^:@/]*@/, ':***@'));
        // The tables are in each tenant's schema, and so is its history.
        const [orders] = await db.query<{ count: number }>(
          "SELECT count(*)::int AS count FROM pg_tables WHERE tablename = 'orders' AND schemaname LIKE 'tenant\\_%'",
        );
        assert.equal(orders?.count, 20);
        const history = await db.query<{ version: string }>(
          'SELECT version::text FROM tenant_01.schemata_migration_history ORDER BY id',
        );
        assert.deepEqual(
          history.map((r) => r.version),
          ['1', '2'],
        );
        const [shared] = await db.query<{ found: string | null }>(
          "SELECT to_regclass('schemata.migration_history')::text AS found",
        );
        assert.equal(shared?.found, null, 'tenants keep no history outside their schema');

        const status = await cli('status');
        assert.equal(status.code, 0, 'status: a tenant part of the way is not odd, only behind');
        assert.match(status.stdout, /tenant_13 +ok +1 +1 +0\n/);

        // Fixed: the re-run finishes tenant 13 and finds the others up to date.
        await db.exec('DROP TABLE tenant_13.items');
        const again = await cli('up', '--concurrency', '4');
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stdout, /^TARGET +RESULT +APPLIED +TIME\n/);
        assert.match(again.stdout, /tenant_13 +ok +1 /);
        assert.match(again.stdout, /tenant_01 +ok +0 /);
        assert.match(again.stderr, /tenant_13: applied 1 \(0002_items\) in \d+ ms/);
        assert.match(again.stderr, /20 targets in [\d.]+ s: 20 ok\n/);
        const after = await cli('status', '--json');
        assert.equal(after.code, 0);
        assert.ok(CliOutputSchema.parse(JSON.parse(after.stdout)).targets?.every((r) => r.pending === 0));
      });
    });
  });

  test('without --continue-on-error no target starts after a failure; URL lines with #schema=', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await withTempDir({}, async (dir) => {
        const migrations = join(dir, 'migrations');
        await mkdir(migrations);
        for (const [name, text] of Object.entries(MIGRATIONS)) await writeFile(join(migrations, name), text);
        await db.exec('CREATE SCHEMA b; CREATE TABLE b.orders (x int)');
        const targets = join(dir, 'targets.txt');
        await writeFile(targets, ['a', 'b', 'c', 'd'].map((s) => `${url}#schema=${s}`).join('\n'));
        const result = await runCli(
          'migrate',
          'up',
          '--targets',
          targets,
          '--concurrency',
          '1',
          '--dir',
          migrations,
        );
        assert.equal(result.code, 1);
        assert.match(result.stdout, /\ba +ok +2 .*\nb +failed +0 .*\nc +skipped +0\s*\nd +skipped +0/);
        assert.match(result.stderr, /error target-skipped: c: not started: another target failed first/);
        assert.match(result.stderr, /4 targets in [\d.]+ s: 1 ok, 1 failed, 2 skipped; run again/);
      });
    });
  });

  test('targets files: plain lines and YAML; mistakes are named with their line', async () => {
    await withTempDir(
      {
        'plain.txt':
          '# comment\n\npostgres://app:secret@db1/shop\npostgres://app@db1/shop#schema=tenant_1\nschema=tenant_2\n',
        'list.yaml':
          'targets:\n  - postgres://app@db2/shop\n  - { url: "postgres://app@db3/shop", schema: t1, name: acme }\n  - { schema: t2 }\n',
        'bad.txt': 'postgres://app@db1/shop\nmysql://x\n',
        'nobase.txt': 'schema=tenant_1\n',
        'twice.txt': 'postgres://a@h/db#schema=x\npostgres://b@h/db#schema=x\n',
        'field.yaml': '- { url: "postgres://h/db", tenant: x }\n',
      },
      async (dir) => {
        const plain = await readTargetsFile(join(dir, 'plain.txt'), 'postgres://app@db1/shop');
        assert.deepEqual(
          plain.map((t) => [t.name, t.url, t.schema]),
          [
            ['db1/shop', 'postgres://app:secret@db1/shop', undefined],
            ['tenant_1', 'postgres://app@db1/shop', 'tenant_1'],
            ['tenant_2', 'postgres://app@db1/shop', 'tenant_2'],
          ],
        );
        const yaml = await readTargetsFile(join(dir, 'list.yaml'), 'postgres://app@db4/shop');
        assert.deepEqual(
          yaml.map((t) => [t.name, t.schema]),
          [
            ['db2/shop', undefined],
            ['acme', 't1'],
            ['db4/shop#t2', 't2'],
          ],
        );
        await assert.rejects(
          readTargetsFile(join(dir, 'bad.txt'), undefined),
          /bad\.txt:2: "mysql:\/\/x" is not a postgres:\/\/ URL/,
        );
        await assert.rejects(
          readTargetsFile(join(dir, 'nobase.txt'), undefined),
          /nobase\.txt:1: a schema without a database/,
        );
        await assert.rejects(
          readTargetsFile(join(dir, 'twice.txt'), undefined),
          /target 2 \(x\) is the same as x/,
        );
        await assert.rejects(
          readTargetsFile(join(dir, 'field.yaml'), undefined),
          /entry 1: unknown field "tenant"/,
        );
        const usage = await runCli('migrate', 'down', '--targets', join(dir, 'plain.txt'));
        assert.equal(usage.code, 2);
        assert.match(usage.stderr, /migrate down has no option --targets/);
      },
    );
  });
});
