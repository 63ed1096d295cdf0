// The command as it ships: the bundle `npm run build` writes, compiled with its code cache, gives the
// same results as the sources, loads PGlite and reads its own package.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli } from './support/run-cli.ts';
import { withTempDir } from './support/temp-dir.ts';

const repo = resolve('.');
const example = join(repo, 'examples/quiz-platform/model.yaml');

/** Runs the bundle built into `dir` in a fresh process; what each command printed and returned. */
function runBundle(dir: string, runs: string[][]) {
  const script = `
    import { pathToFileURL } from 'node:url';
    const { loadBundle, setEngineFlags } = await import(${JSON.stringify(join(repo, 'bin/load-bundle.js'))});
    setEngineFlags();
    const bundle = loadBundle(pathToFileURL(${JSON.stringify(`${dir}/`)}));
    const results = [];
    for (const argv of ${JSON.stringify(runs)}) {
      let stdout = '';
      let stderr = '';
      const code = await bundle.exports.main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
      results.push({ code, stdout, stderr });
    }
    process.stdout.write(JSON.stringify({ codeCache: bundle.codeCache, results }));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as {
    codeCache: string;
    results: { code: number; stdout: string; stderr: string }[];
  };
}

test('the built bundle runs with its code cache and answers as the sources do', async () => {
  await withTempDir({ 'package.json': readFileSync('package.json', 'utf8') }, async (dir) => {
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const build = spawnSync(process.execPath, ['scripts/build.js', dir], { encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const changed = join(dir, 'changed.yaml');
    const model = readFileSync(example, 'utf8');
    const added = model.replace(
      /( +)- name: id\n/,
      (line, indent: string) => `${indent}- name: added_note\n${indent}  type: text\n${line}`,
    );
    assert.notEqual(added, model);
    await import('node:fs/promises').then((fs) => fs.writeFile(changed, added));
    const bundled = runBundle(dir, [['--version'], ['generate', example], ['diff', example, changed]]);
    assert.equal(bundled.codeCache, 'accepted', 'the code cache written by the build is used');
    const [version, generated, diff] = bundled.results;
    assert.equal(version?.stdout.trim(), JSON.parse(readFileSync('package.json', 'utf8')).version);
    const fromSources = await runCli('generate', example);
    assert.equal(generated?.code, 0);
    assert.equal(generated?.stdout, fromSources.stdout);
    // The plan is proved on the embedded database, which the bundle loads on demand.
    assert.equal(diff?.code, 1, diff?.stderr);
    assert.match(diff?.stdout ?? '', /ADD COLUMN added_note text/);
    assert.equal(diff?.stdout, (await runCli('diff', example, changed)).stdout);
  });
});
