// schemata.config.yaml as a user meets it: found from a subdirectory, paths relative to the file,
// per-command defaults, unknown keys with a did-you-mean at their line and column, no passwords, and
// --env NAME reaching the database of a named environment.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { openServerDatabase } from '../src/db/database.ts';
import { createScratchDatabase } from '../src/db/scratch.ts';
import { serverSkipReason, serverUrl } from './support/databases.ts';
import { runCli } from './support/run-cli.ts';
import { withTempDir } from './support/temp-dir.ts';

const BIN = join(process.cwd(), 'bin/schemata.js');

const model = (type: string) =>
  `schemas:\n  public:\n    tables:\n      items:\n        columns:\n          - { name: id, type: ${type}, notNull: true }\n        primaryKey: { columns: [id] }\n`;

/** The command as a user runs it, in `cwd`. */
function runBin(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The command run in-process from `cwd`, as runCli does. */
async function runCliIn(cwd: string, ...argv: string[]) {
  const before = process.cwd();
  process.chdir(cwd);
  try {
    return await runCli(...argv);
  } finally {
    process.chdir(before);
  }
}

function assertUserError(result: { code: number; stderr: string }) {
  assert.equal(result.code, 2, result.stderr);
  assert.doesNotMatch(result.stderr, /internal|bug in schemata|\n\s+at /);
}

describe('schemata.config.yaml', () => {
  test('is found from a subdirectory; its paths are relative to it; per-command defaults apply where no option is given', async () => {
    await withTempDir({}, async (dir) => {
      await mkdir(join(dir, 'db', 'model'), { recursive: true });
      await mkdir(join(dir, 'src', 'deep'), { recursive: true });
      await writeFile(join(dir, 'db', 'model', 'items.yaml'), model('integer'));
      await writeFile(join(dir, 'db', 'next.yaml'), model('bigint'));
      await writeFile(
        join(dir, 'schemata.config.yaml'),
        [
          'model: db/model',
          'commands:',
          '  generate:',
          '    output: out/schema.sql',
          '  diff:',
          '    format: summary',
          '    no-verify: true',
          '',
        ].join('\n'),
      );
      const generated = runBin(join(dir, 'src', 'deep'), ['generate']);
      assert.equal(generated.code, 0, generated.stderr);
      assert.match(await readFile(join(dir, 'out', 'schema.sql'), 'utf8'), /CREATE TABLE public\.items/);
      assert.equal(generated.stdout, '', 'the output default of the config applies');

      const explicit = runBin(join(dir, 'src'), ['generate', '-o', 'here.sql']);
      assert.equal(explicit.code, 0, explicit.stderr);
      assert.match(await readFile(join(dir, 'src', 'here.sql'), 'utf8'), /items/, 'the command line wins');

      const summary = await runCliIn(
        join(dir, 'src'),
        'diff',
        join(dir, 'db', 'model'),
        join(dir, 'db', 'next.yaml'),
      );
      assert.equal(summary.code, 1, summary.stderr);
      assert.match(summary.stdout, /^1 change\(s\):\n {2}alter column public\.items\.id/);
      const sql = await runCliIn(
        join(dir, 'src'),
        'diff',
        join(dir, 'db', 'model'),
        join(dir, 'db', 'next.yaml'),
        '--format',
        'sql',
      );
      assert.match(sql.stdout, /ALTER TABLE public\.items ALTER COLUMN id TYPE bigint/);
    });
  });

  test('an unknown key, a misspelt command or option, a wrong value: each at its line:column with a did-you-mean, exit 2', async () => {
    await withTempDir({ 'model.yaml': model('bigint') }, async (dir) => {
      await writeFile(
        join(dir, 'schemata.config.yaml'),
        [
          'model: model.yaml', // 1
          'migratons: migrations', // 2
          'environments:', // 3
          '  prod:', // 4
          '    urlenv: PROD_URL', // 5
          'commands:', // 6
          '  dif: {}', // 7
          '  diff:', // 8
          '    formt: summary', // 9
          '  import:', // 10
          '    layout: per-tabel', // 11
          '',
        ].join('\n'),
      );
      await mkdir(join(dir, 'sub'));
      const result = runBin(join(dir, 'sub'), ['generate']);
      assertUserError(result);
      const lines = result.stderr.trimEnd().split('\n');
      const file = join(dir, 'schemata.config.yaml');
      assert.deepEqual(lines, [
        `${file}:2:1: error invalid-config: unknown field "migratons" in the file`,
        '  hint: did you mean "migrations"? (fields here: $schema, model, migrations, devDb, cacheDir, environments, lint, commands)',
        `${file}:5:5: error invalid-config: unknown field "urlenv" in environments.prod`,
        '  hint: did you mean "urlEnv"? (fields here: url, urlEnv, description)',
        `${file}:7:3: error invalid-config: unknown field "dif" in commands`,
        '  hint: did you mean "diff"? (fields here: generate, inspect, import, diff, migrate, apply, lint, validate, erd, docs, testgen, format)',
        `${file}:9:5: error invalid-config: unknown field "formt" in commands.diff`,
        '  hint: did you mean "format"? (fields here: format, down, safe, allow-data-loss, no-verify, suggest-renames, dev-db, no-cache)',
        `${file}:11:13: error invalid-config: commands.import.layout must be one of "single", "per-schema", "per-table"`,
        '  hint: did you mean "per-table"?',
      ]);
    });
  });

  test('a password in a URL is refused, with a hint to name an environment variable (urlEnv)', async () => {
    await withTempDir({ 'model.yaml': model('bigint') }, async (dir) => {
      await writeFile(
        join(dir, 'schemata.config.yaml'),
        'model: model.yaml\ndevDb: postgres://me@localhost/postgres\nenvironments:\n  prod:\n    url: postgres://app:s3cret@db.internal/shop\n',
      );
      const result = await runCliIn(dir, 'generate');
      assertUserError(result);
      assert.match(
        result.stderr,
        /schemata\.config\.yaml:5:10: error password-in-config: environments\.prod\.url holds a password.*\n {2}hint: .*urlEnv: PROD_DATABASE_URL/,
      );
      assert.doesNotMatch(result.stderr, /devDb/, 'a URL without a password is fine');
      assert.doesNotMatch(result.stderr, /s3cret/);
    });
  });

  test('--env: an unknown environment gets a did-you-mean; an unset urlEnv variable is named at its line', async () => {
    await withTempDir({ 'model.yaml': model('bigint') }, async (dir) => {
      await writeFile(
        join(dir, 'schemata.config.yaml'),
        'model: model.yaml\nenvironments:\n  staging:\n    urlEnv: SCHEMATA_TEST_UNSET_URL\n',
      );
      const unknown = await runCliIn(dir, 'inspect', '--env', 'stagin');
      assertUserError(unknown);
      assert.match(
        unknown.stderr,
        /:2:1: error unknown-environment: --env stagin: the config file has no environment "stagin"\n {2}hint: did you mean staging\?/,
      );
      delete process.env.SCHEMATA_TEST_UNSET_URL;
      const unset = await runCliIn(dir, 'diff', '--env', 'staging');
      assertUserError(unset);
      assert.match(
        unset.stderr,
        /schemata\.config\.yaml:4:13: error unset-environment-variable: environment "staging" takes its database URL from \$SCHEMATA_TEST_UNSET_URL, which is not set/,
      );
      const both = await runCliIn(dir, 'inspect', '--env', 'staging', '--db', 'postgres://x/y');
      assertUserError(both);
      const extra = await runCliIn(dir, 'diff', '--env', 'staging', 'a.yaml', 'b.yaml');
      assertUserError(extra);
      assert.match(extra.stderr, /with --env, diff takes at most one argument \(TO\)/);
    });
    await withTempDir({}, async (dir) => {
      const none = await runCliIn(dir, 'inspect', '--env', 'prod');
      assertUserError(none);
      assert.match(none.stderr, /error no-config: --env prod needs schemata\.config\.yaml/);
    });
  });

  test(
    '--env NAME with urlEnv: inspect reads that database, diff compares it with the model',
    { skip: serverSkipReason ?? false },
    async () => {
      const scratch = await createScratchDatabase(serverUrl!, 'schemata_test');
      const variable = 'SCHEMATA_TEST_ENV_URL';
      try {
        const db = await openServerDatabase(scratch.url);
        await db.exec(
          'CREATE TABLE public.items (id bigint NOT NULL, CONSTRAINT pk_items PRIMARY KEY (id));',
        );
        await db.close();
        await withTempDir({}, async (dir) => {
          await mkdir(join(dir, 'model'));
          await writeFile(join(dir, 'model', 'items.yaml'), model('bigint'));
          await writeFile(
            join(dir, 'schemata.config.yaml'),
            `environments:\n  test:\n    urlEnv: ${variable}\n`,
          );
          await mkdir(join(dir, 'sub'));
          const env = { [variable]: scratch.url };
          const inspected = runBin(join(dir, 'sub'), ['inspect', '--env', 'test'], env);
          assert.equal(inspected.code, 0, inspected.stderr);
          assert.match(inspected.stdout, /items:/);

          const same = runBin(join(dir, 'sub'), ['diff', '--env', 'test', '--format', 'summary'], env);
          assert.equal(same.code, 0, same.stderr);
          assert.equal(same.stdout, 'no changes\n');

          await writeFile(
            join(dir, 'model', 'items.yaml'),
            model('bigint').replace('primaryKey', 'uniques: [{ columns: [id] }]\n        primaryKey'),
          );
          const changed = runBin(join(dir, 'sub'), ['diff', '--env', 'test', '--format', 'summary'], env);
          assert.equal(changed.code, 1, changed.stderr);
          assert.match(changed.stdout, /create unique .*items/i);
        });
      } finally {
        await scratch.drop();
      }
    },
  );
});
