// schemata migrate up/down/status/verify/baseline/repair as users run them: the bin against a real
// PostgreSQL server, killed in the middle of a migration, raced by a second runner, blocked by another
// session's lock, given a tampered file. Every test has its own scratch database.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openEmbeddedDatabase, openServerDatabase, type Database } from '../src/db/database.ts';
import { CliOutputSchema } from '../src/cli/json-document.ts';
import { runnerLockKeys } from '../src/migrations/runner/runner-lock.ts';
import { withServerDatabase } from './support/databases.ts';
import { withTempDir } from './support/temp-dir.ts';
import { runCli } from './support/run-cli.ts';

const bin = join(process.cwd(), 'bin/schemata.js');

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(cwd: string, args: string[]): { child: ChildProcess; done: Promise<Finished> } {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [bin, ...args], { cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Finished>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

const run = (cwd: string, ...args: string[]) => start(cwd, args).done;

/** The command line in-process (faster), for steps that need no process of their own to kill or race. */
const cli = (cwd: string, ...args: string[]) => runCli(...args, '--dir', join(cwd, 'migrations'));

/** Polls until `check` holds; fails after `ms`. */
async function waitFor(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function writeMigrations(dir: string, files: Record<string, string>): Promise<string> {
  const migrations = join(dir, 'migrations');
  await mkdir(migrations, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(migrations, name), text);
  return migrations;
}

async function tableExists(db: Database, name: string): Promise<boolean> {
  const [row] = await db.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [name]);
  return row?.found != null;
}

async function history(db: Database) {
  return db.query<{ version: string; kind: string; finished: boolean; statements_done: number | null }>(
    'SELECT version::text, kind, finished, statements_done FROM schemata.migration_history ORDER BY id',
  );
}

/** A migration that sleeps as long as the session's schemata_test.sleep says (not at all when unset). */
const SLEEP = "SELECT pg_sleep(coalesce(current_setting('schemata_test.sleep', true), '0')::float8);";
const sleepy = (url: string, seconds: number) =>
  `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c schemata_test.sleep=${seconds}`)}`;

/** Waits until a runner's session is inside pg_sleep. */
async function waitForSleep(db: Database): Promise<void> {
  await waitFor('the migration to reach pg_sleep', async () => {
    const rows = await db.query(
      "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE '%SELECT pg_sleep(%' AND pid <> pg_backend_pid()",
    );
    return rows.length > 0;
  });
}

const FIRST = {
  '0001_create_orders.up.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, status text);\n',
  '0001_create_orders.down.sql': 'DROP TABLE orders;\n',
};

describe('schemata migrate (runner) on a server', () => {
  test('up applies pending migrations in order, status and --json show them, down reverts them', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await withTempDir({}, async (dir) => {
        await writeMigrations(dir, {
          ...FIRST,
          '0002_add_notes.up.sql': 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\n',
          '0002_add_notes.down.sql': 'ALTER TABLE orders DROP COLUMN note;\n',
          '0003_index.up.sql': 'CREATE INDEX CONCURRENTLY orders_status ON orders (status);\n',
          '0003_index.down.sql': 'DROP INDEX CONCURRENTLY orders_status;\n',
        });
        const db_ = ['--db', url];
        const dry = await cli(dir, 'migrate', 'up', '--dry-run', ...db_);
        assert.equal(dry.code, 0, dry.stderr);
        assert.match(dry.stdout, /would apply 0001_create_orders \(1 statement, in a transaction\)/);
        assert.match(
          dry.stdout,
          /would apply 0003_index \(1 statement, outside a transaction: CREATE INDEX CONCURRENTLY at 1:1\)/,
        );
        assert.equal(await tableExists(db, 'schemata.migration_history'), false, 'a dry run writes nothing');

        const upTo = await cli(dir, 'migrate', 'up', '--to', '0002', ...db_);
        assert.equal(upTo.code, 0, upTo.stderr);
        assert.match(upTo.stderr, /applied 0001_create_orders .*\napplied 0002_add_notes /);
        const status = await cli(dir, 'migrate', 'status', ...db_);
        assert.equal(status.code, 0, status.stderr);
        assert.match(status.stdout, /0002_add_notes +applied .*\n0003_index +pending/);

        const json = await cli(dir, 'migrate', 'up', '--json', ...db_);
        assert.equal(json.code, 0, json.stderr);
        const document = CliOutputSchema.parse(JSON.parse(json.stdout));
        assert.equal(document.command, 'migrate up');
        assert.deepEqual(
          document.applied?.map((r) => [r.label, r.transactional]),
          [['0003_index', false]],
        );
        const statusJson = CliOutputSchema.parse(
          JSON.parse((await cli(dir, 'migrate', 'status', '--json', ...db_)).stdout),
        );
        assert.deepEqual(
          statusJson.migrations?.map((m) => [m.label, m.state, m.appliedKind, typeof m.appliedAt]),
          [
            ['0001_create_orders', 'applied', 'migration', 'string'],
            ['0002_add_notes', 'applied', 'migration', 'string'],
            ['0003_index', 'applied', 'migration', 'string'],
          ],
        );
        assert.equal(statusJson.migrations?.[0]?.checksum, statusJson.migrations?.[0]?.fileChecksum);

        const down = await cli(dir, 'migrate', 'down', '--steps', '2', ...db_);
        assert.equal(down.code, 0, down.stderr);
        assert.match(down.stderr, /reverted 0003_index .*\nreverted 0002_add_notes /);
        assert.equal(await tableExists(db, 'orders_status'), false);
        const columns = await db.query(
          "SELECT 1 FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'note'",
        );
        assert.equal(columns.length, 0);
        const downAll = await cli(dir, 'migrate', 'down', '--to', '0', ...db_);
        assert.equal(downAll.code, 0, downAll.stderr);
        assert.equal(await tableExists(db, 'orders'), false);
        const again = await cli(dir, 'migrate', 'up', ...db_);
        assert.equal(again.code, 0, again.stderr);
        assert.equal(await tableExists(db, 'orders_status'), true, 'up after down applies everything again');
        assert.deepEqual(
          (await history(db)).map((r) => `${r.kind} ${r.version}`),
          [
            'migration 1',
            'migration 2',
            'migration 3',
            'revert 3',
            'revert 2',
            'revert 1',
            'migration 1',
            'migration 2',
            'migration 3',
          ],
        );
      });
    });
  });

  test('SIGKILL in the middle of a transactional migration leaves schema and history unchanged; the next up applies it', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await withTempDir({}, async (dir) => {
        await writeMigrations(dir, {
          ...FIRST,
          '0002_slow.up.sql': `CREATE TABLE audit (id int);\nALTER TABLE orders ADD COLUMN note text;\n${SLEEP}\nCREATE TABLE late (id int);\n`,
          '0002_slow.down.sql': 'DROP TABLE late; DROP TABLE audit; ALTER TABLE orders DROP COLUMN note;\n',
        });
        const runner = start(dir, ['migrate', 'up', '--db', sleepy(url, 60)]);
        await waitForSleep(db);
        runner.child.kill('SIGKILL');
        const killed = await runner.done;
        assert.equal(killed.signal, 'SIGKILL');
        assert.match(killed.stderr, /applied 0001_create_orders/);
        assert.equal(await tableExists(db, 'audit'), false, 'nothing of the killed migration is visible');
        assert.deepEqual(
          (await history(db)).map((r) => r.version),
          ['1'],
        );

        const next = await run(dir, 'migrate', 'up', '--db', url);
        assert.equal(next.code, 0, next.stderr);
        assert.match(next.stderr, /applied 0002_slow/);
        assert.equal(await tableExists(db, 'late'), true);
        assert.deepEqual(
          (await history(db)).map((r) => r.version),
          ['1', '2'],
        );
      });
    });
  });

  test('SIGKILL in the middle of a migration run outside a transaction: the next up resumes after the last statement done', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await withTempDir({}, async (dir) => {
        await writeMigrations(dir, {
          '0001_steps.up.sql': `-- schemata:no-transaction\nCREATE TABLE first (id int);\n${SLEEP}\nCREATE TABLE second (id int);\n`,
          '0001_steps.down.sql': 'DROP TABLE second; DROP TABLE first;\n',
        });
        const runner = start(dir, ['migrate', 'up', '--db', sleepy(url, 60)]);
        await waitForSleep(db);
        runner.child.kill('SIGKILL');
        await runner.done;
        assert.equal(await tableExists(db, 'first'), true);
        assert.equal(await tableExists(db, 'second'), false);
        assert.deepEqual(await history(db), [
          { version: '1', kind: 'migration', finished: false, statements_done: 1 },
        ]);

        const status = await run(dir, 'migrate', 'status', '--db', url);
        assert.equal(status.code, 1, 'a partial migration is odd');
        assert.match(status.stdout, /0001_steps +partial up \(1\/3\)/);
        assert.match(
          status.stderr,
          /migration-partial: 0001_steps stopped part of the way up: 1 of 3 statements ran/,
        );

        // Running CREATE TABLE first again would fail: success shows that it resumed after it.
        const resumed = await run(dir, 'migrate', 'up', '--db', url);
        assert.equal(resumed.code, 0, resumed.stderr);
        assert.match(
          resumed.stderr,
          /applied 0001_steps \(3 statements, outside a transaction, resumed after statement 1\)/,
        );
        assert.equal(await tableExists(db, 'second'), true);
        assert.deepEqual(await history(db), [
          { version: '1', kind: 'migration', finished: true, statements_done: 3 },
        ]);
      });
    });
  });

  test('pg_terminate_backend of the runner mid-run: a clear error, exit 1, nothing partial; the next up applies it, and resumes a file run outside a transaction', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await withTempDir({}, async (dir) => {
        await writeMigrations(dir, {
          ...FIRST,
          '0002_slow.up.sql': `CREATE TABLE audit (id int);\n${SLEEP}\nCREATE TABLE late (id int);\n`,
          '0002_slow.down.sql': 'DROP TABLE late; DROP TABLE audit;\n',
          '0003_steps.up.sql': `-- schemata:no-transaction\nCREATE TABLE first (id int);\n${SLEEP.replaceAll('schemata_test.sleep', 'schemata_test.sleep_steps')}\nCREATE TABLE second (id int);\n`,
          '0003_steps.down.sql': 'DROP TABLE second; DROP TABLE first;\n',
        });
        const terminate = async () => {
          await waitForSleep(db);
          await db.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE '%SELECT pg_sleep(%' AND pid <> pg_backend_pid()",
          );
        };
        const runner = start(dir, ['migrate', 'up', '--db', sleepy(url, 60)]);
        await terminate();
        const ended = await runner.done;
        assert.equal(ended.code, 1, ended.stderr);
        assert.match(
          ended.stderr,
          /error migration-connection-lost: the database ended the runner's session while it ran 0002_slow \(terminating connection due to administrator command\): .*nothing of it was applied \(rolled back\)/,
        );
        assert.equal(await tableExists(db, 'audit'), false, 'nothing of the migration is left');
        assert.deepEqual(
          (await history(db)).map((r) => r.version),
          ['1'],
        );

        // Outside a transaction: the statement before the termination stays done, and is not run again.
        const stepsSleep = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c schemata_test.sleep_steps=60')}`;
        const again = start(dir, ['migrate', 'up', '--db', stepsSleep]);
        await terminate();
        const stopped = await again.done;
        assert.equal(stopped.code, 1, stopped.stderr);
        assert.match(stopped.stderr, /applied 0002_slow/);
        assert.match(
          stopped.stderr,
          /error migration-connection-lost: .*0003_steps.*1 of its 3 statements are done/,
        );
        assert.deepEqual((await history(db)).at(-1), {
          version: '3',
          kind: 'migration',
          finished: false,
          statements_done: 1,
        });
        const resumed = await run(dir, 'migrate', 'up', '--db', url);
        assert.equal(resumed.code, 0, resumed.stderr);
        assert.match(
          resumed.stderr,
          /applied 0003_steps \(3 statements, outside a transaction, resumed after statement 1\)/,
        );
        assert.equal(await tableExists(db, 'second'), true);
      });
    });
  });

  test('two runners started at once: exactly one applies, the other waits and finds nothing to do; a busy lock names its holder', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await withTempDir({}, async (dir) => {
        await writeMigrations(dir, {
          ...FIRST,
          '0002_slow.up.sql': 'ALTER TABLE orders ADD COLUMN note text;\nSELECT pg_sleep(1);\n',
          '0002_slow.down.sql': 'ALTER TABLE orders DROP COLUMN note;\n',
        });
        const [a, b] = await Promise.all([
          run(dir, 'migrate', 'up', '--db', url),
          run(dir, 'migrate', 'up', '--db', url),
        ]);
        assert.equal(a.code, 0, a.stderr);
        assert.equal(b.code, 0, b.stderr);
        const appliers = [a, b].filter((r) => /applied 0001_create_orders/.test(r.stderr));
        assert.equal(appliers.length, 1, `${a.stderr}\n---\n${b.stderr}`);
        const other = appliers[0] === a ? b : a;
        assert.match(other.stderr, /nothing to apply/);
        assert.deepEqual(
          (await history(db)).map((r) => r.version),
          ['1', '2'],
        );

        // Another session holds the runner lock: the runner waits --lock-wait, then names it.
        const holder = await openServerDatabase(url, { applicationName: 'deploy on host-7' });
        try {
          const [pid] = await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          await holder.query('SELECT pg_advisory_lock($1, $2)', runnerLockKeys('schemata'));
          const busy = await run(dir, 'migrate', 'up', '--db', url, '--lock-wait', '0.5', '--json');
          assert.equal(busy.code, 1);
          const document = CliOutputSchema.parse(JSON.parse(busy.stdout));
          assert.equal(document.lockHolder?.pid, pid?.pid);
          assert.match(
            document.diagnostics[0]?.message ?? '',
            new RegExp(`held by the session with pid ${pid?.pid} \\(application "deploy on host-7"`),
          );
          assert.equal(document.diagnostics[0]?.code, 'migration-lock-busy');
          // Another history schema is another runner: it does not wait for this one.
          const elsewhere = await run(dir, 'migrate', 'status', '--db', url, '--history-schema', 'other');
          assert.match(elsewhere.stdout, /0001_create_orders +pending/);
        } finally {
          await holder.close();
        }
      });
    });
  });

  test('a table locked by another session: the runner gives up after lock_timeout, retries, reports, and leaves nothing partial', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await withTempDir({}, async (dir) => {
        await writeMigrations(dir, {
          ...FIRST,
          '0002_alter.up.sql': 'CREATE TABLE side (id int);\nALTER TABLE orders ADD COLUMN note text;\n',
          '0002_alter.down.sql': 'ALTER TABLE orders DROP COLUMN note; DROP TABLE side;\n',
        });
        assert.equal((await run(dir, 'migrate', 'up', '--db', url, '--to', '1')).code, 0);
        const blocker = await openServerDatabase(url);
        try {
          await blocker.exec('BEGIN');
          await blocker.exec('LOCK TABLE orders IN ACCESS EXCLUSIVE MODE');
          const blocked = await run(dir, 'migrate', 'up', '--db', url, '--lock-timeout', '200ms');
          assert.equal(blocked.code, 1);
          assert.equal(
            blocked.stderr.match(/lock_timeout \(200 ms\) reached waiting for a lock; retrying/g)?.length,
            3,
          );
          assert.match(
            blocked.stderr,
            /0002_alter\.up\.sql:2:1: error lock-timeout: 0002_alter could not get a lock within lock_timeout \(200 ms\), 4 times: .*nothing of it was applied \(rolled back\)/,
          );
          assert.equal(
            await tableExists(db, 'side'),
            false,
            'the statement before the blocked one was rolled back',
          );
          assert.deepEqual(
            (await history(db)).map((r) => r.version),
            ['1'],
          );
        } finally {
          await blocker.exec('ROLLBACK');
          await blocker.close();
        }
        const after = await run(dir, 'migrate', 'up', '--db', url);
        assert.equal(after.code, 0, after.stderr);
        assert.equal(await tableExists(db, 'side'), true);
      });
    });
  });

  test('a tampered applied file is refused by up and verify with both checksums; repair accepts it and records that it did', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await withTempDir({}, async (dir) => {
        const migrations = await writeMigrations(dir, FIRST);
        assert.equal((await cli(dir, 'migrate', 'up', '--db', url)).code, 0);
        await writeFile(
          join(migrations, '0001_create_orders.up.sql'),
          'CREATE TABLE orders (id bigint PRIMARY KEY, status text, x int);\n',
        );
        await writeMigrations(dir, {
          '0002_more.up.sql': 'CREATE TABLE more (id int);\n',
          '0002_more.down.sql': 'DROP TABLE more;\n',
        });
        const checksums =
          /0001_create_orders\.up\.sql changed after 0001_create_orders was applied: the history has sha256 [0-9a-f]{64}, the file has [0-9a-f]{64}/;
        const up = await cli(dir, 'migrate', 'up', '--db', url);
        assert.equal(up.code, 1);
        assert.match(up.stderr, checksums);
        assert.equal(await tableExists(db, 'more'), false, 'nothing runs while an applied file is changed');
        const verify = await cli(dir, 'migrate', 'verify', '--db', url);
        assert.equal(verify.code, 1);
        assert.match(verify.stderr, checksums);

        const repair = await cli(dir, 'migrate', 'repair', '--db', url);
        assert.equal(repair.code, 0, repair.stderr);
        assert.match(
          repair.stderr,
          /accepted the changed 0001_create_orders: sha256 [0-9a-f]{64} -> [0-9a-f]{64}/,
        );
        const [row] = await db.query<{ previous_checksum: string; checksum: string }>(
          "SELECT previous_checksum, checksum FROM schemata.migration_history WHERE kind = 'repair'",
        );
        assert.match(row?.previous_checksum ?? '', /^[0-9a-f]{64}$/);
        assert.notEqual(row?.previous_checksum, row?.checksum);
        assert.equal((await cli(dir, 'migrate', 'verify', '--db', url)).code, 0);
        assert.equal((await cli(dir, 'migrate', 'up', '--db', url)).code, 0);
        assert.equal(await tableExists(db, 'more'), true);
      });
    });
  });

  test('status names missing files, a history ahead of the directory and out-of-order files; down refuses without a down file; baseline', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await withTempDir({}, async (dir) => {
        const migrations = await writeMigrations(dir, {
          ...FIRST,
          '0003_third.up.sql': 'CREATE TABLE third (id int);\n',
        });
        assert.equal((await cli(dir, 'migrate', 'up', '--db', url)).code, 0);
        const refused = await cli(dir, 'migrate', 'down', '--db', url);
        assert.equal(refused.code, 1);
        assert.match(
          refused.stderr,
          /error migration-missing-down: 0003_third has no down file, so it cannot be reverted/,
        );
        assert.equal(await tableExists(db, 'third'), true);

        await writeMigrations(dir, { '0002_second.up.sql': 'CREATE TABLE second (id int);\n' });
        await rm(join(migrations, '0003_third.up.sql'));
        await rm(join(migrations, '0001_create_orders.up.sql'));
        await rm(join(migrations, '0001_create_orders.down.sql'));
        const status = await cli(dir, 'migrate', 'status', '--db', url, '--json');
        assert.equal(status.code, 1);
        const document = CliOutputSchema.parse(JSON.parse(status.stdout));
        assert.deepEqual(
          document.migrations?.map((m) => `${m.label} ${m.state}`),
          ['0001_create_orders missing', '0002_second out-of-order', '0003_third missing'],
        );
        assert.deepEqual(
          document.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code),
          ['migration-file-missing', 'pending-out-of-order', 'history-ahead'],
        );
        const up = await cli(dir, 'migrate', 'up', '--db', url);
        assert.equal(up.code, 1);
        assert.equal(await tableExists(db, 'second'), false);

        // A database that no runner touched is declared to be at a version.
        await db.exec('DROP SCHEMA schemata CASCADE');
        const baseline = await cli(dir, 'migrate', 'baseline', '2', '--db', url);
        assert.equal(baseline.code, 0, baseline.stderr);
        await writeMigrations(dir, {
          '0004_fourth.up.sql': 'CREATE TABLE fourth (id int);\n',
          '0003_third.up.sql': 'CREATE TABLE third_again (id int);\n',
        });
        const after = await cli(dir, 'migrate', 'up', '--db', url);
        assert.equal(after.code, 0, after.stderr);
        assert.match(after.stderr, /applied 0003_third .*\napplied 0004_fourth /);
        assert.equal(await tableExists(db, 'second'), false, 'the baseline covers 0002');
        const below = await cli(dir, 'migrate', 'down', '--to', '1', '--db', url);
        assert.equal(below.code, 1);
        assert.match(below.stderr, /cannot revert below the baseline 2/);
      });
    });
  });
});

