// The command line: parses arguments, calls the library, prints. Exit codes: 0 ok, 1 findings
// (unsupported objects with --strict, drift, failed checks), 2 usage or input error.
import { parseArgs } from 'node:util';
import { closestName } from '../model/closest-name.ts';
import { printDiagnostics } from './print.ts';
import { CliError, EXIT, fileSystemError } from './cli-error.ts';
import { painter, streamTakesColor } from './color.ts';
import { COMMANDS, COMMON_OPTIONS, parseArgsOptions, type CommandSpec } from './command-table.ts';
import { renderCommandHelp, renderUsage } from './help.ts';
import type { Output } from './output.ts';
import { JsonReport } from './json-document.ts';
import { progressDelay, progressDisplay } from './progress.ts';
import type { ParsedArgs } from './parsed-args.ts';
import { applyCommandDefaults } from './config/command-defaults.ts';
import { readProjectConfig } from './config/read-config.ts';
import { readVersion } from './version.ts';

export function processOutput(): Output {
  const display = progressDisplay({
    write: (text) => process.stderr.write(text),
    terminal: process.stderr.isTTY === true,
    columns: () => process.stderr.columns,
    afterMs: progressDelay(),
  });
  return {
    stdout: (text) => display.around(() => process.stdout.write(text)),
    stderr: (text) => display.around(() => process.stderr.write(text)),
    colors: { stdout: streamTakesColor(process.stdout), stderr: streamTakesColor(process.stderr) },
    progress: display.progress,
  };
}

export async function main(argv: string[], output: Output = processOutput()): Promise<number> {
  const { progress, json, ...plain } = { ...output, json: wantsJson(argv) };
  const out: Output = {
    ...plain,
    ...(argv.includes('--no-color') && { colors: { stdout: false, stderr: false } }),
    ...(progress && { progress }),
    ...(json && { json, stdout: (text: string) => void (json.printed += text) }),
  };
  const code = await runCaught(argv, out);
  if (json) output.stdout(json.render(code));
  return code;
}

/** With --json (or diff and lint --format json, the same document): a report to collect the command's results. */
function wantsJson(argv: readonly string[]): JsonReport | undefined {
  const [name] = argv;
  // lint --format json -o FILE writes the document to the file instead (commands/lint.ts).
  const formatJson =
    (name === 'diff' ||
      (name === 'lint' && !argv.some((a) => /^(-o|--output)(=|$)/.test(a) || /^-o./.test(a)))) &&
    argv.some(
      (argument, at) => argument === '--format=json' || (argument === '--format' && argv[at + 1] === 'json'),
    );
  if (!argv.includes('--json') && !formatJson) return undefined;
  return new JsonReport(name !== undefined && Object.hasOwn(COMMANDS, name) ? name : null);
}

async function runCaught(argv: string[], out: Output): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    return await runCommand(argv, out);
  } catch (error) {
    const known = error instanceof CliError ? error : fileSystemError(error);
    if (out.json) {
      if (debug && error instanceof Error && error.stack) out.stderr(`${error.stack}\n`);
      return reportJsonError(out.json, error, known);
    }
    const paint = painter(out, 'stderr');
    if (known) {
      if (known.diagnostics.length > 0) printDiagnostics(out, known.diagnostics);
      if (known.message)
        out.stderr(
          `${paint('red', `error ${known.code}`)}: ${known.message}${known.hint ? `\n  ${paint('dim', `hint: ${known.hint}`)}` : ''}\n`,
        );
      if (debug && !(error instanceof CliError) && error instanceof Error && error.stack)
        out.stderr(`${error.stack}\n`);
      return known.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    out.stderr(
      `${paint('red', 'error internal')}: ${message}\n  hint: this is a bug in schemata; run again with --debug and report it\n`,
    );
    if (debug && error instanceof Error && error.stack) out.stderr(`${error.stack}\n`);
    return EXIT.usage;
  }
}

/** The error as diagnostics in the document, with the exit code it leads to. */
function reportJsonError(json: JsonReport, error: unknown, known: CliError | undefined): number {
  if (known) {
    json.diagnostics.push(...known.diagnostics);
    if (known.message)
      json.diagnostics.push({
        code: known.code,
        severity: 'error',
        message: known.message,
        ...(known.hint !== undefined && { hint: known.hint }),
      });
    return known.exitCode;
  }
  json.diagnostics.push({
    code: 'internal',
    severity: 'error',
    message: error instanceof Error ? error.message : String(error),
    hint: 'this is a bug in schemata; run again with --debug and report it',
  });
  return EXIT.usage;
}

async function runCommand(argv: string[], out: Output): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help') {
    out.stdout(`${renderUsage()}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '-v' || name === '--version') {
    out.stdout(`${await readVersion()}\n`);
    return EXIT.ok;
  }
  if (name === 'help') {
    const topic = rest.find((argument) => !argument.startsWith('-'));
    out.stdout(`${topic === undefined ? renderUsage() : renderCommandHelp(findCommand(topic))}\n`);
    return EXIT.ok;
  }
  const command = findCommand(name);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: parseArgsOptions(command),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw usageError(name, command, error as Error & { code?: string });
  }
  if (parsed.values.help) {
    out.stdout(`${renderCommandHelp(command)}\n`);
    return EXIT.ok;
  }
  const config = command.readsConfig === false ? undefined : await readProjectConfig();
  const args: ParsedArgs = {
    positionals: parsed.positionals,
    values: applyCommandDefaults(name, command, parsed.values as ParsedArgs['values'], config),
    given: new Set(Object.keys(parsed.values)),
    ...(config && { config }),
  };
  if (parsed.values.quiet) {
    const { progress: _silenced, ...quiet } = out;
    return command.run(args, quiet);
  }
  return command.run(args, out);
}

function findCommand(name: string): CommandSpec {
  const command = COMMANDS[name];
  if (command) return command;
  const close = closestName(name, Object.keys(COMMANDS));
  throw new CliError(
    'usage',
    `unknown command "${name}"${close ? `; did you mean "${close}"?` : ''}`,
    'run "schemata --help" for the commands',
  );
}

/** parseArgs's complaint about an option, as one line that names it, with a did-you-mean. */
function usageError(name: string, command: CommandSpec, error: Error & { code?: string }): CliError {
  const help = `run "schemata ${name} --help" for its options`;
  const option = /option '([^']+)'/i.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) {
    const given = option.replace(/^-+/, '');
    const own = Object.keys({ ...command.options, ...COMMON_OPTIONS });
    const close = option.startsWith('--') ? closestName(given, own) : undefined;
    const elsewhere = Object.entries(COMMANDS)
      .filter(([, spec]) => Object.hasOwn(spec.options, given))
      .map(([other]) => other);
    const suggestion = close
      ? `; did you mean --${close}?`
      : elsewhere.length > 0 && option.startsWith('--')
        ? ` (it is an option of ${elsewhere.join(', ')})`
        : '';
    return new CliError('usage', `${name} has no option ${option}${suggestion}`, help);
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const long = /--([\w-]+)/.exec(error.message)?.[0];
    if (long !== undefined && /argument missing/.test(error.message))
      return new CliError('usage', `option ${long} needs a value`, help);
    if (long !== undefined && /does not take an argument/.test(error.message))
      return new CliError('usage', `option ${long} takes no value`, help);
  }
  return new CliError('usage', error.message, help);
}
