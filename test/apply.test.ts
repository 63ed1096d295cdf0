// schemata apply as users run it: a hand-written model applied to a scratch database on the server,
// then applied again (nothing to do), a destructive change refused and then consented to (rows in
// what is kept survive), a pipe without --yes refused, and the history row it writes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliOutputSchema } from '../src/cli/json-document.ts';
import { checksumOf } from '../src/migrations/runner/migration-script.ts';
import { withServerDatabase } from './support/databases.ts';
import { withTempDir } from './support/temp-dir.ts';
import { runCli } from './support/run-cli.ts';

/** `schemata apply ARGS` on a pseudo-terminal (util-linux script), answering the question with `answer`. */
function applyOnTerminal(answer: string, ...args: string[]) {
  const command = [process.execPath, join(process.cwd(), 'bin/schemata.js'), 'apply', ...args]
    .map((part) => `'${part.replaceAll("'", "'\\''")}'`)
    .join(' ');
  return spawnSync('script', ['-qec', command, '/dev/null'], {
    input: answer,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

const hasScript = spawnSync('script', ['--version']).status === 0;

const MODEL = `schemata: 1
schemas:
  public:
    tables:
      customers:
        columns:
          - { name: id, type: bigint, notNull: true }
          - { name: name, type: text, notNull: true }
          - { name: legacy_code, type: text }
        primaryKey: { columns: [id] }
      audit_log:
        columns:
          - { name: id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
`;

/** The model without audit_log and without customers.legacy_code: two drops. */
const SMALLER = `schemata: 1
schemas:
  public:
    tables:
      customers:
        columns:
          - { name: id, type: bigint, notNull: true }
          - { name: name, type: text, notNull: true }
        primaryKey: { columns: [id] }
`;

describe('schemata apply on a server', () => {
  test('the drift check: a change made outside schemata since the last apply is refused and named; --allow-drift applies; a migrated database is checked against its migrations', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await withTempDir({ 'model.yaml': MODEL }, async (dir) => {
        const model = join(dir, 'model.yaml');
        assert.equal((await runCli('apply', model, '--db', url, '--yes')).code, 0);
        const [row] = await db.query<{ digests: Record<string, string> }>(
          "SELECT schema_digests AS digests FROM schemata.migration_history WHERE kind = 'apply'",
        );
        assert.ok(row?.digests['tables public.customers'], JSON.stringify(row?.digests));

        await db.exec('CREATE INDEX customers_name ON customers (name); CREATE TABLE scratch_notes (id int)');
        const refused = await runCli('apply', model, '--db', url, '--yes', '--json');
        assert.equal(refused.code, 1, refused.stdout);
        const document = CliOutputSchema.parse(JSON.parse(refused.stdout));
        assert.deepEqual(document.applyDrift, {
          against: 'last-apply',
          objects: ['changed tables public.customers', 'added tables public.scratch_notes'],
        });
        assert.match(
          document.diagnostics.find((d) => d.code === 'drift')?.message ?? '',
          /it changed outside schemata since the last apply: .*; nothing was applied/,
        );
        const [index] = await db.query<{ found: string | null }>(
          "SELECT to_regclass('customers_name')::text AS found",
        );
        assert.equal(index?.found, 'customers_name', 'nothing was applied');

        const allowed = await runCli(
          'apply',
          model,
          '--db',
          url,
          '--yes',
          '--allow-drift',
          '--allow-data-loss',
        );
        assert.equal(allowed.code, 0, allowed.stderr);
        assert.match(allowed.stderr, /warning drift: .*applying anyway \(--allow-drift\)/);
        const again = await runCli('apply', model, '--db', url, '--yes');
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stdout, /no changes/);
        assert.doesNotMatch(again.stderr, /drift/);

        // A database whose history ends with migrations: checked against their replay.
        await db.exec('DROP SCHEMA schemata CASCADE; DROP TABLE customers, audit_log');
        const migrations = join(dir, 'migrations');
        await mkdir(migrations);
        await writeFile(
          join(migrations, '0001_customers.up.sql'),
          'CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);\n',
        );
        assert.equal((await runCli('migrate', 'up', '--db', url, '--dir', migrations)).code, 0);
        await db.exec('ALTER TABLE customers ADD COLUMN fax text');
        const migrated = await runCli('apply', model, '--db', url, '--yes', '--dir', migrations);
        assert.equal(migrated.code, 1, migrated.stderr);
        assert.match(migrated.stderr, /drift from the migrations .*public\.customers\.fax/);
        assert.match(
          migrated.stderr,
          /error drift: the database has drifted: it is not where its applied migrations leave it: create column public\.customers\.fax/,
        );
      });
    });
  });

  test('applies a model to an empty database, then finds nothing to do; --dry-run and --json', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await withTempDir({ 'model.yaml': MODEL }, async (dir) => {
        const model = join(dir, 'model.yaml');
        const dry = await runCli('apply', model, '--db', url, '--dry-run');
        assert.equal(dry.code, 0, dry.stderr);
        assert.match(dry.stdout, /CREATE TABLE public\.customers/);
        assert.match(dry.stderr, /dry run: nothing was applied/);
        const [none] = await db.query<{ found: string | null }>(
          "SELECT to_regclass('customers')::text AS found",
        );
        assert.equal(none?.found, null, 'a dry run changes nothing');

        const applied = await runCli('apply', model, '--db', url, '--yes');
        assert.equal(applied.code, 0, applied.stderr);
        assert.match(applied.stderr, /applied \d+ statement\(s\) in one transaction/);
        const columns = await db.query<{ column_name: string }>(
          "SELECT column_name FROM information_schema.columns WHERE table_name = 'customers' ORDER BY ordinal_position",
        );
        assert.deepEqual(
          columns.map((c) => c.column_name),
          ['id', 'name', 'legacy_code'],
        );
        const history = await db.query<{
          version: string;
          kind: string;
          checksum: string;
          description: string;
        }>('SELECT version::text, kind, checksum, description FROM schemata.migration_history ORDER BY id');
        assert.equal(history.length, 1);
        assert.equal(history[0]?.kind, 'apply');
        assert.equal(history[0]?.version, '0');
        assert.match(history[0]?.description ?? '', /^apply .*model\.yaml$/);
        assert.equal(
          history[0]?.checksum,
          checksumOf(dry.stdout),
          'the checksum is that of the plan printed',
        );

        const again = await runCli('apply', model, '--db', url, '--json');
        assert.equal(again.code, 0, again.stderr);
        const document = CliOutputSchema.parse(JSON.parse(again.stdout));
        assert.equal(document.command, 'apply');
        assert.deepEqual(document.changes, [], 'the history schema is not taken for a change');
        assert.equal(document.apply, undefined);
        const text = await runCli('apply', model, '--db', url);
        assert.equal(text.code, 0, text.stderr);
        assert.equal(text.stdout, 'no changes: the database matches the model\n');

        const status = await runCli('migrate', 'status', '--db', url, '--dir', dir);
        assert.equal(status.code, 0, `an apply row is no migration: ${status.stdout}${status.stderr}`);
      });
    });
  });

  test('a destructive change is refused without --allow-data-loss and applied with it; kept rows survive', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await withTempDir({ 'model.yaml': MODEL }, async (dir) => {
        const model = join(dir, 'model.yaml');
        assert.equal((await runCli('apply', model, '--db', url, '--yes')).code, 0);
        await db.exec(
          "INSERT INTO customers VALUES (1, 'Ada', 'A1'), (2, 'Grace', 'G2'); INSERT INTO audit_log VALUES (7)",
        );
        await writeFile(model, SMALLER);
        const refused = await runCli('apply', model, '--db', url, '--yes');
        assert.equal(refused.code, 2, refused.stderr);
        assert.match(refused.stderr, /audit_log/);
        assert.match(refused.stderr, /--allow-data-loss/);
        const [kept] = await db.query<{ count: string }>('SELECT count(*)::text AS count FROM audit_log');
        assert.equal(kept?.count, '1', 'nothing was dropped');

        const consented = await runCli('apply', model, '--db', url, '--yes', '--allow-data-loss');
        assert.equal(consented.code, 0, consented.stderr);
        assert.match(consented.stdout, /DATA LOSS/i, 'the plan names its hazards');
        const rows = await db.query<Record<string, unknown>>('SELECT * FROM customers ORDER BY id');
        assert.deepEqual(rows, [
          { id: '1', name: 'Ada' },
          { id: '2', name: 'Grace' },
        ]);
        const [gone] = await db.query<{ found: string | null }>(
          "SELECT to_regclass('audit_log')::text AS found",
        );
        assert.equal(gone?.found, null);
        const kinds = await db.query<{ kind: string }>(
          'SELECT kind FROM schemata.migration_history ORDER BY id',
        );
        assert.deepEqual(
          kinds.map((k) => k.kind),
          ['apply', 'apply'],
        );
      });
    });
  });

  test('a history table made before apply existed is widened to take its row, and still refuses unknown kinds', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await withTempDir({ 'model.yaml': MODEL }, async (dir) => {
        // The table as the first runner made it: its check on kind knows no apply.
        await db.exec(`CREATE SCHEMA schemata;
CREATE TABLE schemata.migration_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, version bigint NOT NULL, description text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('migration', 'revert', 'baseline', 'repair')),
  checksum text, previous_checksum text, applied_at timestamptz NOT NULL DEFAULT now(),
  applied_by text NOT NULL DEFAULT current_user, execution_time_ms integer,
  transactional boolean NOT NULL DEFAULT true, statements_done integer, statements_total integer,
  finished boolean NOT NULL DEFAULT true);
INSERT INTO schemata.migration_history (version, description, kind, checksum) VALUES (1, 'start', 'baseline', NULL)`);
        const applied = await runCli('apply', join(dir, 'model.yaml'), '--db', url, '--yes');
        assert.equal(applied.code, 0, applied.stderr);
        const kinds = await db.query<{ kind: string }>(
          'SELECT kind FROM schemata.migration_history ORDER BY id',
        );
        assert.deepEqual(
          kinds.map((k) => k.kind),
          ['baseline', 'apply'],
        );
        await assert.rejects(
          db.exec(
            "INSERT INTO schemata.migration_history (version, description, kind) VALUES (2, 'x', 'other')",
          ),
          /check constraint/,
        );
      });
    });
  });

  test('--safe: a concurrent index runs outside a transaction, step by step, and is recorded finished', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await withTempDir({ 'model.yaml': MODEL }, async (dir) => {
        const model = join(dir, 'model.yaml');
        assert.equal((await runCli('apply', model, '--db', url, '--yes')).code, 0);
        await writeFile(
          model,
          MODEL.replace(
            '        primaryKey: { columns: [id] }\n      audit_log',
            '        primaryKey: { columns: [id] }\n        indexes:\n          - columns: [name]\n      audit_log',
          ),
        );
        const applied = await runCli('apply', model, '--db', url, '--yes', '--safe');
        assert.equal(applied.code, 0, applied.stderr);
        assert.match(applied.stdout, /CREATE INDEX CONCURRENTLY/);
        assert.match(applied.stderr, /outside a transaction \(CREATE INDEX CONCURRENTLY at \d+:\d+\)/);
        const [row] = await db.query<{
          transactional: boolean;
          finished: boolean;
          done: number;
          total: number;
        }>(
          'SELECT transactional, finished, statements_done AS done, statements_total AS total FROM schemata.migration_history ORDER BY id DESC LIMIT 1',
        );
        assert.equal(row?.transactional, false);
        assert.equal(row?.finished, true);
        assert.equal(row?.done, row?.total);
        const [valid] = await db.query<{ valid: boolean }>(
          "SELECT indisvalid AS valid FROM pg_index WHERE indrelid = 'customers'::regclass AND NOT indisprimary",
        );
        assert.equal(valid?.valid, true);
      });
    });
  });

  test('on a terminal it asks: no leaves the database alone, yes applies', async (t) => {
    if (!hasScript) return t.skip('needs script (util-linux) for a pseudo-terminal');
    await withServerDatabase(t, async (db, url) => {
      await withTempDir({ 'model.yaml': MODEL }, async (dir) => {
        const model = join(dir, 'model.yaml');
        const declined = applyOnTerminal('n\n', model, '--db', url);
        assert.match(declined.stdout, /apply this plan to .*\? \[y\/N\]/);
        assert.match(declined.stdout, /not applied: the plan was not confirmed/);
        const [none] = await db.query<{ found: string | null }>(
          "SELECT to_regclass('customers')::text AS found",
        );
        assert.equal(none?.found, null);
        const accepted = applyOnTerminal('y\n', model, '--db', url);
        assert.match(accepted.stdout, /applied \d+ statement\(s\) in one transaction/, accepted.stdout);
        const [made] = await db.query<{ found: string | null }>(
          "SELECT to_regclass('customers')::text AS found",
        );
        assert.equal(made?.found, 'customers');
      });
    });
  });

  test('without --yes and without a terminal it refuses and applies nothing', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await withTempDir({ 'model.yaml': MODEL }, async (dir) => {
        const result = await runCli('apply', join(dir, 'model.yaml'), '--db', url);
        assert.equal(result.code, 2, result.stderr);
        assert.match(result.stdout, /CREATE TABLE public\.customers/, 'the plan is printed first');
        assert.match(result.stderr, /no terminal to ask on/);
        assert.match(result.stderr, /--yes/);
        const [none] = await db.query<{ found: string | null }>(
          "SELECT to_regclass('customers')::text AS found",
        );
        assert.equal(none?.found, null);
      });
    });
  });
});
