// Progress as a user meets it: a spinner on a terminal (run under a pseudo-terminal with script from
// util-linux), plain step lines in a pipe, nothing with --quiet, and nothing for work that ends within
// the delay. SCHEMATA_PROGRESS_AFTER_MS=0 stands in for a model big enough to take a second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { withTempDir } from './support/temp-dir.ts';

const hasScript = spawnSync('script', ['--version']).status === 0;
const bin = join(process.cwd(), 'bin/schemata.js');
const model = (type: string) =>
  `schemas:\n  public:\n    tables:\n      t:\n        columns:\n          - { name: id, type: ${type} }\n`;
const SPINNER = /\r\u001b\[K[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] schemata: spelling the model in embedded PostgreSQL \d+ \(1 table\)/;

function piped(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

test('in a pipe: a plain line per step that runs long, none with --quiet or for short work', async () => {
  await withTempDir({ 'a.yaml': model('integer'), 'b.yaml': model('bigint') }, async (dir) => {
    const diff = ['diff', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--no-cache'];
    const shown = piped(diff, { SCHEMATA_PROGRESS_AFTER_MS: '0' });
    assert.equal(shown.status, 1, shown.stderr);
    const lines = shown.stderr.split('\n').filter((line) => line.startsWith('schemata: '));
    assert.equal(lines[0], 'schemata: spelling the model in embedded PostgreSQL 18 (1 table)');
    assert.ok(lines.includes('schemata:   reading the catalog'), shown.stderr);
    assert.ok(lines.includes('schemata: proving the plan in embedded PostgreSQL 18'), shown.stderr);
    assert.ok(lines.includes('schemata:   applying the up plan (1 statement)'), shown.stderr);
    assert.doesNotMatch(shown.stderr, /\r|\u001b/, 'no terminal codes in a pipe');
    assert.doesNotMatch(shown.stdout, /schemata:/, 'standard output is left alone');

    for (const quiet of ['--quiet', '-q']) {
      const silenced = piped([...diff, '--no-verify', quiet], { SCHEMATA_PROGRESS_AFTER_MS: '0' });
      assert.equal(silenced.status, 1);
      assert.equal(silenced.stdout, shown.stdout);
      assert.doesNotMatch(silenced.stderr, /schemata: /, quiet);
    }
    // Without the override, work that ends within a second prints no step.
    const generate = piped(['generate', join(dir, 'a.yaml')], { SCHEMATA_PROGRESS_AFTER_MS: '' });
    assert.equal(generate.status, 0);
    assert.equal(generate.stderr, '');
  });
});

test(
  'on a terminal: a spinner with the step, erased at the end; none with --quiet',
  { skip: hasScript ? false : 'script (util-linux) is not installed' },
  async () => {
    await withTempDir({ 'a.yaml': model('integer'), 'b.yaml': model('bigint') }, async (dir) => {
      const terminal = (command: string) =>
        spawnSync('script', ['-qec', command, '/dev/null'], {
          encoding: 'utf8',
          env: { ...process.env, SCHEMATA_PROGRESS_AFTER_MS: '0' },
        }).stdout;
      const diff = `${process.execPath} ${bin} diff ${join(dir, 'a.yaml')} ${join(dir, 'b.yaml')} --no-cache --no-verify`;
      const shown = terminal(diff);
      assert.match(shown, SPINNER, JSON.stringify(shown));
      assert.doesNotMatch(shown, /\nschemata: spelling/, 'a spinner, not plain lines');
      // The line is erased before the plan is printed.
      const plan = shown.indexOf('ALTER TABLE public.t');
      assert.ok(plan > 0 && shown.lastIndexOf('\r\u001b[K', plan) > shown.lastIndexOf('schemata: ', plan));
      const quiet = terminal(`${diff} --quiet`);
      assert.match(quiet, /ALTER TABLE public\.t ALTER COLUMN id TYPE bigint;/);
      assert.doesNotMatch(quiet, /schemata: /);
    });
  },
);
