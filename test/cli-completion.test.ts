// schemata completion SHELL: each script is valid for its shell, and the bash one, run as bash runs
// it on Tab, offers the commands, each command's options, the values of options with a fixed set,
// and file names where a command takes a path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { COMMANDS, COMMON_OPTIONS } from '../src/cli/command-table.ts';
import { runCli } from './support/run-cli.ts';
import { withTempDir } from './support/temp-dir.ts';

function has(shell: string): boolean {
  return spawnSync(shell, ['-c', 'exit 0']).status === 0;
}

async function script(shell: string): Promise<string> {
  const result = await runCli('completion', shell);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

/** The shell's syntax check (-n) on the script, in a file. */
async function checkSyntax(shell: string) {
  await withTempDir({ [`schemata.${shell}`]: await script(shell) }, async (dir) => {
    const result = spawnSync(shell, ['-n', join(dir, `schemata.${shell}`)], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
  });
}

test('the bash script is valid bash', () => checkSyntax('bash'));
test('the zsh script is valid zsh', { skip: has('zsh') ? false : 'zsh is not installed' }, () =>
  checkSyntax('zsh'),
);
test('the fish script is valid fish', { skip: has('fish') ? false : 'fish is not installed' }, () =>
  checkSyntax('fish'),
);

test('each script names every command and every option', async () => {
  for (const shell of ['bash', 'zsh', 'fish']) {
    const text = await script(shell);
    for (const [name, spec] of Object.entries(COMMANDS)) {
      assert.ok(text.includes(name), `${shell}: ${name}`);
      for (const option of Object.keys({ ...spec.options, ...COMMON_OPTIONS }))
        assert.match(text, new RegExp(`(--|-l )${option}\\b`), `${shell}: ${name} --${option}`);
    }
  }
});

test('in bash, Tab completes commands, options, option values and file names', async () => {
  await withTempDir({ 'model.yaml': '', 'schema.sql': '' }, async (dir) => {
    await mkdir(join(dir, 'models'));
    await writeFile(join(dir, 'schemata.bash'), await script('bash'));
    /** COMPREPLY after Tab with the cursor at the end of the last word. */
    const complete = (...words: string[]) => {
      const array = words.map((word) => `'${word}'`).join(' ');
      const result = spawnSync(
        'bash',
        [
          '-c',
          `source ./schemata.bash; COMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _schemata; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { cwd: dir, encoding: 'utf8' },
      );
      assert.equal(result.status, 0, result.stderr);
      return result.stdout.split('\n').filter(Boolean).sort();
    };
    assert.deepEqual(complete('schemata', 'di'), ['diff']);
    assert.deepEqual(complete('schemata', 'apply', '--y'), ['--yes']);
    assert.deepEqual(complete('schemata', 'i'), ['import', 'init', 'inspect']);
    assert.deepEqual(complete('schemata', 'diff', '--f'), ['--format']);
    assert.deepEqual(complete('schemata', 'inspect', '--e'), ['--env']);
    assert.deepEqual(complete('schemata', 'diff', '--format', 's'), ['sql', 'summary']);
    assert.deepEqual(complete('schemata', 'generate', 'mo'), ['model.yaml', 'models']);
    assert.deepEqual(complete('schemata', 'generate', '-o', 'schema.'), ['schema.sql']);
    assert.deepEqual(complete('schemata', 'init', 'm'), ['models']);
    assert.deepEqual(complete('schemata', 'migrate', ''), [
      'baseline',
      'down',
      'drift',
      'new',
      'repair',
      'squash',
      'status',
      'test',
      'up',
      'verify',
    ]);
    assert.deepEqual(complete('schemata', 'completion', ''), ['bash', 'fish', 'zsh']);
    assert.deepEqual(complete('schemata', 'help', 'form'), ['format']);
  });
});

test('an unknown shell is a usage error with a did-you-mean', async () => {
  const result = await runCli('completion', 'bsh');
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^error usage: no completion for "bsh"; did you mean bash\?\n/);
});

test(
  'in fish, the completions offer commands, options and their values',
  { skip: has('fish') ? false : 'fish is not installed' },
  async () => {
    await withTempDir({ 'schemata.fish': await script('fish') }, async (dir) => {
      const complete = (line: string) =>
        spawnSync('fish', ['--no-config', '-c', `source ./schemata.fish; complete -C '${line}'`], {
          cwd: dir,
          encoding: 'utf8',
        })
          .stdout.split('\n')
          .filter(Boolean)
          .map((entry) => entry.split('\t')[0]);
      assert.deepEqual(complete('schemata di'), ['diff']);
      assert.deepEqual(complete('schemata diff --fo'), ['--format']);
      assert.deepEqual(complete('schemata diff --format s').sort(), ['sql', 'summary']);
    });
  },
);

test(
  'in zsh, the script registers its completion function with compinit',
  { skip: has('zsh') ? false : 'zsh is not installed' },
  async () => {
    await withTempDir({ _schemata: await script('zsh') }, async (dir) => {
      const result = spawnSync(
        'zsh',
        [
          '-f',
          '-c',
          `autoload -U compinit; compinit -u -d ${dir}/zcompdump; source ./_schemata; print -r -- $_comps[schemata]`,
        ],
        { cwd: dir, encoding: 'utf8' },
      );
      assert.equal(result.stdout.trim(), '_schemata', result.stderr);
    });
  },
);