describe('schemata migrate on an embedded database kept in a directory (--db pglite:DIR)', () => {
  test('up, status, down, up from the command line; a second process is kept out while one has it open', async () => {
    await withTempDir({}, async (dir) => {
      await writeMigrations(dir, {
        ...FIRST,
        '0002_add_notes.up.sql': 'ALTER TABLE orders ADD COLUMN note text;\n',
        '0002_add_notes.down.sql': 'ALTER TABLE orders DROP COLUMN note;\n',
      });
      const db = ['--db', `pglite:${join(dir, 'db')}`];
      const up = await cli(dir, 'migrate', 'up', ...db);
      assert.equal(up.code, 0, up.stderr);
      assert.match(up.stderr, /applied 2 migrations/);
      const status = await cli(dir, 'migrate', 'status', ...db);
      assert.match(status.stdout, /0002_add_notes +applied .*\n2 applied, 0 pending/);
      assert.equal((await cli(dir, 'migrate', 'down', ...db)).code, 0);
      assert.match((await cli(dir, 'migrate', 'status', ...db)).stdout, /0002_add_notes +pending/);
      assert.equal((await cli(dir, 'migrate', 'up', ...db)).code, 0);

      const holder = await openEmbeddedDatabase({ dataDir: join(dir, 'db') });
      try {
        const busy = await run(dir, 'migrate', 'status', ...db);
        assert.equal(busy.code, 2, busy.stderr);
        assert.match(busy.stderr, new RegExp(`is in use by process ${process.pid}; one process at a time`));
        const [row] = await holder.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM schemata.migration_history',
        );
        assert.equal(row?.n, 4, 'the history is kept in the directory');
      } finally {
        await holder.close();
      }
    });
  });
});

