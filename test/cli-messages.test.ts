// The command line's help, its errors and its colours, as a user meets them: each command's own help,
// did-you-mean for misspellings, user mistakes reported as such (never as a bug in schemata), and
// colour on a terminal only.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { openServerDatabase } from '../src/db/database.ts';
import { createScratchDatabase } from '../src/db/scratch.ts';
import { COMMANDS, COMMON_OPTIONS } from '../src/cli/command-table.ts';
import { serverSkipReason, serverUrl } from './support/databases.ts';
import { runCli } from './support/run-cli.ts';
import { withTempDir } from './support/temp-dir.ts';

const MODEL = `schemas:
  public:
    enums:
      status: { values: [open, closed] }
    tables:
      orders:
        columns:
          - { name: id, type: bigint, notNull: true }
          - { name: state, type: statsu }
          - { name: total, type: intger }
        primaryKey: { columns: [idd] }
      lines:
        columns:
          - { name: order_id, type: bigint }
        foreignKeys:
          - { columns: [order_id], references: { table: order, columns: [id] } }
`;

/** No "internal" error (the wording of a bug in schemata) and no stack trace. */
function assertUserError(result: { code: number; stderr: string }) {
  assert.equal(result.code, 2, result.stderr);
  assert.doesNotMatch(result.stderr, /internal|bug in schemata/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
}

describe('help', () => {
  test('COMMAND --help and help COMMAND print the usage, every option with its default, and an example', async () => {
    for (const [name, spec] of Object.entries(COMMANDS)) {
      const help = await runCli(name, '--help');
      assert.equal(help.code, 0, help.stderr);
      assert.ok(help.stdout.startsWith(`Usage: schemata ${spec.usage}\n`), help.stdout);
      for (const [option, settings] of Object.entries({ ...spec.options, ...COMMON_OPTIONS })) {
        // The option, and (for settings, not for --help) its default, wrapped or not.
        const options = help.stdout.slice(help.stdout.indexOf('\nOptions:\n'));
        const entry = new RegExp(`--${option}\\b[^]*?(?=\\n {2}-|\\n\\n)`).exec(options)?.[0];
        assert.ok(entry, `${name} --help lists --${option}`);
        if (option !== 'help')
          assert.match(entry.replace(/\s+/g, ' '), /\(default: [^)]+\)/, `--${option} of ${name}`);
        if (settings.short) assert.match(help.stdout, new RegExp(`-${settings.short}, --${option}`));
      }
      assert.match(help.stdout, /\nExamples?:\n {2}schemata /);
      assert.equal((await runCli('help', name)).stdout, help.stdout);
    }
    const generate = await runCli('generate', '--help');
    assert.match(
      generate.stdout,
      /-o, --output FILE\s+write the DDL to FILE [^]*?\(default: standard output\)/,
    );
    assert.doesNotMatch(generate.stdout, /--db|--format/, 'only the options of generate');

    const all = await runCli('--help');
    assert.equal(all.code, 0);
    for (const spec of Object.values(COMMANDS)) assert.ok(all.stdout.includes(`schemata ${spec.usage}`));
    const unknown = await runCli('help', 'genrate');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "genrate"; did you mean "generate"\?/);
  });
});

describe('misspellings', () => {
  test('an unknown option or command is one line naming it, with a did-you-mean, exit 2', async () => {
    const option = await runCli('generate', 'model.yaml', '--outptu', 'x.sql');
    assertUserError(option);
    assert.match(option.stderr, /^error usage: generate has no option --outptu; did you mean --output\?\n/);
    const elsewhere = await runCli('generate', '--db', 'postgres://x');
    assertUserError(elsewhere);
    assert.match(
      elsewhere.stderr,
      /^error usage: generate has no option --db \(it is an option of inspect, migrate, apply, lint\)\n/,
    );
    const command = await runCli('inspcet', '--db', 'postgres://x');
    assertUserError(command);
    assert.match(command.stderr, /^error usage: unknown command "inspcet"; did you mean "inspect"\?\n/);
    const noValue = await runCli('diff', 'a.yaml', 'b.yaml', '--format');
    assertUserError(noValue);
    assert.match(noValue.stderr, /^error usage: option --format needs a value\n/);
    const subcommand = await runCli('migrate', 'nwe', 'notes');
    assertUserError(subcommand);
    assert.match(subcommand.stderr, /unknown migrate subcommand "nwe"; did you mean "new"\?/);
  });

  test('unknown types, tables and columns in a model get a did-you-mean', async () => {
    await withTempDir({ 'model.yaml': MODEL }, async (dir) => {
      const result = await runCli('generate', join(dir, 'model.yaml'));
      assertUserError(result);
      const lines = result.stderr.split('\n');
      const hintAfter = (pattern: RegExp) => lines[lines.findIndex((line) => pattern.test(line)) + 1];
      assert.equal(hintAfter(/:9:\d+: error unknown-type: type statsu/), '  hint: did you mean status?');
      assert.equal(hintAfter(/:10:\d+: error unknown-type: type intger/), '  hint: did you mean integer?');
      assert.match(
        hintAfter(/:11:\d+: error unknown-column: .* column idd/) ?? '',
        /hint: did you mean id\?/,
      );
      assert.equal(
        hintAfter(/:16:\d+: error unknown-table: .* table public\.order,/),
        '  hint: did you mean public.orders?',
      );
    });
  });
});

