// Models written by hand compare exactly: before any comparison PostgreSQL spells the model (its DDL
// runs in a scratch database and is read back), so `diff` and `migrate new` see no change between a
// hand-written model and the database built from it, on embedded PostgreSQL 18 and on the server
// (another major version), through the command as a user runs it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { openEmbeddedDatabase, openServerDatabase } from '../src/db/database.ts';
import { EMBEDDED, EMBEDDED_MAJOR, serverMajorVersion } from '../src/db/scratch-source.ts';
import { spellModel } from '../src/dialects/postgres/spell/spell-model.ts';
import { readModel } from '../src/readers/read-model.ts';
import { loadSqlParser } from '../src/dialects/postgres/types.ts';
import { serverUrl, serverSkipReason, withServerDatabase } from './support/databases.ts';
import { runCli } from './support/run-cli.ts';
import { withTempDir } from './support/temp-dir.ts';
import { uniqueRoleNames } from './support/test-roles.ts';

const SHOP = new URL('./fixtures/hand-written/shop.yaml', import.meta.url).pathname;

async function generated(model: string): Promise<string> {
  const result = await runCli('generate', model);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

describe('a hand-written model compares equal with the database built from it', () => {
  test('embedded: diff both ways is empty, migrate new writes once and then nothing', async () => {
    await withTempDir({}, async (dir) => {
      const sql = join(dir, 'shop.sql');
      await writeFile(sql, await generated(SHOP));
      for (const [from, to] of [
        [sql, SHOP],
        [SHOP, sql],
      ] as const) {
        const result = await runCli('diff', from, to);
        assert.equal(result.code, 0, `${from} -> ${to}\n${result.stdout}${result.stderr}`);
        assert.equal(result.stdout, '-- no changes\n');
      }
      const migrations = join(dir, 'migrations');
      const first = await runCli('migrate', 'new', 'init', '--model', SHOP, '--dir', migrations);
      assert.equal(first.code, 0, first.stderr);
      assert.equal((await readdir(migrations)).length, 2);
      const second = await runCli('migrate', 'new', 'again', '--model', SHOP, '--dir', migrations);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stderr, /no changes/);
      assert.equal((await readdir(migrations)).length, 2);
      // The directory replays to the model, as a side of diff too.
      const replayed = await runCli('diff', migrations, SHOP);
      assert.equal(replayed.code, 0, replayed.stdout + replayed.stderr);
    });
  });

  test('server: built with the generated DDL, the database diffs empty against the model', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await db.exec(await generated(SHOP));
      assert.notEqual(await serverMajorVersion(db), EMBEDDED_MAJOR, 'the server is another major version');
      for (const options of [[], ['--dev-db', serverUrl as string]]) {
        for (const [from, to] of [
          [url, SHOP],
          [SHOP, url],
        ] as const) {
          const result = await runCli('diff', from, to, ...options);
          assert.equal(
            result.code,
            0,
            `${options.join(' ')} ${from} -> ${to}\n${result.stdout}${result.stderr}`,
          );
        }
      }
    });
  });

  test('server: a change is planned, proved on the server through --dev-db, and applies', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await db.exec(await generated(SHOP));
      await withTempDir({}, async (dir) => {
        const changed = join(dir, 'shop.yaml');
        const text = await readFile(SHOP, 'utf8');
        await writeFile(
          changed,
          text.replace(
            "expression: \"country IN ('NL','BE','DE')\"",
            "expression: \"country IN ('NL','BE','DE','FR')\"",
          ),
        );
        const result = await runCli('diff', url, changed, '--dev-db', serverUrl as string);
        assert.equal(result.code, 1, result.stderr);
        assert.match(result.stdout, /customers_country_check/);
        assert.doesNotMatch(result.stdout, /customers_kind_check|orders_open_idx|open_orders/);
        await db.exec(result.stdout);
        const after = await runCli('diff', url, changed, '--dev-db', serverUrl as string);
        assert.equal(after.code, 0, after.stdout + after.stderr);
      });
    });
  });
});

