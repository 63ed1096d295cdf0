// schemata lint as a user runs it, through the bin: each kind of input recognised from its form, the
// report in each format, the config's lint section, inline suppressions, and the exit codes (1 when a
// finding at error severity remains, 0 otherwise, 2 on a usage or input error).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { CliOutputSchema } from '../src/cli/json-document.ts';
import { main } from '../src/cli/main.ts';
import { withTempDir } from './support/temp-dir.ts';
import { withServerDatabase } from './support/databases.ts';

const bin = join(process.cwd(), 'bin/schemata.js');

function run(cwd: string, ...args: string[]) {
  const child = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
}

function runJson(cwd: string, ...args: string[]) {
  const result = run(cwd, ...args);
  const document = CliOutputSchema.parse(JSON.parse(result.stdout));
  assert.equal(document.exitCode, result.code, 'exitCode is the exit code');
  return { ...result, document };
}

/** A documented table with a key, and one without a primary key (an error) and an unindexed FK. */
const MODEL = `schemas:
  public:
    tables:
      customers:
        description: People who order.
        columns:
          - { name: id, type: bigint, notNull: true, identity: { generation: always } }
          - { name: name, type: text, notNull: true }
        primaryKey: { columns: [id] }
      events:
        description: What customers did.
        columns:
          - { name: customer_id, type: bigint, notNull: true }
          - { name: payload, type: jsonb, notNull: true }
        foreignKeys:
          - { columns: [customer_id], references: { table: customers, columns: [id] }, onDelete: cascade }
`;

const SUPPRESSED = MODEL.replace(
  '      events:\n',
  '      # schemata-lint-disable table-without-primary-key: append-only, read in bulk by the export\n      events:\n',
);