describe('user mistakes are not reported as bugs', () => {
  test('a broken config file, -o at a directory or under a file, a .sql file to generate, numeric(10,2) in a flow mapping', async () => {
    const model =
      'schemas:\n  public:\n    tables:\n      t:\n        columns:\n          - { name: id, type: integer }\n';
    await withTempDir(
      { 'model.yaml': model, 'schema.sql': 'CREATE TABLE t (id integer);\n' },
      async (dir) => {
        await mkdir(join(dir, 'project'));
        await writeFile(
          join(dir, 'project', 'schemata.config.yaml'),
          'model: ../model.yaml\nmigrations: [\n',
        );
        const config = spawnSync(process.execPath, [join(process.cwd(), 'bin/schemata.js'), 'generate'], {
          cwd: join(dir, 'project'),
          encoding: 'utf8',
        });
        assertUserError({ code: config.status ?? -1, stderr: config.stderr });
        assert.match(config.stderr, /schemata\.config\.yaml:3:1: error yaml-syntax: /);

        const toDirectory = await runCli('generate', join(dir, 'model.yaml'), '-o', dir);
        assertUserError(toDirectory);
        assert.match(
          toDirectory.stderr,
          /error file-error: -o .* is a directory; generate writes one file\n {2}hint: give a file name/,
        );
        const underFile = await runCli(
          'generate',
          join(dir, 'model.yaml'),
          '-o',
          join(dir, 'model.yaml', 'x.sql'),
        );
        assertUserError(underFile);
        assert.match(
          underFile.stderr,
          /error file-error: cannot create the directory .*model\.yaml: a file is in the way/,
        );
        const importUnderFile = await runCli(
          'import',
          join(dir, 'schema.sql'),
          '-o',
          join(dir, 'schema.sql', 'm.yaml'),
        );
        assertUserError(importUnderFile);
        assert.match(importUnderFile.stderr, /error file-error: /);

        const sql = await runCli('generate', join(dir, 'schema.sql'));
        assertUserError(sql);
        assert.match(
          sql.stderr,
          /error sql-not-model: .*schema\.sql is a SQL file, not a model\n {2}hint: .*schemata import /,
        );

        await writeFile(join(dir, 'model.yaml'), model.replace('type: integer }', 'type: numeric(10,2) }'));
        const comma = await runCli('generate', join(dir, 'model.yaml'));
        assertUserError(comma);
        assert.match(
          comma.stderr,
          /model\.yaml:6:\d+: error unquoted-comma: type: numeric\(10,2\) was cut at the comma/,
        );
        assert.match(comma.stderr, /hint: quote the value: type: "numeric\(10,2\)"/);
      },
    );
  });
});

describe('inspect --schema', () => {
  test('a schema the SQL file does not create: a warning, and exit 2 when nothing matched', async () => {
    await withTempDir(
      { 'shop.sql': 'CREATE SCHEMA sales; CREATE TABLE sales.orders (id int);\n' },
      async (dir) => {
        const file = join(dir, 'shop.sql');
        const none = await runCli('import', file, '--schema', 'sale', '-o', join(dir, 'model.yaml'));
        assertUserError(none);
        assert.match(
          none.stderr,
          /warning unknown-schema: the database has no schema sale\n {2}hint: did you mean sales\?/,
        );
        assert.match(none.stderr, /error no-schema-matched: /);
        await assert.rejects(readFile(join(dir, 'model.yaml')), 'nothing is written');
        const some = await runCli('import', file, '--schema', 'sale', '--schema', 'sales');
        assert.equal(some.code, 0, some.stderr);
        assert.match(some.stderr, /warning unknown-schema: the database has no schema sale\n/);
        assert.match(some.stdout, /orders:/);
      },
    );
  });

  test(
    'on a server: a warning, and exit 2 when nothing matched',
    { skip: serverSkipReason ?? false },
    async () => {
      const scratch = await createScratchDatabase(serverUrl!, 'schemata_test');
      try {
        const db = await openServerDatabase(scratch.url);
        await db.exec('CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int);');
        await db.close();
        const none = await runCli('inspect', '--db', scratch.url, '--schema', 'biling');
        assertUserError(none);
        assert.match(
          none.stderr,
          /warning unknown-schema: the database has no schema biling\n {2}hint: did you mean billing\?/,
        );
        assert.equal(none.stdout, '');
        const some = await runCli(
          'inspect',
          '--db',
          scratch.url,
          '--schema',
          'biling',
          '--schema',
          'billing',
        );
        assert.equal(some.code, 0, some.stderr);
        assert.match(some.stderr, /warning unknown-schema/);
        assert.match(some.stdout, /invoices:/);
      } finally {
        await scratch.drop();
      }
    },
  );
});

