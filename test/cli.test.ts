// The command line as a user meets it: exit codes, messages with locations, files written.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { openServerDatabase } from '../src/db/database.ts';
import { createScratchDatabase } from '../src/db/scratch.ts';
import { serverSkipReason, serverUrl } from './support/databases.ts';
import { runCli } from './support/run-cli.ts';

async function tempDir() {
  return mkdtemp(join(tmpdir(), 'schemata-cli-'));
}

describe('schemata generate', () => {
  test('prints DDL for an example model and is deterministic', async () => {
    const first = await runCli('generate', 'examples/quiz-platform/model.yaml');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /CREATE TABLE public\.quiz_sessions \(/);
    assert.match(first.stdout, /CREATE TYPE public\.session_status AS ENUM/);
    const second = await runCli('generate', 'examples/quiz-platform/model.yaml');
    assert.equal(second.stdout, first.stdout);
  });

  test('writes to a file with -o', async () => {
    const dir = await tempDir();
    try {
      const out = join(dir, 'nested', 'schema.sql');
      const result = await runCli('generate', 'examples/task-manager', '-o', out);
      assert.equal(result.code, 0, result.stderr);
      assert.match(await readFile(out, 'utf8'), /CREATE TABLE public\.task_tags/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('an invalid model gives every error with file:line:column and exit 2, no stack trace', async () => {
    const dir = await tempDir();
    try {
      const file = join(dir, 'bad.yaml');
      await writeFile(
        file,
        [
          'schemas:',
          '  public:',
          '    tables:',
          '      t:',
          '        columns:',
          '          - name: a',
          '            type: intgr',
          '        primaryKey:',
          '          columns: [missing]',
          '',
        ].join('\n'),
      );
      const result = await runCli('generate', file);
      assert.equal(result.code, 2);
      assert.match(result.stderr, new RegExp(`${file.replaceAll('\\', '\\\\')}:7:19: error unknown-type`));
      assert.match(result.stderr, /:9:\d+: error unknown-column/);
      assert.match(result.stderr, /hint: /);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a YAML syntax error is located', async () => {
    const dir = await tempDir();
    try {
      const file = join(dir, 'broken.yaml');
      await writeFile(file, 'schemas:\n  public:\n    tables: [\n');
      const result = await runCli('generate', file);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /broken\.yaml:\d+:\d+: error yaml-syntax/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('usage errors exit 2 with a hint', async () => {
    const unknown = await runCli('frobnicate');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
    const badFlag = await runCli('generate', '--nope');
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.stderr, /hint:/);
    const missing = await runCli('generate', 'no/such/model.yaml');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /model-not-found/);
  });
});

describe('schemata import', () => {
  test('reports a failing statement at its file and line with PostgreSQL message', async () => {
    const dir = await tempDir();
    try {
      const file = join(dir, 'broken.sql');
      await writeFile(
        file,
        'CREATE TABLE a (id int);\n\n-- comment\nCREATE TABLE b (id int REFERENCES nowhere (id));\n',
      );
      const result = await runCli('import', file);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /broken\.sql:4:\d+: error sql-error: relation "nowhere" does not exist/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('reports a syntax error at its position', async () => {
    const dir = await tempDir();
    try {
      const file = join(dir, 'syntax.sql');
      await writeFile(file, 'CREATE TABLE a (id int);\nCREAT TABLE b ();\n');
      const result = await runCli('import', file);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /syntax\.sql:2:1: error sql-syntax/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('accepts pg_dump output with \\restrict lines and unknown owners, and lists unsupported objects', async () => {
    const dir = await tempDir();
    try {
      const file = join(dir, 'dump.sql');
      await writeFile(
        file,
        [
          '\\restrict abc123',
          "SELECT pg_catalog.set_config('search_path', '', false);",
          'CREATE TABLE public.items (id integer NOT NULL, name text);',
          'ALTER TABLE public.items OWNER TO app_owner;',
          'CREATE VIEW public.item_names AS SELECT name FROM public.items;',
          'CREATE OPERATOR public.=== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int4eq);',
          'CREATE FOREIGN DATA WRAPPER "Files FDW";',
          'CREATE SERVER files FOREIGN DATA WRAPPER "Files FDW";',
          'CREATE PUBLICATION "All Changes" FOR ALL TABLES;',
          '\\unrestrict abc123',
          '',
        ].join('\n'),
      );
      const out = join(dir, 'model.yaml');
      const result = await runCli('import', file, '-o', out);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /operator public\.===/);
      // Database-wide objects outside the model are listed by kind and name too.
      assert.match(result.stderr, /foreign data wrapper "Files FDW" is not in the model/);
      assert.match(result.stderr, /server files is not in the model/);
      assert.match(result.stderr, /publication "All Changes" is not in the model/);
      assert.match(await readFile(out, 'utf8'), /item_names:/);
      assert.match(await readFile(out, 'utf8'), /items:/);
      const strict = await runCli('import', file, '--strict');
      assert.equal(strict.code, 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a file that sets another client_encoding: the SET is left out with a warning, the rest reads as UTF-8', async () => {
    const dir = await tempDir();
    try {
      const file = join(dir, 'latin.sql');
      await writeFile(
        file,
        [
          "CREATE TABLE countries (name text DEFAULT 'Türkiye');",
          'SET CLIENT_ENCODING=latin1;',
          "SET NAMES 'UTF8';",
          "UPDATE countries SET name = 'T' || U&'\\00FC' || 'rkiye' WHERE name = 'Türkiye';",
          "COMMENT ON TABLE countries IS 'Länder';",
          '',
        ].join('\n'),
      );
      const out = join(dir, 'model.yaml');
      for (const extra of [[], ['--continue-on-error']]) {
        const result = await runCli('import', file, '-o', out, ...extra);
        assert.equal(result.code, 0, result.stderr);
        assert.match(
          result.stderr,
          /latin\.sql:2:1: warning sql-client-encoding: client_encoding latin1 was not set/,
        );
        assert.doesNotMatch(result.stderr, /:3:1:/);
        const model = await readFile(out, 'utf8');
        assert.match(model, /Türkiye/);
        assert.match(model, /Länder/);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('schemata inspect', () => {
  test('an unreachable database is a clear error, exit 2', async () => {
    const result = await runCli('inspect', '--db', 'postgres://nobody@127.0.0.1:1/none');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /error db-unreachable: cannot connect/);
  });

  test(
    'keeps documentation of an existing model and lists unsupported objects',
    { skip: serverSkipReason ?? false },
    async () => {
      const scratch = await createScratchDatabase(serverUrl!, 'schemata_test');
      const dir = await tempDir();
      try {
        const db = await openServerDatabase(scratch.url);
        await db.exec(`CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL);
        CREATE TABLE gone (id int);
        CREATE VIEW account_emails AS SELECT email FROM accounts;
        CREATE OPERATOR public.=== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int4eq);`);
        const out = join(dir, 'model');
        const first = await runCli('inspect', '--db', scratch.url, '-o', out);
        assert.equal(first.code, 0, first.stderr);
        assert.match(first.stderr, /operator public\.===/);
        // Document the table in the model, drop a table in the database, inspect again.
        const files = await readFile(join(out, 'public', 'tables', 'accounts.yaml'), 'utf8').catch(
          () => undefined,
        );
        assert.ok(files, 'per-table layout writes public/tables/accounts.yaml');
        await writeFile(
          join(out, 'public', 'tables', 'accounts.yaml'),
          files.replace('      accounts:\n', '      accounts:\n        dataOwner: billing team\n'),
        );
        await db.exec('DROP TABLE gone; ALTER TABLE accounts ADD COLUMN created_at timestamptz');
        await db.close();
        const second = await runCli('inspect', '--db', scratch.url, '-o', out, '--strict');
        assert.equal(second.code, 1, 'the operator is unsupported, so --strict exits 1');
        const accounts = await readFile(join(out, 'public', 'tables', 'accounts.yaml'), 'utf8');
        assert.match(accounts, /dataOwner: billing team/);
        assert.match(accounts, /created_at/);
        const gone = await readFile(join(out, 'public', 'tables', 'gone.yaml'), 'utf8').catch(
          () => undefined,
        );
        assert.equal(gone, undefined, 'the file of the dropped table is removed');
      } finally {
        await rm(dir, { recursive: true, force: true });
        await scratch.drop();
      }
    },
  );

  test(
    'inspecting into an existing model keeps its layout, comments, renames, recorded drops and documentation',
    { skip: serverSkipReason ?? false },
    async () => {
      const scratch = await createScratchDatabase(serverUrl!, 'schemata_test');
      const dir = await tempDir();
      try {
        const db = await openServerDatabase(scratch.url);
        await db.exec(`CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL);
        CREATE TABLE audit (id int);
        CREATE VIEW emails AS SELECT email FROM accounts;`);
        const model = join(dir, 'model');
        const file = join(model, 'billing.yaml');
        assert.equal((await runCli('inspect', '--db', scratch.url, '-o', file)).code, 0);
        const edits: [string, string][] = [
          ['schemata: 1\n', '# Billing, kept by the payments team.\nschemata: 1\n'],
          [
            'schemas:\n',
            'project:\n  drops:\n    - { kind: table, schema: public, name: invoices, reason: merged }\nschemas:\n',
          ],
          ['      accounts:\n', '      accounts:\n        renamedFrom: customers # renamed in 2024\n'],
          ['      accounts:\n', '      accounts:\n        dataOwner: billing team\n'],
          ['            type: text\n', '            type: text\n            sensitivity: pii\n'],
          ['          columns: [id]\n', '          columns: [id]\n          rationale: surrogate key\n'],
          [
            '      emails:\n',
            '      emails:\n        # Read by the mailer only.\n        subjectArea: marketing\n',
          ],
        ];
        let text = await readFile(file, 'utf8');
        for (const [from, to] of edits) {
          assert.ok(text.includes(from), `${from} in ${text}`);
          text = text.replace(from, to);
        }
        await writeFile(file, text);
        await db.exec('DROP TABLE audit; ALTER TABLE accounts ADD COLUMN created_at timestamptz');
        await db.close();

        const again = await runCli('inspect', '--db', scratch.url, '-o', model);
        assert.equal(again.code, 0, again.stderr);
        assert.deepEqual(await readdir(model), ['billing.yaml'], 'a one-file model stays one file');
        const kept = await readFile(file, 'utf8');
        for (const line of [
          '# Billing, kept by the payments team.',
          'name: invoices',
          'renamedFrom: customers # renamed in 2024',
          'dataOwner: billing team',
          'sensitivity: pii',
          'rationale: surrogate key',
          '# Read by the mailer only.',
          'subjectArea: marketing',
          '- name: created_at',
        ])
          assert.ok(kept.includes(line), `${line} in\n${kept}`);
        assert.doesNotMatch(kept, /audit/);
        assert.match(again.stderr, /2 change\(s\) to the model at .*:\n/);
        assert.match(again.stderr, /drop table public\.audit/);
        assert.match(again.stderr, /create column public\.accounts\.created_at/);

        // A per-schema directory stays per-schema.
        const perSchema = join(dir, 'per-schema');
        await runCli('inspect', '--db', scratch.url, '-o', perSchema, '--layout', 'per-schema');
        const unchanged = await runCli('inspect', '--db', scratch.url, '-o', perSchema);
        assert.equal(unchanged.code, 0, unchanged.stderr);
        assert.match(unchanged.stderr, /already matches/);
        assert.deepEqual(await readdir(perSchema, { recursive: true }), [
          'project.yaml',
          'public',
          join('public', 'schema.yaml'),
        ]);
      } finally {
        await rm(dir, { recursive: true, force: true });
        await scratch.drop();
      }
    },
  );
});

test('the installed binary runs and exits 2 on usage errors without a stack trace', () => {
  const result = spawnSync(process.execPath, ['bin/schemata.js', 'generate', '--bogus'], {
    encoding: 'utf8',
  });
  assert.equal(result.status, 2);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});
