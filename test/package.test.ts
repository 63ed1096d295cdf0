// The package as a user gets it: `npm pack`, then `npm install` of the tarball into a new project
// (dependencies hoisted, from the npm registry or its cache). The installed command runs from its
// bundle, the library loads on plain Node.js and its types check, and the tarball holds no tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { diffModels, planChanges, readModel, renderDdl, renderPlanSql } from '../src/index.ts';
import { runCli } from './support/run-cli.ts';
import { withTempDir } from './support/temp-dir.ts';

const repo = resolve('.');
const example = join(repo, 'examples/task-manager');
const otherExample = join(repo, 'examples/quiz-platform/model.yaml');
// Not part of a checkout: installed or generated.
const notCopied = new Set([
  '.git',
  'node_modules',
  'dist',
  'demo-out',
  'bench-out',
  'conformance-out',
  '.tmp',
]);

/** The environment of a command a user runs, without what npm and the test runner set for this one. */
function userEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^npm_/i.test(name) && name !== 'INIT_CWD' && name !== 'NODE_TEST_CONTEXT',
    ),
  );
}

function run(command: string, args: string[], options: SpawnSyncOptions & { cwd: string }) {
  const child = spawnSync(command, args, { encoding: 'utf8', env: userEnv(), timeout: 180_000, ...options });
  const output = `${String(child.stdout)}\n${String(child.stderr)}`.slice(-4000);
  assert.equal(child.error, undefined, `${command} ${args.join(' ')}: ${String(child.error)}`);
  assert.equal(child.status, 0, `${command} ${args.join(' ')} exited with ${child.status}:\n${output}`);
  return { stdout: String(child.stdout), stderr: String(child.stderr) };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(join(dir, name)).isFile())
    .map((name) => name.split(sep).join('/'))
    .sort();
}

const library = `
import { diffModels, planChanges, readModel, renderDdl, renderPlanSql } from 'schemata';
const [from, to] = process.argv.slice(2);
const source = await readModel(from);
const target = await readModel(to);
const plan = planChanges(diffModels(source.model, target.model), { allowDataLoss: true });
process.stdout.write(JSON.stringify({ ddl: renderDdl(source.model), plan: renderPlanSql(plan.up) }));
`;

const typed = `
import { quoteIdent, readModel, renderDdl, type Diagnostic, type Model } from 'schemata';
const { model, diagnostics }: { model: Model; diagnostics: Diagnostic[] } = await readModel('model.yaml');
const ddl: string = renderDdl(model);
// @ts-expect-error a name is a string: with no types this line would not be an error
quoteIdent(42);
export const summary = \`\${diagnostics.length} \${ddl.length}\`;
`;

test('the packed package installs, runs its bundle, and serves the library with types', async () => {
  await withTempDir({}, async (dir) => {
    // Packed from a copy of the checkout, so the build that packing runs leaves this one's dist/ alone.
    const source = join(dir, 'source');
    cpSync(repo, source, {
      recursive: true,
      filter: (from) => !notCopied.has(relative(repo, from).split(sep)[0] ?? ''),
    });
    symlinkSync(join(repo, 'node_modules'), join(source, 'node_modules'), 'dir');
    run('npm', ['pack', '--pack-destination', dir], { cwd: source });
    const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote a tarball');

    const project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      '{ "name": "project", "private": true, "type": "module" }\n',
    );
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--install-strategy=hoisted',
        join(dir, tarball),
      ],
      { cwd: project },
    );
    const installed = join(project, 'node_modules/schemata');

    const files = listFiles(installed);
    for (const shipped of ['bin/schemata.js', 'dist/cli/main.cjs', 'dist/index.js', 'dist/types/index.d.ts'])
      assert.ok(files.includes(shipped), `${shipped} is in the package`);
    const unwanted = files.filter(
      (file) =>
        /(^|\/)(src|test|fixtures|golden)(\/|$)|\.test\.|sources\.json$/.test(file) ||
        (file.endsWith('.ts') && !file.endsWith('.d.ts')),
    );
    assert.deepEqual(unwanted, [], 'no sources, tests, fixtures or golden files in the package');

    // Without the sources or tsx in the project, the command can only have run from the bundle.
    assert.equal(
      existsSync(join(project, 'node_modules/tsx')),
      false,
      'tsx is not installed with the package',
    );
    const generated = run(join(project, 'node_modules/.bin/schemata'), ['generate', example], {
      cwd: project,
    });
    assert.equal(generated.stdout, (await runCli('generate', example)).stdout);
    assert.match(generated.stdout, /CREATE TABLE/);

    // The library, on Node.js without any loader.
    writeFileSync(join(project, 'library.mjs'), library);
    const answer = JSON.parse(
      run(process.execPath, ['library.mjs', otherExample, example], { cwd: project }).stdout,
    ) as { ddl: string; plan: string };
    const from = (await readModel(otherExample)).model;
    const to = (await readModel(example)).model;
    assert.equal(answer.ddl, renderDdl(from));
    assert.equal(answer.plan, renderPlanSql(planChanges(diffModels(from, to), { allowDataLoss: true }).up));
    assert.match(answer.plan, /CREATE TABLE/);

    // Its declarations, checked as a TypeScript user's project checks them (library files included).
    writeFileSync(join(project, 'typed.ts'), typed);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ['typed.ts'],
      }),
    );
    run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: project });
    assert.equal(
      JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).dependencies.tsx,
      undefined,
    );
  });
});
