// The README's command block lists every command and every option, as the commands' own help does
// (src/cli/command-table.ts drives both the parsing and `--help`), and nothing the commands lack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { COMMANDS, COMMON_OPTIONS, type OptionSpec } from '../src/cli/command-table.ts';

/** The command block under "## Commands": each `schemata ...` line with its continuation lines. */
function readmeEntries(readme: string): Map<string, string> {
  const section = readme.split(/^## Commands$/m)[1] ?? '';
  const block = /```\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, 'README.md has a code block under "## Commands"');
  const entries = new Map<string, string>();
  let current: string | undefined;
  for (const line of block.split('\n')) {
    const start = /^schemata (\S+)/.exec(line);
    if (start) {
      current = start[1] ?? '';
      entries.set(current, `${entries.get(current) ?? ''}${line}\n`);
    } else if (current !== undefined && line.trim() !== '') {
      entries.set(current, `${entries.get(current) ?? ''}${line}\n`);
    }
  }
  return entries;
}

/** The options an entry names: `--name`, or `-x` for an option whose short form that is. */
function optionsIn(entry: string, table: Record<string, OptionSpec>): string[] {
  const named = new Set([...entry.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map((m) => m[1] ?? ''));
  for (const [, short] of entry.matchAll(/(?<![\w-])-([a-zA-Z])\b/g)) {
    const option = Object.entries(table).find(([, spec]) => spec.short === short);
    named.add(option ? option[0] : `-${short}`);
  }
  return [...named].sort();
}

function compare(readme: string): string[] {
  const entries = readmeEntries(readme);
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(COMMANDS)) {
    const entry = entries.get(name);
    if (entry === undefined) {
      problems.push(`command ${name} is not in the README`);
      continue;
    }
    const listed = optionsIn(entry, spec.options);
    for (const option of Object.keys(spec.options).sort())
      if (!listed.includes(option)) problems.push(`${name} --${option} is not in the README`);
    for (const option of listed)
      if (!(option in spec.options))
        problems.push(`${name} --${option} is in the README but not a ${name} option`);
  }
  const common = entries.get('COMMAND');
  if (common === undefined)
    problems.push('the options every command takes (schemata COMMAND ...) are not in the README');
  else {
    const listed = optionsIn(common, COMMON_OPTIONS);
    for (const option of Object.keys(COMMON_OPTIONS).sort())
      if (!listed.includes(option)) problems.push(`--${option} (every command) is not in the README`);
    for (const option of listed)
      if (!(option in COMMON_OPTIONS))
        problems.push(`--${option} is in the README but not an option of every command`);
  }
  const known = new Set([...Object.keys(COMMANDS), 'help', 'COMMAND', '--version']);
  for (const name of entries.keys())
    if (!known.has(name)) problems.push(`the README lists ${name}, which is no command`);
  return problems;
}

test("the README's command block lists every command and option the commands' help has, and no other", () => {
  assert.deepEqual(compare(readFileSync('README.md', 'utf8')), []);
});

test('an option missing from the README, or only there, is named', () => {
  const readme = readFileSync('README.md', 'utf8');
  const changed = readme.replace(' [--continue-on-error]', '').replace('[--check]', '[--check] [--quiet]');
  assert.deepEqual(compare(changed), [
    'import --continue-on-error is not in the README',
    'format --quiet is in the README but not a format option',
  ]);
});
