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
    if (!serverUrl) return t.skip(serverSkipReason);
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
          serverUrl,
        );
        assert.equal(result.code, 1, result.stderr);
        assert.match(result.stdout, /ADD COLUMN note character varying\(20\)/);
        const admin = await openServerDatabase(serverUrl);
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
