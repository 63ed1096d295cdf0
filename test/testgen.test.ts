// schemata testgen through the command: pgTAP tests from a model that pg_prove runs against the
// PostgreSQL server. They pass on a database built from the model and fail once it drifts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateDdl } from '../src/dialects/postgres/render-ddl.ts';
import { FLAWED_SHOP_FILE, readFlawedShop } from './fixtures/validate-plans/flawed-shop.ts';
import { readModelSources } from '../src/readers/read-model.ts';
import { withServerDatabase } from './support/databases.ts';
import { runCli } from './support/run-cli.ts';
import { withTempDir } from './support/temp-dir.ts';

const run = promisify(execFile);
const PG_PROVE = '/usr/bin/pg_prove';
const TASKS_FILE = new URL('./fixtures/validate-plans/tasks.yaml', import.meta.url).pathname;

/** pg_prove's exit code and its report. */
async function prove(url: string, file: string): Promise<{ code: number; report: string }> {
  try {
    const { stdout } = await run(PG_PROVE, ['--verbose', '-d', url, file]);
    return { code: 0, report: stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, report: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

test('testgen writes the same pgTAP file every time', async () => {
  const first = await runCli('testgen', FLAWED_SHOP_FILE);
  const second = await runCli('testgen', FLAWED_SHOP_FILE, '--format', 'pgtap');
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stdout, second.stdout);
  const plan = Number(/^SELECT plan\((\d+)\);$/m.exec(first.stdout)?.[1]);
  const tests = first.stdout.split('\n').filter((line) => /^SELECT (?!plan\(|\* FROM finish)/.test(line));
  assert.equal(plan, tests.length, 'the plan counts every test');
  assert.match(first.stdout, /SELECT has_table\('shop', 'Order Lines'/);
  assert.match(first.stdout, /SELECT throws_ok\('INSERT INTO shop\."Order Lines"/);
  assert.match(first.stdout, /SELECT fk_ok\('shop', 'orders', ARRAY\['customer_id'\]::name\[\]/);
});

test('testgen refuses an unknown format', async () => {
  const result = await runCli('testgen', FLAWED_SHOP_FILE, '--format', 'junit');
  assert.equal(result.code, 2);
  assert.match(result.stderr, /unknown format "junit"/);
});

test('the pgTAP tests pass on the database built from the model and fail once it drifts', async (t) => {
  if (!existsSync(PG_PROVE)) {
    t.skip(`${PG_PROVE} is not installed (Debian: libtap-parser-sourcehandler-pgtap-perl)`);
    return;
  }
  await withServerDatabase(t, async (db, url) => {
    const available = await db.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'pgtap'`);
    if (available.length === 0) {
      t.skip('pgTAP is not installed on the server (Debian: postgresql-15-pgtap)');
      return;
    }
    const { model } = await readFlawedShop();
    await db.exec(await generateDdl(model));
    await db.exec('CREATE EXTENSION pgtap');
    await withTempDir({}, async (dir) => {
      const file = join(dir, 'schema.test.sql');
      const written = await runCli('testgen', FLAWED_SHOP_FILE, '-o', file);
      assert.equal(written.code, 0, written.stderr);
      assert.match(written.stderr, /wrote .*schema\.test\.sql: \d+ tests/);
      const clean = await prove(url, file);
      assert.equal(clean.code, 0, clean.report);
      assert.match(clean.report, /Result: PASS/);
      assert.match(clean.report, /ok \d+ - check chk_orders_status rejects status/);

      // Drift: a column and an index go, and a check stops rejecting anything.
      await db.exec(`
        ALTER TABLE shop.customers DROP COLUMN region;
        DROP INDEX shop."idx_Order Lines_select";
        ALTER TABLE shop."Order Lines" DROP CONSTRAINT "chk_Order Lines_qty",
          ADD CONSTRAINT "chk_Order Lines_qty" CHECK (qty > -100);`);
      const drifted = await prove(url, file);
      assert.notEqual(drifted.code, 0, drifted.report);
      const failed = drifted.report.split('\n').filter((line) => line.startsWith('not ok'));
      const text = failed.join('\n');
      assert.match(text, /column shop\.customers\.region exists/);
      assert.match(text, /index idx_Order Lines_select on shop\.Order Lines exists/);
      assert.match(text, /check chk_Order Lines_qty rejects qty = 0/);
      assert.equal(failed.length, 5, text);
      assert.ok((await readFile(file, 'utf8')).includes('ROLLBACK;'));
    });
  });
});

test('enums, policies, views, functions and quoted names: pass as built, fail once changed', async (t) => {
  if (!existsSync(PG_PROVE)) {
    t.skip(`${PG_PROVE} is not installed (Debian: libtap-parser-sourcehandler-pgtap-perl)`);
    return;
  }
  await withServerDatabase(t, async (db, url) => {
    const available = await db.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'pgtap'`);
    if (available.length === 0) {
      t.skip('pgTAP is not installed on the server (Debian: postgresql-15-pgtap)');
      return;
    }
    const read = await readModelSources([{ file: TASKS_FILE, text: await readFile(TASKS_FILE, 'utf8') }]);
    assert.deepEqual(read.diagnostics, []);
    await db.exec(await generateDdl(read.model));
    await db.exec('CREATE EXTENSION pgtap');
    await withTempDir({}, async (dir) => {
      const file = join(dir, 'tasks.sql');
      assert.equal((await runCli('testgen', TASKS_FILE, '-o', file)).code, 0);
      const clean = await prove(url, file);
      assert.equal(clean.code, 0, clean.report);
      assert.match(clean.report, /ok \d+ - check chk_Tasks_priority rejects priority = 6/);
      assert.match(clean.report, /ok \d+ - table Work Items\.Tasks has exactly its policies/);
      await db.exec(`
        CREATE POLICY "everyone" ON "Work Items"."Tasks" USING (true);
        ALTER TYPE "Work Items"."task state" ADD VALUE 'blocked';
        DROP FUNCTION "Work Items".task_count(integer);`);
      const drifted = await prove(url, file);
      const failed = drifted.report.split('\n').filter((line) => line.startsWith('not ok'));
      assert.deepEqual(
        failed.map((line) => line.replace(/^not ok \d+ - /, '')),
        [
          'enum Work Items.task state has its values in order',
          'table Work Items.Tasks has exactly its policies',
          'function Work Items.task_count(integer) exists',
        ],
      );
    });
  });
});
