// schemata completion SHELL: prints the completion script for bash, zsh or fish.
import { closestName } from '../../model/closest-name.ts';
import { CliError, EXIT } from '../cli-error.ts';
import { renderCompletion, SHELLS, type CommandTable, type Shell } from '../completion-scripts.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import type { Output } from '../output.ts';

export async function runCompletion(args: ParsedArgs, out: Output, table: CommandTable): Promise<number> {
  const [shell, extra] = args.positionals;
  if (shell === undefined || !(SHELLS as readonly string[]).includes(shell)) {
    const close = shell === undefined ? undefined : closestName(shell, SHELLS);
    throw new CliError(
      'usage',
      shell === undefined
        ? 'completion needs a shell'
        : `no completion for "${shell}"${close ? `; did you mean ${close}?` : ''}`,
      `schemata completion ${SHELLS.join('|')}`,
    );
  }
  if (extra !== undefined)
    throw new CliError('usage', `unexpected argument "${extra}"`, 'schemata completion SHELL');
  out.stdout(renderCompletion(shell as Shell, table));
  return EXIT.ok;
}
