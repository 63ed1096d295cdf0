// What schemata does, on the example models and the embedded database, through the command line as a
// user runs it. For each example: the DDL it generates (an excerpt), the database built from that DDL
// inspected back into model files, and those compared with the example's own files as written (no
// copy, no documentation carried over). Then a change to an example as a migration: the header a
// reviewer reads and the statements, proved on a scratch database in both directions. Last, the
// runner applies those migrations (up, status, down, up, drift) through the command line, on an
// embedded database kept in a directory (--db pglite:DIR). Then the lint report of
// examples/flawed-model, a model written with the mistakes design reviews find, and the other
// examples' (no errors), the validation report of an example (sample data, constraint tests, query
// plans), and the documentation of each example (demo-out/docs/). Everything is written to demo-out/.
import { spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const examplesDir = 'examples';
const outDir = 'demo-out';

/** Runs `schemata ARGS` as a user would, printing the command line first. */
function schemata(...args: string[]): { code: number; stdout: string; stderr: string } {
  console.log(`  $ schemata ${args.map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
  const result = spawnSync(process.execPath, ['bin/schemata.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

function indent(text: string, prefix = '    '): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

function failed(what: string, result: { stdout: string; stderr: string }): false {
  console.log(`  ${what} failed:\n${indent(result.stderr || result.stdout)}`);
  return false;
}

/** The first CREATE TABLE of a DDL script, cut to a few lines. */
function firstTable(ddl: string, lines = 14): string {
  const table = ddl.split('\n\n').find((statement) => statement.startsWith('CREATE TABLE')) ?? '';
  const shown = table.split('\n');
  return shown.length <= lines ? table : [...shown.slice(0, lines - 1), '  ...', shown.at(-1)].join('\n');
}

async function demoExample(name: string): Promise<boolean> {
  const model = join(examplesDir, name);
  const target = join(outDir, name);
  await mkdir(target, { recursive: true });
  console.log(`\n== ${name}: ${model}\n`);

  const ddlFile = join(target, 'schema.sql');
  const generated = schemata('generate', model, '-o', ddlFile);
  if (generated.code !== 0) return failed('generate', generated);
  const ddl = await readFile(ddlFile, 'utf8');
  const count = (pattern: RegExp) => (ddl.match(pattern) ?? []).length;
  console.log(
    `    ${ddl.split('\n').length} lines: ${count(/^CREATE TABLE /gm)} tables, ${count(/^CREATE (UNIQUE )?INDEX /gm)} indexes, ${count(/FOREIGN KEY/g)} foreign keys, ${count(/^COMMENT ON /gm)} comments. The first table:\n`,
  );
  console.log(`${indent(firstTable(ddl), '      ')}\n`);

  // The DDL runs in a fresh embedded PostgreSQL, which is then inspected into model files.
  const inspected = join(target, 'inspected');
  const imported = schemata('import', ddlFile, '-o', inspected);
  if (imported.code !== 0) return failed('import', imported);
  console.log(`    the database PostgreSQL built from the DDL, as model files in ${inspected}/\n`);

  // Against the example's files as they are in the repository.
  const diff = schemata('diff', inspected, model, '--format', 'summary');
  if (diff.code !== 0) return failed('the round trip', diff);
  console.log(`    ${diff.stdout.trim()}: the database is the model as written\n`);
  return true;
}

/** A change to the task manager as the next migration of a project that starts from the example. */
async function demoMigration(): Promise<boolean> {
  const project = join(outDir, 'migration');
  const model = join(project, 'model');
  const migrations = join(project, 'migrations');
  console.log(`\n== a change as a migration: ${project}\n`);
  await cp(join(examplesDir, 'task-manager'), model, { recursive: true });

  // The example's round trip is shown above; the proof runs on the change below.
  const first = schemata('migrate', 'new', 'initial', '--model', model, '--dir', migrations, '--no-verify');
  if (first.code !== 0) return failed('migrate new', first);
  console.log(`${indent(first.stdout || first.stderr)}\n`);

  // Estimates on tasks: a column, a check on it, and an index for the planning view.
  const tasksFile = join(model, 'public', 'tables', 'tasks.yaml');
  const tasks = await readFile(tasksFile, 'utf8');
  const edited = tasks
    .replace(
      '          - name: notes\n',
      '          - name: estimate_minutes\n            type: integer\n            description: How long the owner expects the task to take.\n          - name: notes\n',
    )
    .replace(
      /\n {8}checks:\n/,
      '\n        checks:\n          - name: tasks_estimate_positive\n            expression: estimate_minutes > 0\n',
    );
  if (edited === tasks) throw new Error(`${tasksFile} no longer has the lines the demo edits`);
  await writeFile(tasksFile, edited);
  console.log(`    (edited ${tasksFile}: a column estimate_minutes and a check on it)\n`);

  const second = schemata(
    'migrate',
    'new',
    'task estimates',
    '--model',
    model,
    '--dir',
    migrations,
    '--safe',
  );
  if (second.code !== 0) return failed('migrate new', second);
  console.log(`${indent(second.stdout || second.stderr)}\n`);
  const upFile = (await readdir(migrations)).find((f) => f.startsWith('0002_') && f.endsWith('.up.sql'));
  if (upFile === undefined) return failed('migrate new', { stdout: '', stderr: 'no 0002 up file' });
  console.log(`    ${join(migrations, upFile)}:\n`);
  console.log(`${indent(await readFile(join(migrations, upFile), 'utf8'), '      ')}\n`);
  return true;
}

/**
 * The migrations written above, applied by the runner through the command line (up, status, down, up,
 * then drift against the model) on an embedded database kept in a directory (`--db pglite:DIR`); then
 * each of them tested (up, down, up) on a scratch database.
 */
async function demoRunner(): Promise<boolean> {
  const project = join(outDir, 'migration');
  const migrations = join(project, 'migrations');
  const database = join(project, 'embedded-db');
  console.log(`\n== the runner, on an embedded database kept in ${database}\n`);
  const db = ['--db', `pglite:${database}`, '--dir', migrations];
  for (const args of [
    ['migrate', 'up', ...db],
    ['migrate', 'status', ...db],
    ['migrate', 'down', ...db],
    ['migrate', 'up', ...db],
    ['migrate', 'drift', '--model', join(project, 'model'), ...db],
    ['migrate', 'test', '--model', join(project, 'model'), '--dir', migrations],
  ]) {
    const result = schemata(...args);
    if (result.code !== 0) return failed(args.slice(0, 2).join(' '), result);
    console.log(`${indent(`${result.stdout}${result.stderr}`)}\n`);
  }
  return true;
}

/** The codes the lint of the flawed model must report: the mistakes it was written with. */
const FLAWS = [
  'table-without-primary-key',
  'foreign-key-without-index',
  'timestamp-without-time-zone',
  'money-as-float',
  'json-type',
  'char-type',
  'plaintext-secret-column',
  'repeating-column-group',
];

async function demoLint(names: readonly string[]): Promise<boolean> {
  console.log('\n== lint: the design review of a deliberately flawed model\n');
  const flawed = schemata('lint', join(examplesDir, 'flawed-model'));
  console.log(indent(flawed.stdout));
  await writeFile(join(outDir, 'flawed-model.lint.txt'), flawed.stdout);
  const missing = FLAWS.filter((code) => !flawed.stdout.includes(` ${code}: `));
  if (flawed.code !== 1 || missing.length > 0)
    return failed(
      `lint of the flawed model (exit ${flawed.code}, missing: ${missing.join(', ') || 'none'})`,
      flawed,
    );
  let ok = true;
  for (const name of names.filter((n) => n !== 'flawed-model')) {
    const result = schemata('lint', join(examplesDir, name));
    const summary = result.stdout.trimEnd().split('\n').at(-1) ?? '';
    console.log(`    ${summary}`);
    if (result.code !== 0) ok = failed(`lint of ${name}`, result);
  }
  return ok;
}

/** The validation report of an example: sample data and constraint tests on embedded PostgreSQL. */
async function demoValidate(): Promise<boolean> {
  console.log('\n== validate: sample data and constraint tests on a scratch database\n');
  const model = join(examplesDir, 'task-manager');
  const result = schemata(
    'validate',
    model,
    '-q',
    '--format',
    'markdown',
    '-o',
    join(outDir, 'task-manager.validate.md'),
  );
  if (result.code !== 0) return failed('validate of task-manager (Markdown)', result);
  const text = schemata('validate', model, '-q');
  console.log(indent(text.stdout));
  return text.code === 0 || failed('validate of task-manager', text);
}

/** The documentation of each example: the HTML site (opens from disk) and the Markdown for GitHub. */
async function demoDocs(names: readonly string[]): Promise<boolean> {
  console.log('\n== docs: the documentation of each example\n');
  let ok = true;
  for (const name of names) {
    const site = join(outDir, 'docs', name);
    const html = schemata('docs', join(examplesDir, name), '-o', site, '-q');
    if (html.code !== 0) ok = failed(`docs of ${name}`, html);
    const markdown = schemata(
      'docs',
      join(examplesDir, name),
      '--format',
      'markdown',
      '-o',
      join(site, 'markdown'),
      '-q',
    );
    if (markdown.code !== 0) ok = failed(`docs --format markdown of ${name}`, markdown);
    const pages = (await readdir(join(site, 'tables')).catch(() => [])).length;
    console.log(`    ${site}/index.html: ${pages} table pages; Markdown in ${site}/markdown/`);
  }
  return ok;
}

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
const names = (await readdir(examplesDir, { withFileTypes: true }))
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
let ok = true;
for (const name of names) ok = (await demoExample(name)) && ok;
ok = (await demoLint(names)) && ok;
ok = (await demoValidate()) && ok;
ok = (await demoDocs(names)) && ok;
const migrated = await demoMigration();
ok = migrated && ok;
ok = migrated && (await demoRunner()) && ok;
console.log(
  ok
    ? '\nEvery example round-trips; the flawed model gets its review; an example validates on sample data; the migration is proved and applied.'
    : '\nSomething did not work; see above.',
);
process.exitCode = ok ? 0 : 1;