describe('schemata lint: a model', () => {
  test('text like a compiler: file:line:column, severity, rule, message, the fix; exit 1 on an error', async () => {
    await withTempDir({ 'model.yaml': MODEL }, async (dir) => {
      const { code, stdout, stderr } = run(dir, 'lint', 'model.yaml');
      assert.equal(code, 1, stderr);
      assert.match(
        stdout,
        /^model\.yaml:10:7: error table-without-primary-key: .*public\.events.*\n {2}fix: /m,
      );
      assert.match(stdout, /^model\.yaml:\d+:\d+: warning foreign-key-without-index: .*customer_id/m);
      assert.match(stdout, /\n\n\d+ findings \(1 error, \d+ warnings?, \d+ info\) in 1 file\n$/);
      assert.equal(stderr, '');
    });
  });

  test('a suppression with a reason leaves the object alone; without one, it is an error itself', async () => {
    await withTempDir(
      {
        'model.yaml': SUPPRESSED,
        'bare.yaml': SUPPRESSED.replace(': append-only, read in bulk by the export', ''),
        'stale.yaml': SUPPRESSED.replace(
          '# schemata-lint-disable table-without-primary-key',
          '# schemata-lint-disable table-without-primary-key, char-type',
        ),
      },
      async (dir) => {
        const ok = run(dir, 'lint', 'model.yaml');
        assert.equal(ok.code, 0, ok.stdout);
        assert.doesNotMatch(ok.stdout, /table-without-primary-key/);
        const bare = run(dir, 'lint', 'bare.yaml');
        assert.equal(bare.code, 1);
        assert.match(
          bare.stdout,
          /^bare\.yaml:10:7: error suppression-without-reason: suppression of table-without-primary-key gives no reason$/m,
        );
        assert.doesNotMatch(bare.stdout, /error table-without-primary-key/);
        const stale = run(dir, 'lint', 'stale.yaml');
        assert.equal(stale.code, 0);
        assert.match(
          stale.stdout,
          /^stale\.yaml:10:7: warning unused-suppression: suppression of char-type on schemas\.public\.tables\.events suppresses nothing$/m,
        );
      },
    );
  });

  test('without an argument: the model of the config file; its lint section sets rules per path', async () => {
    await withTempDir({ 'model.yaml': MODEL }, async (dir) => {
      await mkdir(join(dir, 'sub'));
      await writeFile(
        join(dir, 'schemata.config.yaml'),
        `model: model.yaml
lint:
  rules:
    foreign-key-without-index: error
  overrides:
    - files: "model.y*ml"
      rules:
        table-without-primary-key: off
`,
      );
      const { code, stdout } = run(join(dir, 'sub'), 'lint');
      assert.equal(code, 1, stdout);
      assert.doesNotMatch(stdout, /table-without-primary-key/);
      assert.match(stdout, /model\.yaml:\d+:\d+: error foreign-key-without-index/);
    });
  });

  test('a rule the config names that does not exist: exit 2 at its line, with a did-you-mean', async () => {
    await withTempDir(
      {
        'model.yaml': MODEL,
        'schemata.config.yaml': 'lint:\n  rules:\n    table-without-primary-kye: off\n',
      },
      async (dir) => {
        const { code, stdout, stderr } = run(dir, 'lint', 'model.yaml');
        assert.equal(code, 2);
        assert.equal(stdout, '');
        assert.match(
          stderr,
          /schemata\.config\.yaml:3:5: error unknown-rule: no lint rule is called "table-without-primary-kye"\n {2}hint: did you mean "table-without-primary-key"\?/m,
        );
        const shape = await withConfig(dir, 'lint:\n  rules:\n    table-without-primary-key: loud\n');
        assert.equal(shape.code, 2);
        assert.match(shape.stderr, /schemata\.config\.yaml:3:\d+: error invalid-config/);
      },
    );
  });

  test('--format json (and --json): the findings and a summary in the one document', async () => {
    await withTempDir({ 'model.yaml': MODEL }, async (dir) => {
      for (const flags of [['--format', 'json'], ['--json']]) {
        const { document } = runJson(dir, 'lint', 'model.yaml', ...flags);
        assert.equal(document.command, 'lint');
        assert.equal(document.exitCode, 1);
        assert.equal(document.lint?.input, 'model');
        assert.equal(document.lint?.targetVersion, 18);
        assert.equal(document.lint?.errors, 1);
        const missing = document.findings?.find((f) => f.code === 'table-without-primary-key');
        assert.deepEqual(missing?.location, { file: 'model.yaml', line: 10, column: 7 });
        assert.equal(missing?.path, 'schemas.public.tables.events');
      }
      const written = run(dir, 'lint', 'model.yaml', '--format', 'json', '-o', 'out/lint.json');
      assert.equal(written.code, 1);
      assert.equal(written.stdout, '');
      assert.match(written.stderr, /^wrote out\/lint\.json: \d+ findings/);
      const file = CliOutputSchema.parse(JSON.parse(await readFile(join(dir, 'out/lint.json'), 'utf8')));
      assert.equal(file.exitCode, 1);
      assert.ok(file.findings?.some((f) => f.code === 'table-without-primary-key'));
    });
  });

  test('--format sarif: a SARIF 2.1.0 log the official schema accepts, every rule described', async () => {
    await withTempDir({ 'model.yaml': MODEL }, async (dir) => {
      const { code, stderr } = run(dir, 'lint', 'model.yaml', '--format', 'sarif', '-o', 'lint.sarif');
      assert.equal(code, 1);
      assert.match(stderr, /^wrote lint\.sarif: /);
      const log = JSON.parse(await readFile(join(dir, 'lint.sarif'), 'utf8')) as {
        runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string }[] }[];
      };
      const require = createRequire(import.meta.url);
      const schema = JSON.parse(
        await readFile(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
      ) as object;
      const validate = new (AjvDraft04 as unknown as typeof AjvDraft04.default)({
        strict: false,
        unicodeRegExp: false,
        validateFormats: false,
      }).compile(schema);
      assert.ok(validate(log), JSON.stringify(validate.errors));
      const ids = log.runs[0]?.tool.driver.rules.map((r) => r.id) ?? [];
      assert.ok(ids.includes('table-without-primary-key') && ids.includes('unused-suppression'));
      assert.ok(log.runs[0]?.results.some((r) => r.ruleId === 'table-without-primary-key'));
    });
  });

  test('colours on a terminal: the severity in its colour, the fix dimmed', async () => {
    await withTempDir({ 'model.yaml': MODEL }, async (dir) => {
      let stdout = '';
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        const code = await main(['lint', 'model.yaml'], {
          stdout: (text) => (stdout += text),
          stderr: () => undefined,
          colors: { stdout: true, stderr: true },
        });
        assert.equal(code, 1);
      } finally {
        process.chdir(cwd);
      }
      assert.match(stdout, /\u001b\[31merror table-without-primary-key\u001b\[39m/);
      assert.match(stdout, /\u001b\[2mfix: /);
    });
  });
});

async function withConfig(dir: string, config: string) {
  await writeFile(join(dir, 'schemata.config.yaml'), config);
  return run(dir, 'lint', 'model.yaml');
}

describe('schemata lint: SQL', () => {
  test('a .sql file: its suppressions are read; a suppression without a reason is reported at its line', async () => {
    const sql = `CREATE TABLE public.notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text NOT NULL);
-- schemata-lint-disable some-rule
SELECT 1;
`;
    await withTempDir({ 'change.sql': sql }, async (dir) => {
      const { code, stdout } = run(dir, 'lint', 'change.sql');
      assert.equal(code, 1, stdout);
      assert.match(
        stdout,
        /^change\.sql:2:1: error suppression-without-reason: suppression of some-rule gives no reason$/m,
      );
      assert.match(
        stdout,
        /^change\.sql:2:1: warning unused-suppression: suppression names some-rule, which is no rule$/m,
      );
      const json = runJson(dir, 'lint', 'change.sql', '--json');
      assert.equal(json.document.lint?.input, 'sql');
    });
  });

  test('a migrations directory: every up file, findings in each file', async () => {
    await withTempDir({}, async (dir) => {
      await mkdir(join(dir, 'migrations'));
      await writeFile(
        join(dir, 'migrations/0001_notes.up.sql'),
        'CREATE TABLE notes (id bigint PRIMARY KEY);\n',
      );
      await writeFile(join(dir, 'migrations/0001_notes.down.sql'), 'DROP TABLE notes;\n');
      await writeFile(
        join(dir, 'migrations/0002_more.up.sql'),
        '-- schemata-lint-disable-file no-such-rule: testing\nALTER TABLE notes ADD COLUMN body text;\n',
      );
      await writeFile(join(dir, 'migrations/0002_more.down.sql'), 'ALTER TABLE notes DROP COLUMN body;\n');
      const { code, stdout } = run(dir, 'lint', 'migrations');
      assert.equal(code, 0, stdout);
      assert.match(
        stdout,
        /^migrations\/0002_more\.up\.sql:1:1: warning unused-suppression: suppression names no-such-rule/m,
      );
      assert.equal(runJson(dir, 'lint', 'migrations', '--json').document.lint?.input, 'migrations');
    });
  });

  test('SQL that does not parse: exit 2 at its line', async () => {
    await withTempDir({ 'bad.sql': 'CREATE TABLE t (id int);\nCREAT INDEX i ON t (id);\n' }, async (dir) => {
      const { code, stdout, stderr } = run(dir, 'lint', 'bad.sql');
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, /^bad\.sql:\d+:\d+: error sql-syntax: /m);
    });
  });
});

