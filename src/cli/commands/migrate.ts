// schemata migrate SUBCOMMAND: the subcommand and its options are checked here; `new` is in
// migrate-new.ts, squash and test in migrate-squash.ts and migrate-test.ts, the runner's subcommands
// (up, down, status, ...) in migrate-runner.ts. Each is loaded when it runs: the runner's do not load
// the SQL parser and the planner that `new` needs.
import { closestName } from '../../model/closest-name.ts';
import { CliError } from '../cli-error.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import type { Output } from '../output.ts';
import { RUNNER_OPTIONS, runRunnerCommand } from './migrate-runner.ts';

const NEW_OPTIONS = [
  'model',
  'dir',
  'safe',
  'allow-data-loss',
  'no-verify',
  'suggest-renames',
  'dev-db',
  'no-cache',
];

/** The options each subcommand takes (all of them share the command's option table). */
const SUBCOMMAND_OPTIONS: Record<string, readonly string[]> = {
  new: NEW_OPTIONS,
  ...RUNNER_OPTIONS,
  squash: ['dir', 'to', 'dry-run', 'dev-db', 'no-cache'],
  test: ['dir', 'model', 'dev-db', 'no-cache'],
};

export async function runMigrate(args: ParsedArgs, out: Output): Promise<number> {
  const [subcommand, name, extra] = args.positionals;
  if (out.json && subcommand !== undefined) out.json.command = `migrate ${subcommand}`;
  const names = Object.keys(SUBCOMMAND_OPTIONS);
  const own = subcommand === undefined ? undefined : SUBCOMMAND_OPTIONS[subcommand];
  if (subcommand === undefined || own === undefined || !Object.hasOwn(SUBCOMMAND_OPTIONS, subcommand)) {
    const close = subcommand === undefined ? undefined : closestName(subcommand, names);
    throw new CliError(
      'usage',
      subcommand === undefined
        ? 'migrate needs a subcommand'
        : `unknown migrate subcommand "${subcommand}"${close ? `; did you mean "${close}"?` : ''}`,
      `the subcommands are ${names.join(', ')}; run "schemata migrate --help" for their options`,
    );
  }
  checkSubcommandOptions(subcommand, own, args);
  if (subcommand === 'test') return (await import('./migrate-test.ts')).runMigrationsTest(args, out);
  if (subcommand === 'squash') return (await import('./migrate-squash.ts')).runSquash(args, out);
  if (subcommand !== 'new') return runRunnerCommand(subcommand, args, out);
  return (await import('./migrate-new.ts')).runMigrateNew(name, extra, args, out);
}

/** An option of another subcommand, given on the command line, is a mistake (config defaults are not). */
function checkSubcommandOptions(subcommand: string, own: readonly string[], args: ParsedArgs): void {
  for (const option of args.given ?? []) {
    const others = Object.entries(SUBCOMMAND_OPTIONS)
      .filter(([, options]) => options.includes(option))
      .map(([other]) => `migrate ${other}`);
    // Options of no subcommand are those every command takes (--json, --quiet, ...).
    if (own.includes(option) || others.length === 0) continue;
    throw new CliError(
      'usage',
      `migrate ${subcommand} has no option --${option} (it is an option of ${others.join(', ')})`,
      'run "schemata migrate --help" for the options of each subcommand',
    );
  }
}
