// The help texts, written from the command table: the list of commands, and each command's usage,
// options with their defaults, and examples.
import { COMMANDS, COMMON_OPTIONS, type CommandSpec, type OptionSpec } from './command-table.ts';

const WIDTH = 100;

/** Words of `text` in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** `-o, --output FILE` */
function signature(name: string, option: OptionSpec): string {
  const short = option.short === undefined ? '    ' : `-${option.short}, `;
  return `${short}--${name}${option.value === undefined ? '' : ` ${option.value}`}`;
}

function renderOptions(options: Record<string, OptionSpec>): string[] {
  const entries = Object.entries(options);
  const column = Math.max(...entries.map(([name, option]) => signature(name, option).length)) + 4;
  const lines: string[] = [];
  for (const [name, option] of entries) {
    // Help and version are actions, not settings: they have no default.
    const action = name === 'help' || name === 'version';
    const text = action ? option.description : `${option.description} (default: ${option.default ?? 'off'})`;
    const [first = '', ...rest] = wrap(text, WIDTH - column);
    lines.push(`  ${signature(name, option).padEnd(column - 2)}${first}`);
    for (const line of rest) lines.push(`${' '.repeat(column)}${line}`);
  }
  return lines;
}

/** `schemata --help`: every command, and where to find each one's options. */
export function renderUsage(): string {
  const commands = Object.values(COMMANDS);
  const column = Math.max(...commands.map((c) => c.usage.length)) + 4;
  return [
    'schemata: model-first PostgreSQL schema design',
    '',
    'Usage:',
    ...commands.map((c) => `  schemata ${c.usage.padEnd(column)}${c.summary}`),
    `  schemata help COMMAND${' '.repeat(column - 'help COMMAND'.length)}a command's options, with their defaults, and examples`,
    '',
    'Options of every command:',
    ...renderOptions({
      ...COMMON_OPTIONS,
      version: { type: 'boolean', short: 'v', description: 'print the version (as the first argument)' },
    }),
    '',
    'schemata.config.yaml (in the current directory or the nearest parent) sets the model, the',
    'migrations, environments for --env NAME and per-command defaults: docs/configuration.md.',
    '',
    'Exit codes: 0 ok, 1 findings (diff: different; --strict: objects the model cannot express;',
    'format --check: a file would change; init: nothing created), 2 usage or input error.',
  ].join('\n');
}

/** `schemata COMMAND --help`. */
export function renderCommandHelp(spec: CommandSpec): string {
  return [
    `Usage: schemata ${spec.usage}`,
    '',
    ...wrap(`${spec.summary}. ${spec.details}`, WIDTH),
    '',
    'Options:',
    ...renderOptions({ ...spec.options, ...COMMON_OPTIONS }),
    '',
    spec.examples.length === 1 ? 'Example:' : 'Examples:',
    ...spec.examples.map((example) => `  ${example}`),
  ].join('\n');
}
