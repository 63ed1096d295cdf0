// --json as CI and editors use it: the bin prints one JSON document on standard output for every
// command, failing ones included, in the documented shape (checked against the schema it is
// generated from), with the exit code of the text output.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CliOutputSchema, type CliOutput } from '../src/cli/json-document.ts';
import { withTempDir } from './support/temp-dir.ts';

const bin = join(process.cwd(), 'bin/schemata.js');

/** Runs the bin in `cwd`; stdout must be exactly one document of the documented shape. */
function runJson(cwd: string, ...args: string[]): { code: number; document: CliOutput; stderr: string } {
  const child = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(child.stdout);
  } catch (error) {
    assert.fail(
      `${args.join(' ')}: stdout is not one JSON document (${(error as Error).message}):\n${child.stdout}\n${child.stderr}`,
    );
  }
  const document = CliOutputSchema.parse(parsed);
  assert.equal(document.exitCode, child.status, `${args.join(' ')}: exitCode is the exit code`);
  return { code: child.status ?? -1, document, stderr: child.stderr };
}

const model = (type: string) => `schemas:
  public:
    tables:
      t:
        columns:
          - { name: id, type: ${type}, notNull: true }
          - { name: name, type: text }
        primaryKey: { columns: [id] }
`;

describe('--json', () => {
  test('generate: the DDL, or the errors at their file:line:column; -o x.json writes the document', async () => {
    await withTempDir({ 'a.yaml': model('integer'), 'bad.yaml': model('intger') }, async (dir) => {
      const ok = runJson(dir, 'generate', 'a.yaml', '--json');
      assert.equal(ok.code, 0);
      assert.equal(ok.document.version, 1);
      assert.equal(ok.document.command, 'generate');
      assert.deepEqual(ok.document.diagnostics, []);
      assert.match(ok.document.ddl ?? '', /CREATE TABLE public\.t \(/);

      const bad = runJson(dir, 'generate', 'bad.yaml', '--json');
      assert.equal(bad.code, 2);
      assert.equal(bad.document.ddl, undefined);
      assert.deepEqual(bad.document.diagnostics, [
        {
          code: 'unknown-type',
          severity: 'error',
          message: 'type intger is neither built in nor defined in the model',
          location: { file: 'bad.yaml', line: 6, column: 31 },
          object: 'public.t.id',
          hint: 'did you mean integer?',
        },
      ]);
      assert.doesNotMatch(bad.stderr, /unknown-type/, 'diagnostics go into the document, not also on stderr');

      // -o FILE.json: the document instead of the SQL; with --json it is on stdout too.
      const written = spawnSync(process.execPath, [bin, 'generate', 'a.yaml', '-o', 'out/schema.json'], {
        cwd: dir,
        encoding: 'utf8',
      });
      assert.equal(written.status, 0, written.stderr);
      assert.equal(written.stdout, '');
      const file = CliOutputSchema.parse(JSON.parse(await readFile(join(dir, 'out/schema.json'), 'utf8')));
      assert.equal(file.ddl, ok.document.ddl);
      const both = runJson(dir, 'generate', 'a.yaml', '-o', 'schema.sql', '--json');
      assert.deepEqual(both.document.written, ['schema.sql']);
      assert.equal(await readFile(join(dir, 'schema.sql'), 'utf8'), ok.document.ddl);
    });
  });

  test('usage errors: one document with a usage diagnostic, exit 2', async () => {
    await withTempDir({}, async (dir) => {
      const option = runJson(dir, 'generate', '--outptu', 'x', '--json');
      assert.equal(option.code, 2);
      assert.equal(option.document.command, 'generate');
      assert.deepEqual(option.document.diagnostics, [
        {
          code: 'usage',
          severity: 'error',
          message: 'generate has no option --outptu; did you mean --output?',
          hint: 'run "schemata generate --help" for its options',
        },
      ]);
      const command = runJson(dir, 'genrate', '--json');
      assert.equal(command.document.command, null);
      assert.match(command.document.diagnostics[0]?.message ?? '', /did you mean "generate"/);
    });
  });

  test('import: the model and what it leaves out; -o model.json writes a JSON model; SQL errors located', async () => {
    const sql = `CREATE TABLE t (id integer PRIMARY KEY);
CREATE VIEW v AS SELECT 1 AS a;
COMMENT ON COLUMN v.a IS 'one';
`;
    await withTempDir({ 'schema.sql': sql, 'bad.sql': 'CREATE TABLE t (id int;\n' }, async (dir) => {
      const ok = runJson(dir, 'import', 'schema.sql', '--json');
      assert.equal(ok.code, 0, ok.stderr);
      assert.deepEqual(ok.document.unsupported, [
        { kind: 'comment', name: 'public.v', reason: 'comments on view columns' },
      ]);
      const model = ok.document.model as { schemata: number; schemas: Record<string, { tables: object }> };
      assert.equal(model.schemata, 1);
      assert.deepEqual(Object.keys(model.schemas.public?.tables ?? {}), ['t']);
      assert.equal(runJson(dir, 'import', 'schema.sql', '--json', '--strict').code, 1);

      const written = runJson(dir, 'import', 'schema.sql', '-o', 'model.json', '--json');
      assert.deepEqual(written.document.written, ['model.json']);
      assert.equal(written.document.model, undefined);
      assert.deepEqual(JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')), ok.document.model);

      const bad = runJson(dir, 'import', 'bad.sql', '--json');
      assert.equal(bad.code, 2);
      assert.deepEqual(
        bad.document.diagnostics.map((d) => [d.code, d.location]),
        [['sql-syntax', { file: 'bad.sql', line: 1, column: 23 }]],
      );
    });
  });

  test('inspect: an unreachable database is a diagnostic, exit 2', async () => {
    await withTempDir({}, async (dir) => {
      const result = runJson(dir, 'inspect', '--db', 'postgres://nobody@127.0.0.1:1/none', '--json');
      assert.equal(result.code, 2);
      assert.equal(result.document.command, 'inspect');
      assert.equal(result.document.diagnostics[0]?.code, 'db-unreachable');
      assert.ok(result.document.diagnostics[0]?.hint);
    });
  });

  test('diff: --json is --format json; exit 1 when different; refused data loss is exit 2 with the reason', async () => {
    await withTempDir({ 'a.yaml': model('integer'), 'b.yaml': model('bigint') }, async (dir) => {
      const json = runJson(dir, 'diff', 'a.yaml', 'b.yaml', '--json', '--no-verify');
      assert.equal(json.code, 1);
      assert.deepEqual(
        json.document.changes?.map(
          (c) => `${c.action} ${c.kind} ${c.key.schema}.${c.key.table}.${c.key.name}`,
        ),
        ['alter column public.t.id'],
      );
      assert.deepEqual(
        json.document.up?.map((s) => s.sql),
        ['ALTER TABLE public.t ALTER COLUMN id TYPE bigint;'],
      );
      assert.equal(json.document.down?.length, 1);
      const format = runJson(dir, 'diff', 'a.yaml', 'b.yaml', '--format', 'json', '--no-verify');
      assert.deepEqual(format.document, json.document);
      assert.equal(runJson(dir, 'diff', 'a.yaml', 'a.yaml', '--json', '--no-verify').code, 0);

      const narrowed = model('integer').replace('          - { name: name, type: text }\n', '');
      await writeFile(join(dir, 'c.yaml'), narrowed);
      const refused = runJson(dir, 'diff', 'a.yaml', 'c.yaml', '--json', '--no-verify');
      assert.equal(refused.code, 2);
      assert.equal(refused.document.diagnostics[0]?.code, 'data-loss');
      assert.equal(refused.document.up, undefined);

      const disagree = runJson(dir, 'diff', 'a.yaml', 'b.yaml', '--json', '--format', 'summary');
      assert.equal(disagree.code, 2);
      assert.equal(disagree.document.diagnostics[0]?.code, 'usage');
    });
  });

  test('migrate new: the files written and the plan; a bad subcommand is a usage diagnostic', async () => {
    await withTempDir({ 'model.yaml': model('integer') }, async (dir) => {
      const first = runJson(
        dir,
        'migrate',
        'new',
        'create t',
        '--model',
        'model.yaml',
        '--json',
        '--no-verify',
      );
      assert.equal(first.code, 0, JSON.stringify(first.document));
      assert.equal(first.document.command, 'migrate new');
      assert.equal(first.document.migration, '0001_create_t');
      assert.deepEqual(first.document.written, [
        join(dir, 'migrations', '0001_create_t.up.sql'),
        join(dir, 'migrations', '0001_create_t.down.sql'),
      ]);
      for (const file of first.document.written ?? []) assert.ok(existsSync(file), file);
      assert.ok(first.document.up?.some((s) => s.sql.startsWith('CREATE TABLE public.t')));

      const again = runJson(dir, 'migrate', 'new', 'nothing', '--model', 'model.yaml', '--json');
      assert.equal(again.code, 0);
      assert.deepEqual(again.document.written, []);
      assert.equal(readdirSync(join(dir, 'migrations')).length, 2);

      const bad = runJson(dir, 'migrate', 'nwe', '--json');
      assert.equal(bad.code, 2);
      assert.equal(bad.document.command, 'migrate nwe');
      assert.match(bad.document.diagnostics[0]?.message ?? '', /did you mean "new"/);
    });
  });

  test('format --check: the files that would change, exit 1', async () => {
    await withTempDir({ 'model.yaml': model('int4') }, async (dir) => {
      const check = runJson(dir, 'format', 'model.yaml', '--check', '--json');
      assert.equal(check.code, 1);
      assert.deepEqual(check.document.files, ['model.yaml']);
      const formatted = runJson(dir, 'format', 'model.yaml', '--json');
      assert.equal(formatted.code, 0);
      assert.deepEqual(formatted.document.files, ['model.yaml']);
      assert.deepEqual(runJson(dir, 'format', 'model.yaml', '--check', '--json').document.files, []);
    });
  });
});