test('import --continue-on-error skips statements that do not parse, as psql does, and imports the rest', async () => {
  const sql = [
    'CREATE TABLE a (id int PRIMARY KEY);',
    'CREAT TABLE b (id int);',
    "CREATE TABLE c (note text DEFAULT 'x;y', id int;",
    'CREATE FUNCTION one() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;',
    'CREATE TABLE d (id int REFERENCES nowhere (id));',
    'CREATE TABLE e (id int);',
    '',
  ].join('\n');
  await withTempDir({ 'dump.sql': sql }, async (dir) => {
    const file = join(dir, 'dump.sql');
    const stopped = await runCli('import', file);
    assertUserError(stopped);
    assert.match(stopped.stderr, /dump\.sql:2:1: error sql-syntax: syntax error at or near "CREAT"/);
    const result = await runCli('import', file, '--continue-on-error');
    assert.equal(result.code, 0, result.stderr);
    const reported = result.stderr.split('\n').filter((line) => /^\S+:\d+:\d+: /.test(line));
    assert.deepEqual(
      reported.map((line) => /:(\d+:\d+): (\w+ [\w-]+)/.exec(line)?.slice(1).join(' ')),
      ['2:1 warning sql-syntax', '3:48 warning sql-syntax', '5:1 warning sql-error'],
    );
    for (const table of ['a:', 'e:', 'one():']) assert.ok(result.stdout.includes(table), table);
    for (const table of [' b:', ' c:', ' d:']) assert.ok(!result.stdout.includes(table), table);
  });
});

test('a syntax error after non-ASCII text is reported at its column in characters', async () => {
  // "Überschrift" and the accented comment make bytes and characters differ before the error.
  const sql = [
    'CREATE TABLE "Überschrift" (titel text DEFAULT \'Grüße, Äpfel\' NOT NULL); -- café',
    "CREATE TABLE ß (note text DEFAULT 'ñandú' CHECK (note <> '') frm);",
    '',
  ].join('\n');
  await withTempDir({ 'umlaut.sql': sql }, async (dir) => {
    const file = join(dir, 'umlaut.sql');
    const column = sql.split('\n')[1]!.indexOf('frm') + 1;
    const stopped = await runCli('import', file);
    assertUserError(stopped);
    assert.match(stopped.stderr, new RegExp(`umlaut\\.sql:2:${column}: error sql-syntax: .*"frm"`));
    const skipped = await runCli('import', file, '--continue-on-error');
    assert.match(skipped.stderr, new RegExp(`umlaut\\.sql:2:${column}: warning sql-syntax`));
  });
});

describe('colour', () => {
  const hasScript = spawnSync('script', ['--version']).status === 0;
  const bin = join(process.cwd(), 'bin/schemata.js');
  const ESC = '\u001b[';

  test(
    'on a terminal severities and changes are coloured; not in a pipe, with NO_COLOR or --no-color',
    { skip: hasScript ? false : 'script (util-linux) is not installed' },
    async () => {
      const model = (type: string) =>
        `schemas:\n  public:\n    tables:\n      t:\n        columns:\n          - { name: id, type: ${type} }\n`;
      await withTempDir(
        { 'bad.yaml': model('intger'), 'a.yaml': model('integer'), 'b.yaml': model('bigint') },
        async (dir) => {
          // A pseudo-terminal: both streams arrive in what script prints.
          const terminal = (command: string, env: NodeJS.ProcessEnv = {}) =>
            spawnSync('script', ['-qec', command, '/dev/null'], {
              encoding: 'utf8',
              env: { ...process.env, NO_COLOR: '', ...env },
            }).stdout;
          const bad = `${process.execPath} ${bin} generate ${join(dir, 'bad.yaml')}`;
          const coloured = terminal(bad);
          assert.ok(coloured.includes(`${ESC}31merror unknown-type${ESC}39m`), JSON.stringify(coloured));
          assert.ok(coloured.includes(`${ESC}2mhint: did you mean integer?${ESC}22m`));
          const summary = terminal(
            `${process.execPath} ${bin} diff ${join(dir, 'a.yaml')} ${join(dir, 'b.yaml')} --format summary --no-verify`,
          );
          assert.ok(summary.includes(`${ESC}33malter column public.t.id`), JSON.stringify(summary));

          assert.ok(!terminal(`${bad} --no-color`).includes(ESC), '--no-color');
          assert.ok(!terminal(bad, { NO_COLOR: '1' }).includes(ESC), 'NO_COLOR');
          const piped = spawnSync(process.execPath, [bin, 'generate', join(dir, 'bad.yaml')], {
            encoding: 'utf8',
            env: { ...process.env, NO_COLOR: '' },
          });
          assert.equal(piped.status, 2);
          assert.match(piped.stderr, /error unknown-type/);
          assert.ok(!piped.stderr.includes(ESC), 'a pipe gets no colour');
        },
      );
    },
  );
});