describe('schemata lint: names as SQL spells them', () => {
  test('a name that needs quotes is quoted in messages, for models and SQL', async () => {
    const model = `schemas:
  Sales:
    tables:
      "Order Items":
        columns:
          - { name: "Line No", type: int, notNull: true }
`;
    const sql = 'DROP INDEX "Sales"."Line No Index";\n';
    await withTempDir({ 'model.yaml': model, 'change.sql': sql }, async (dir) => {
      const fromModel = run(dir, 'lint', 'model.yaml');
      assert.match(fromModel.stdout, /table "Sales"\."Order Items" has no primary key/);
      assert.match(fromModel.stdout, /column name "Line No" \("Sales"\."Order Items"\."Line No"\)/);
      const fromSql = run(dir, 'lint', 'change.sql');
      assert.match(fromSql.stdout, /dropping index "Sales"\."Line No Index" without CONCURRENTLY/);
    });
  });
});

describe('schemata lint: usage', () => {
  test('mistakes are one line and exit 2', async () => {
    await withTempDir({ 'model.yaml': MODEL, 'a.sql': 'SELECT 1;\n' }, async (dir) => {
      const cases: [string[], RegExp][] = [
        [['--format', 'xml'], /unknown format "xml"/],
        [
          ['--target-version', '8'],
          /--target-version takes a PostgreSQL major version from 10 to 19, not "8"/,
        ],
        [['--db', 'postgres://u@h/db'], /--db goes with SQL input/],
        [['model.yaml', 'other.yaml'], /unexpected argument "other\.yaml"/],
        [['missing.yaml'], /no model file or directory at missing\.yaml/],
        [['missing.sql'], /no SQL file at missing\.sql/],
        [['a.sql', '--db', 'not-a-url'], /--db takes a postgres:\/\/ URL/],
      ];
      for (const [args, message] of cases) {
        const target = args[0]?.startsWith('-') ? ['model.yaml', ...args] : args;
        const { code, stderr } = run(dir, 'lint', ...target);
        assert.equal(code, 2, `${target.join(' ')}: ${stderr}`);
        assert.match(stderr, message);
      }
      const both = runJson(dir, 'lint', 'model.yaml', '--format', 'sarif', '--json');
      assert.equal(both.code, 2);
      assert.match(both.document.diagnostics[0]?.message ?? '', /--json and --format sarif disagree/);
    });
  });

  test('--target-version: what the rules judge for, and what the JSON document says', async () => {
    await withTempDir({ 'model.yaml': MODEL }, async (dir) => {
      assert.equal(
        runJson(dir, 'lint', 'model.yaml', '--json', '--target-version', '13').document.lint?.targetVersion,
        13,
      );
      await writeFile(join(dir, 'schemata.config.yaml'), 'lint:\n  targetVersion: 15\n');
      assert.equal(runJson(dir, 'lint', 'model.yaml', '--json').document.lint?.targetVersion, 15);
    });
  });
});

