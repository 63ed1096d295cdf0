// The examples as a user lints them: each one with no finding at error or warning severity (exit 0;
// what they leave as they are is suppressed with its reason, and advice at info severity remains), except
// examples/flawed-model, written to show what the review catches: it fails with each of its flaws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const bin = join(process.cwd(), 'bin/schemata.js');
const examples = readdirSync('examples', { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function lint(name: string) {
  const child = spawnSync(process.execPath, [bin, 'lint', join('examples', name)], { encoding: 'utf8' });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

for (const name of examples.filter((n) => n !== 'flawed-model'))
  test(`examples/${name} lints with no error or warning`, () => {
    const { code, stdout, stderr } = lint(name);
    assert.equal(code, 0, `${stdout}${stderr}`);
    assert.match(stdout, /\(0 errors, 0 warnings, \d+ info\)|no findings/i, stdout);
  });

test('examples/flawed-model: each of its flaws is reported, and the lint fails', () => {
  const { code, stdout } = lint('flawed-model');
  assert.equal(code, 1, stdout);
  for (const flaw of [
    'error table-without-primary-key',
    'error money-as-float',
    'warning foreign-key-without-index',
    'warning timestamp-without-time-zone',
    'warning json-type',
    'warning char-type',
  ])
    assert.match(stdout, new RegExp(`^examples/flawed-model/model\\.yaml:\\d+:\\d+: ${flaw}: `, 'm'), flaw);
});