describe('schemata migrate (runner) usage', () => {
  test('options of another subcommand, bad values and a missing database are usage errors (exit 2); passwords are masked', async () => {
    await withTempDir({}, async (dir) => {
      await writeMigrations(dir, FIRST);
      const cases: [string[], RegExp][] = [
        [
          ['migrate', 'up', '--safe', '--db', 'postgres://x@127.0.0.1:1/x'],
          /migrate up has no option --safe \(it is an option of migrate new\)/,
        ],
        [
          ['migrate', 'status', '--steps', '2'],
          /migrate status has no option --steps \(it is an option of migrate down\)/,
        ],
        [
          ['migrate', 'up', '--lock-timeout', 'soon', '--db', 'postgres://x@127.0.0.1:1/x'],
          /--lock-timeout takes a duration such as 5s/,
        ],
        [['migrate', 'up'], /no database to migrate/],
        [['migrate', 'baseline'], /migrate baseline needs a VERSION/],
        [['migrate', 'sideways'], /unknown migrate subcommand "sideways"/],
        [
          ['migrate', 'status', '--db', 'postgres://app:hunter2@127.0.0.1:1/shop'],
          /cannot connect to postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/shop/,
        ],
      ];
      for (const [args, message] of cases) {
        const result = await run(dir, ...args);
        assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
        assert.match(result.stderr, message);
        assert.doesNotMatch(result.stderr, /hunter2/);
      }
    });
  });
});
