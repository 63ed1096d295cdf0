// schemata init as a user meets it: a project that works at once (generate on its example model), and
// a second run that overwrites nothing and adds to .gitignore only the line it lacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { withTempDir } from './support/temp-dir.ts';

const BIN = join(process.cwd(), 'bin/schemata.js');

function runBin(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

test('init scaffolds a project that generate reads; a second run keeps every file', async () => {
  await withTempDir({}, async (dir) => {
    const first = runBin(dir, 'init', 'shop');
    assert.equal(first.code, 0, first.stderr);
    const project = join(dir, 'shop');
    assert.deepEqual(first.stderr.split('\n').filter(Boolean), [
      `created ${join('shop', 'schemata.config.yaml')}`,
      `created ${join('shop', 'model', 'public', 'tables', 'customers.yaml')}`,
      `created ${join('shop', 'migrations', '.gitkeep')}`,
      `created ${join('shop', '.gitignore')}`,
    ]);
    assert.deepEqual(await readdir(join(project, 'migrations')), ['.gitkeep']);
    assert.match(await readFile(join(project, '.gitignore'), 'utf8'), /^\.schemata\/$/m);
    const table = await readFile(join(project, 'model', 'public', 'tables', 'customers.yaml'), 'utf8');
    assert.match(table, /^# /, 'the example is documented');

    const generated = runBin(join(project, 'model'), 'generate');
    assert.equal(generated.code, 0, generated.stderr);
    assert.match(generated.stdout, /CREATE TABLE public\.customers/);

    const config = join(project, 'schemata.config.yaml');
    await writeFile(config, 'model: model\n# mine\n');
    const second = runBin(project, 'init');
    assert.equal(second.code, 1, 'nothing created');
    assert.match(second.stderr, /^kept schemata\.config\.yaml \(it exists\)$/m);
    assert.match(second.stderr, /^kept model /m);
    assert.match(second.stderr, /^kept migrations /m);
    assert.match(second.stderr, /^kept \.gitignore /m);
    assert.equal(await readFile(config, 'utf8'), 'model: model\n# mine\n', 'the config is not overwritten');
    assert.equal(await readFile(join(project, 'model', 'public', 'tables', 'customers.yaml'), 'utf8'), table);
  });
});

test('init appends to an existing .gitignore only the missing line, and keeps an existing model', async () => {
  await withTempDir({ '.gitignore': 'node_modules', 'model.yaml': 'schemata: 1\n' }, async (dir) => {
    await mkdir(join(dir, 'model'));
    await writeFile(join(dir, 'model', 'mine.yaml'), 'schemata: 1\n');
    const result = runBin(dir, 'init');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^added \.schemata\/ to \.gitignore$/m);
    assert.match(result.stderr, /^kept model \(it exists; no example table added\)$/m);
    assert.equal(await readFile(join(dir, '.gitignore'), 'utf8'), 'node_modules\n.schemata/\n');
    assert.deepEqual(await readdir(join(dir, 'model')), ['mine.yaml']);
    const again = runBin(dir, 'init');
    assert.equal(again.code, 1, again.stderr);
    assert.equal(await readFile(join(dir, '.gitignore'), 'utf8'), 'node_modules\n.schemata/\n');
  });
});
