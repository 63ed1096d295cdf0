// Plans that were wrong as a user met them through the command line: each test runs the commands on
// small models and SQL files, on embedded PostgreSQL (diff proves its plans there unless --no-verify).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openServerDatabase } from '../src/db/database.ts';
import { createScratchDatabase } from '../src/db/scratch.ts';
import { serverSkipReason, serverUrl } from './support/databases.ts';
import { runCli } from './support/run-cli.ts';
import { withTempDir } from './support/temp-dir.ts';

const TABLE_ONLY = `schemas:
  public:
    tables:
      t:
        columns:
          - { name: id, type: integer }
`;

/** Two functions with an empty search_path: as written by hand, and as PostgreSQL stores it. */
const EMPTY_SEARCH_PATHS = `${TABLE_ONLY}    functions:
      by_hand():
        language: sql
        returns: integer
        securityDefiner: true
        set: { search_path: '' }
        body: SELECT 1
      as_stored():
        language: sql
        returns: integer
        securityDefiner: true
        set: { search_path: '""' }
        body: SELECT 2
`;

describe('routine settings', () => {
  test("an empty search_path, written '' or '\"\"', is SET to '' and the plan is proved", async () => {
    await withTempDir({ 'before.yaml': TABLE_ONLY, 'model.yaml': EMPTY_SEARCH_PATHS }, async (dir) => {
      const model = join(dir, 'model.yaml');
      const generated = await runCli('generate', model);
      assert.equal(generated.code, 0, generated.stderr);
      assert.equal(generated.stdout.match(/\n {2}SET search_path TO ''\n/g)?.length, 2, generated.stdout);

      // The proof applies the plan, reads the functions back (search_path stored as "") and compares.
      const plan = await runCli('diff', join(dir, 'before.yaml'), model);
      assert.equal(plan.code, 1, plan.stderr);
      assert.equal(plan.stdout.match(/\n {2}SET search_path TO ''\n/g)?.length, 2, plan.stdout);
    });
  });

  test(
    'generate -> apply -> inspect on a server -> diff is empty',
    { skip: serverSkipReason ?? false },
    async () => {
      const scratch = await createScratchDatabase(serverUrl!, 'schemata_test');
      try {
        await withTempDir({ 'model.yaml': EMPTY_SEARCH_PATHS }, async (dir) => {
          const model = join(dir, 'model.yaml');
          const db = await openServerDatabase(scratch.url);
          await db.exec((await runCli('generate', model)).stdout).finally(() => db.close());
          const out = join(dir, 'inspected');
          const inspected = await runCli('inspect', '--db', scratch.url, '-o', out);
          assert.equal(inspected.code, 0, inspected.stderr);
          for (const target of [model, out]) {
            const same = await runCli('diff', scratch.url, target);
            assert.equal(same.code, 0, same.stderr + same.stdout);
          }
        });
      } finally {
        await scratch.drop();
      }
    },
  );
});

describe('storage parameters', () => {
  test('keep the order PostgreSQL stores them in, through import, generate and diff', async () => {
    const files = {
      'before.yaml': TABLE_ONLY,
      'schema.sql': `CREATE TABLE t (id integer) WITH (fillfactor = 90, autovacuum_enabled = false);
CREATE INDEX t_id_idx ON t (id) WITH (fillfactor = 100, deduplicate_items = true);
`,
      'reordered.sql': `CREATE TABLE t (id integer) WITH (autovacuum_enabled = false, fillfactor = 90);
CREATE INDEX t_id_idx ON t (id) WITH (deduplicate_items = true, fillfactor = 100);
`,
    };
    await withTempDir(files, async (dir) => {
      const out = join(dir, 'model');
      const imported = await runCli('import', join(dir, 'schema.sql'), '-o', out);
      assert.equal(imported.code, 0, imported.stderr);
      const file = await readFile(join(out, 'public', 'tables', 't.yaml'), 'utf8');
      assert.match(file, /fillfactor: 90\n\s+autovacuum_enabled: false\n/);
      assert.match(file, /fillfactor: 100\n\s+deduplicate_items: true\n/);

      const generated = await runCli('generate', out);
      assert.match(generated.stdout, /WITH \(fillfactor = 90, autovacuum_enabled = false\);/);
      assert.match(generated.stdout, /WITH \(fillfactor = 100, deduplicate_items = true\);/);

      const plan = await runCli('diff', join(dir, 'before.yaml'), out, '--no-verify');
      assert.equal(plan.code, 1, plan.stderr);
      assert.match(plan.stdout, /WITH \(fillfactor = 100, deduplicate_items = true\);/);

      // The order is how the parameters are written, not a change: the same settings compare equal.
      const same = await runCli('diff', join(dir, 'reordered.sql'), out);
      assert.equal(same.code, 0, same.stderr + same.stdout);
    });
  });
});