describe('what PostgreSQL rejects is reported in the model', () => {
  test('an unknown column in a check and an unknown function in a default: file:line:column, exit 2', async () => {
    await withTempDir(
      {
        'model.yaml': `schemas:
  public:
    tables:
      t:
        columns:
          - { name: id, type: int }
          - { name: s, type: text, default: "no_such_function()" }
        checks:
          - { name: t_x_check, expression: "x > 0" }
`,
      },
      async (dir) => {
        const model = join(dir, 'model.yaml');
        const result = await runCli('diff', model, model);
        assert.equal(result.code, 2);
        assert.match(
          result.stderr,
          /model\.yaml:7:45: error model-rejected: embedded PostgreSQL 18 rejects schemas\.public\.tables\.t\.columns\[1\]\.default: function no_such_function\(\) does not exist/,
        );
        assert.doesNotMatch(result.stderr, /internal|verify-failed/);
        await writeFile(model, (await readFile(model, 'utf8')).replace('no_such_function()', "'a'"));
        const check = await runCli('migrate', 'new', 'init', '--model', model, '--dir', join(dir, 'm'));
        assert.equal(check.code, 2);
        assert.match(
          check.stderr,
          /model\.yaml:9:44: error model-rejected: .*checks\[0\]\.expression: column "x" does not exist/,
        );
      },
    );
  });
});