describe('schemata lint: a database', () => {
  test('a postgres:// URL is inspected and gets the model rules; findings name the object', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await db.exec('CREATE TABLE public.events (payload jsonb NOT NULL)');
      await withTempDir({}, async (dir) => {
        const { code, document } = runJson(dir, 'lint', url, '--json');
        assert.equal(code, 1);
        assert.equal(document.lint?.input, 'database');
        assert.ok((document.lint?.targetVersion ?? 0) >= 13);
        const missing = document.findings?.find((f) => f.code === 'table-without-primary-key');
        assert.equal(missing?.location, undefined);
        assert.match(missing?.message ?? '', /public\.events/);
        const text = run(dir, 'lint', url);
        assert.match(text.stdout, /^public\.events: error table-without-primary-key: /m);
      });
    });
  });

  test("--db on SQL input: the schema the SQL changes is the database's", async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await db.exec('CREATE TABLE public.notes (id bigint PRIMARY KEY, body text)');
      await withTempDir(
        { 'change.sql': 'ALTER TABLE public.notes ALTER COLUMN body SET NOT NULL;\n' },
        async (dir) => {
          const { code, document } = runJson(dir, 'lint', 'change.sql', '--db', url, '--json');
          assert.ok(code === 0 || code === 1);
          assert.equal(document.lint?.input, 'sql');
          assert.ok((document.lint?.targetVersion ?? 0) >= 13, 'the server version is the default target');
        },
      );
    });
  });
});

describe('schemata lint --db: table sizes', () => {
  test('a blocking change names the rows it holds up, and on a small table it is a warning', async (t) => {
    await withServerDatabase(t, async (db, url) => {
      await db.exec(`CREATE TABLE public.orders (id bigint PRIMARY KEY, placed_at timestamptz);
        INSERT INTO public.orders SELECT g, now() FROM generate_series(1, 20000) g;
        CREATE TABLE public."Tiny Things" (id bigint PRIMARY KEY, label text);
        INSERT INTO public."Tiny Things" VALUES (1, 'a');
        ANALYZE public.orders; ANALYZE public."Tiny Things";`);
      await withTempDir(
        {
          'indexes.sql':
            'CREATE INDEX orders_placed_at ON public.orders (placed_at);\nCREATE INDEX tiny_label ON public."Tiny Things" (label);\n',
        },
        async (dir) => {
          const { code, document } = runJson(dir, 'lint', 'indexes.sql', '--db', url, '--json');
          assert.equal(code, 1, 'an error remains on the large table');
          const found = (document.findings ?? []).filter((f) => f.code === 'create-index-non-concurrently');
          assert.equal(found.length, 2, JSON.stringify(document.findings));
          const [large, small] = found;
          assert.equal(large?.severity, 'error');
          assert.match(large?.message ?? '', /public\.orders: about 20,000 rows/);
          assert.equal(small?.severity, 'warning');
          assert.match(small?.message ?? '', /about 1 row\)/);
          const without = runJson(dir, 'lint', 'indexes.sql', '--json');
          for (const f of without.document.findings ?? []) assert.doesNotMatch(f.message, /rows?\)/);
        },
      );
    });
  });
});

describe('lint beside a plan', () => {
  test('diff prints the migration rules’ findings on the plan, and keeps its exit code', async () => {
    const before = MODEL.replace(/ {6}events:[\s\S]*$/, '');
    const after = MODEL;
    await withTempDir({ 'a.yaml': before, 'b.yaml': after }, async (dir) => {
      const { code, document } = runJson(dir, 'diff', 'a.yaml', 'b.yaml', '--json', '--no-verify');
      assert.equal(code, 1, 'different: exit 1, as before');
      assert.ok(Array.isArray(document.findings), 'the findings of the plan are in the document');
      for (const finding of document.findings ?? []) assert.equal(finding.location?.file, 'plan.up.sql');
    });
  });
});

describe('schemata lint | head', () => {
  test('a reader that closes the pipe early ends the command quietly', async () => {
    await withTempDir({ 'change.sql': 'CREATE INDEX i ON public.t (a);\n' }, async (dir) => {
      // The SARIF report holds every rule: far more than a pipe buffers, so writing meets the closed pipe.
      const child = spawnSync(
        'sh',
        ['-c', `"${process.execPath}" "${bin}" lint change.sql --format sarif | head -c 10`],
        {
          cwd: dir,
          encoding: 'utf8',
        },
      );
      assert.equal(child.stdout, '{\n  "$sche');
      assert.doesNotMatch(child.stderr, /EPIPE|at |Error/, child.stderr);
    });
  });
});