describe('privileges on the sequence of a serial or identity column', () => {
  test('a grant the model does not have is revoked, and the plan is proved', async () => {
    const files = {
      'granted.sql': `CREATE ROLE reader;
CREATE TABLE t (id serial, n bigint GENERATED ALWAYS AS IDENTITY);
GRANT SELECT ON SEQUENCE t_id_seq, t_n_seq TO reader;
`,
      'model.yaml': `schemas:
  public:
    tables:
      t:
        columns:
          - { name: id, type: serial }
          - { name: n, type: bigint, notNull: true, identity: { generation: always } }
`,
    };
    await withTempDir(files, async (dir) => {
      const plan = await runCli('diff', join(dir, 'granted.sql'), join(dir, 'model.yaml'));
      assert.equal(plan.code, 1, plan.stderr);
      assert.match(plan.stdout, /REVOKE SELECT ON SEQUENCE public\.t_id_seq FROM reader;/);
      assert.match(plan.stdout, /REVOKE SELECT ON SEQUENCE public\.t_n_seq FROM reader;/);
    });
  });

  test('a trigger calling a built-in trigger function is read qualified, and diffs empty', async () => {
    const files = {
      'schema.sql': `CREATE TABLE film (title text, description text, fulltext tsvector);
CREATE TRIGGER film_fulltext BEFORE INSERT OR UPDATE ON film FOR EACH ROW
  EXECUTE FUNCTION tsvector_update_trigger('fulltext', 'pg_catalog.english', 'title', 'description');
`,
    };
    await withTempDir(files, async (dir) => {
      const out = join(dir, 'model');
      const imported = await runCli('import', join(dir, 'schema.sql'), '-o', out);
      assert.equal(imported.code, 0, imported.stderr);
      const file = await readFile(join(out, 'public', 'tables', 'film.yaml'), 'utf8');
      assert.match(file, /function: pg_catalog\.tsvector_update_trigger\n/);
      for (const [from, to] of [
        [out, join(dir, 'schema.sql')],
        [join(dir, 'schema.sql'), out],
      ] as const) {
        const result = await runCli('diff', from, to);
        assert.equal(result.code, 0, result.stdout + result.stderr);
      }
    });
  });
});

/** A soft-deleting table written out by hand (deleted_at last, a live-rows view), with a unique key. */
const SOFT_DELETING = `schemas:
  public:
    tables:
      accounts:
        columns:
          - { name: id, type: bigint, notNull: true }
          - { name: email, type: varchar(255), notNull: true }
          - { name: deleted_at, type: timestamptz }
        primaryKey: { columns: [id] }
        uniques:
          - columns: [email]
        indexes:
          - { columns: [id, email], unique: true }
      sessions:
        columns:
          - { name: id, type: bigint, notNull: true }
          - { name: account_id, type: bigint }
        primaryKey: { columns: [id] }
        foreignKeys:
          - columns: [account_id]
            references: { table: accounts, columns: [id] }
    views:
      accounts_live:
        definition: SELECT * FROM accounts WHERE deleted_at IS NULL
`;

describe('hand-written soft delete', () => {
  test('a column added after deleted_at keeps the unique constraint and index as they are', async () => {
    const after = SOFT_DELETING.replace(
      '          - { name: deleted_at, type: timestamptz }\n',
      '          - { name: deleted_at, type: timestamptz }\n          - { name: note, type: text }\n',
    );
    await withTempDir({ 'before.yaml': SOFT_DELETING, 'after.yaml': after }, async (dir) => {
      const plan = await runCli('diff', join(dir, 'before.yaml'), join(dir, 'after.yaml'));
      assert.equal(plan.code, 1, plan.stderr);
      assert.match(plan.stdout, /ALTER TABLE public\.accounts ADD COLUMN note text;/);
      // Before, the model's spelling read the table as the soft-delete pattern with its unique key
      // as a partial index, and the plan dropped and re-made the key and the foreign key over it.
      assert.doesNotMatch(plan.stdout, /DROP INDEX|DROP CONSTRAINT|ADD CONSTRAINT/, plan.stdout);
      const same = await runCli('diff', join(dir, 'before.yaml'), join(dir, 'before.yaml'));
      assert.equal(same.code, 0, `${same.stdout}${same.stderr}`);
    });
  });
});