describe('the scratch database', () => {
  test('--dev-db: roles the model grants to exist only while schemata works; nothing is left on the server', async (t) => {
    const url = serverUrl;
    if (!url) return t.skip(serverSkipReason);
    const { reader } = uniqueRoleNames({ reader: 'schemata_spell_reader_' });
    await withTempDir(
      {
        'model.yaml': `schemas:
  public:
    tables:
      t:
        columns:
          - { name: id, type: int }
        grants:
          - { role: ${reader}, privileges: [select] }
`,
        'other.yaml': `schemas:
  public:
    tables:
      t:
        columns:
          - { name: id, type: int }
          - { name: note, type: varchar(20) }
        grants:
          - { role: ${reader}, privileges: [select] }
`,
      },
      async (dir) => {
        const result = await runCli(
          'diff',
          join(dir, 'model.yaml'),
          join(dir, 'other.yaml'),
          '--dev-db',
          url,
        );
        assert.equal(result.code, 1, result.stderr);
        assert.match(result.stdout, /ADD COLUMN note character varying\(20\)/);
        const admin = await openServerDatabase(url);
        try {
          assert.deepEqual(await admin.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [reader]), []);
        } finally {
          await admin.close();
        }
      },
    );
  });

  test('--dev-db that is not a URL is a usage error', async () => {
    const result = await runCli('diff', SHOP, SHOP, '--dev-db', 'localhost');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /error usage: the development database must be a postgres:\/\/ URL/);
  });

  test('the embedded database is the PostgreSQL major version the messages name', async () => {
    const db = await openEmbeddedDatabase();
    try {
      assert.equal(await serverMajorVersion(db), EMBEDDED_MAJOR);
    } finally {
      await db.close();
    }
  });

  test('a spelling is cached by content: the second run builds nothing, a changed model is spelled again', async () => {
    await loadSqlParser();
    const dir = await mkdtemp(join(tmpdir(), 'schemata-cache-'));
    try {
      const cache = { dir, codeStamp: 'test' };
      const { model } = await readModel(SHOP);
      const first = await spellModel(model, { source: EMBEDDED, cache });
      const second = await spellModel(model, { source: EMBEDDED, cache });
      assert.ok(first.ok && second.ok);
      assert.equal(first.cached, false);
      assert.equal(second.cached, true);
      assert.deepEqual(second.model, first.model);
      // Documentation is carried over from the model, not from the cache.
      const customers = second.model.schemas?.public?.tables?.customers;
      assert.equal(customers?.dataOwner, 'sales');
      assert.equal(
        customers?.checks?.find((c) => c.name === 'customers_kind_check')?.businessRule,
        'A customer is a person or a company.',
      );
      assert.match(
        customers?.checks?.find((c) => c.name === 'customers_kind_check')?.expression ?? '',
        /ANY/,
      );
      const changed = structuredClone(model);
      changed.schemas!.public!.tables!.customers!.columns[3]!.default = '1';
      const third = await spellModel(changed, { source: EMBEDDED, cache });
      assert.ok(third.ok);
      assert.equal(third.cached, false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('project.postgres', () => {
  test('what needs a newer release than the target is an error naming the release; older targets get a note', async () => {
    await withTempDir(
      {
        'model.yaml': `project: { postgres: 14 }
schemas:
  public:
    tables:
      t:
        columns:
          - { name: id, type: uuid, default: uuidv7() }
          - { name: a, type: int }
        uniques:
          - { columns: [a], nullsNotDistinct: true }
        grants:
          - { role: app_maintainer, privileges: [select, maintain] }
`,
        'ok.yaml': `project: { postgres: 15 }
schemas:
  public:
    functions:
      uuidv7():
        returns: uuid
        language: sql
        body: SELECT gen_random_uuid()
    tables:
      t:
        columns:
          - { name: id, type: uuid, default: uuidv7() }
`,
      },
      async (dir) => {
        const result = await runCli('generate', join(dir, 'model.yaml'));
        assert.equal(result.code, 2);
        assert.match(
          result.stderr,
          /model\.yaml:7:46: error needs-newer-postgres: the function uuidv7\(\) needs PostgreSQL 18/,
        );
        assert.match(
          result.stderr,
          /model\.yaml:10:47: error needs-newer-postgres: NULLS NOT DISTINCT needs PostgreSQL 15/,
        );
        assert.match(
          result.stderr,
          /model\.yaml:12:58: error needs-newer-postgres: the MAINTAIN privilege needs PostgreSQL 17/,
        );
        // A schema that defines the function itself (as schemas for older releases do) is fine.
        const own = await runCli('diff', join(dir, 'ok.yaml'), join(dir, 'ok.yaml'));
        assert.equal(own.code, 0, own.stderr);
        assert.match(
          own.stderr,
          /^note: the model targets PostgreSQL 15; it is spelled and proved on embedded PostgreSQL 18 \(--dev-db URL proves it on 15\)$/m,
        );
      },
    );
  });
});

describe('schemata format', () => {
  test('rewrites types and expressions into the spelling PostgreSQL keeps, comments and layout kept', async () => {
    const text = await readFile(SHOP, 'utf8');
    await withTempDir({ 'shop.yaml': text }, async (dir) => {
      const model = join(dir, 'shop.yaml');
      const check = await runCli('format', model, '--check');
      assert.equal(check.code, 1, check.stderr);
      assert.equal(check.stdout, `${model}\n`);
      assert.equal(await readFile(model, 'utf8'), text, '--check changes nothing');

      const format = await runCli('format', model);
      assert.equal(format.code, 0, format.stderr);
      const formatted = await readFile(model, 'utf8');
      assert.match(formatted, /^# A model written by hand/);
      assert.match(
        formatted,
        /- \{ name: kind, type: character varying\(10\), notNull: true, default: "'person'::character varying" \}/,
      );
      // Each value keeps its quoting: this one was written in single quotes.
      assert.match(formatted, /expression: 'score >= 0 AND score <= 100'/);
      assert.match(formatted, /businessRule: A customer is a person or a company\./);
      assert.equal(
        formatted.split('\n').length,
        text.split('\n').length + 4,
        'only the open_orders view grows',
      );

      const again = await runCli('format', model, '--check');
      assert.equal(again.code, 0, again.stdout + again.stderr);
      const same = await runCli('diff', SHOP, model);
      assert.equal(same.code, 0, same.stdout + same.stderr);
    });
  });
});

describe('database-wide objects in model files', () => {
  test('an event trigger written in a model file is generated and compares equal with its database', async () => {
    await withTempDir(
      {
        'model.yaml': `schemas:
  app:
    functions:
      log_ddl():
        language: plpgsql
        returns: event_trigger
        body: "BEGIN RAISE NOTICE 'ddl %', tg_tag; END"
eventTriggers:
  ddl_logger:
    event: ddl_command_start
    function: app.log_ddl
    enabled: disabled
`,
      },
      async (dir) => {
        const model = join(dir, 'model.yaml');
        const sql = join(dir, 'model.sql');
        const generatedSql = await generated(model);
        assert.match(generatedSql, /CREATE EVENT TRIGGER ddl_logger ON ddl_command_start/);
        await writeFile(sql, generatedSql);
        const result = await runCli('diff', sql, model);
        assert.equal(result.code, 0, result.stdout + result.stderr);
      },
    );
  });
});
