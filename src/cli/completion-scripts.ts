// Shell completion scripts for bash, zsh and fish, written from the command table: the commands, each
// command's options (and the values of those that take a fixed set), and files where a command or an
// option takes a path. The table is passed in (the command that prints the scripts is in the table).
import { isPathOption } from './path-options.ts';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** What completion needs of an option of the command table. */
interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string | undefined;
  multiple?: boolean | undefined;
  value?: string | undefined;
  description: string;
  choices?: readonly string[] | undefined;
}

/** What completion needs of a command of the command table. */
export interface CommandSpec {
  summary: string;
  options: Record<string, OptionSpec>;
  positionals?: 'paths' | 'directories' | readonly string[] | undefined;
}

/** The commands, and the options every command takes. */
export interface CommandTable {
  commands: Record<string, CommandSpec>;
  common: Record<string, OptionSpec>;
}

interface CompletedOption {
  name: string;
  short: string | undefined;
  description: string;
  /** What follows the option: nothing (a flag), a path, a directory, one of some words, or free text. */
  takes: 'nothing' | 'path' | 'directory' | 'text' | readonly string[];
  multiple: boolean;
}

interface CompletedCommand {
  name: string;
  summary: string;
  options: CompletedOption[];
  positionals: CommandSpec['positionals'];
}

function completedOption(name: string, option: OptionSpec): CompletedOption {
  const takes: CompletedOption['takes'] =
    option.type === 'boolean'
      ? 'nothing'
      : option.choices
        ? option.choices
        : isPathOption(option)
          ? option.value === 'DIR'
            ? 'directory'
            : 'path'
          : 'text';
  // The first clause of the description: completion menus have one short line per option.
  const description = (option.description.split(/[:;(]/)[0] ?? '').trim();
  return { name, short: option.short, description, takes, multiple: !!option.multiple };
}

function listCommands({ commands, common }: CommandTable): CompletedCommand[] {
  const list = Object.entries(commands).map(([name, spec]) => ({
    name,
    summary: spec.summary,
    options: Object.entries({ ...spec.options, ...common }).map(([option, settings]) =>
      completedOption(option, settings),
    ),
    positionals: spec.positionals,
  }));
  list.push({
    name: 'help',
    summary: "a command's options, with their defaults, and examples",
    options: [],
    positionals: Object.keys(commands),
  });
  return list;
}

/** A word list as one shell word, for words that are plain (commands, options, choices). */
function words(list: readonly string[]): string {
  return list.join(' ');
}

function bash(all: CompletedCommand[]): string {
  const cases = all.map((command) => {
    const valueCases = command.options
      .filter((o) => o.takes !== 'nothing')
      .map((o) => {
        const flags = [`--${o.name}`, ...(o.short ? [`-${o.short}`] : [])].join('|');
        const action =
          o.takes === 'path'
            ? 'COMPREPLY=($(compgen -f -- "$cur"))'
            : o.takes === 'directory'
              ? 'COMPREPLY=($(compgen -d -- "$cur"))'
              : o.takes === 'text'
                ? 'COMPREPLY=()'
                : `COMPREPLY=($(compgen -W "${words(o.takes as readonly string[])}" -- "$cur"))`;
        return `        ${flags}) ${action}; return ;;`;
      });
    const optionWords = command.options.flatMap((o) => [`--${o.name}`, ...(o.short ? [`-${o.short}`] : [])]);
    const positional =
      command.positionals === 'paths'
        ? 'COMPREPLY=($(compgen -f -- "$cur"))'
        : command.positionals === 'directories'
          ? 'COMPREPLY=($(compgen -d -- "$cur"))'
          : command.positionals
            ? `COMPREPLY=($(compgen -W "${words(command.positionals)}" -- "$cur"))`
            : 'COMPREPLY=()';
    return [
      `    ${command.name})`,
      ...(valueCases.length > 0 ? ['      case "$prev" in', ...valueCases, '      esac'] : []),
      `      if [[ "$cur" == -* ]]; then`,
      `        COMPREPLY=($(compgen -W "${words(optionWords)}" -- "$cur"))`,
      '      else',
      `        ${positional}`,
      '      fi',
      '      ;;',
    ].join('\n');
  });
  return `# bash completion for schemata (schemata completion bash)
_schemata() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local prev="\${COMP_WORDS[COMP_CWORD-1]}"
  COMPREPLY=()
  if [[ $COMP_CWORD -le 1 ]]; then
    COMPREPLY=($(compgen -W "${words(all.map((c) => c.name))} --help --version" -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases.join('\n')}
  esac
}
complete -o filenames -F _schemata schemata
`;
}

/** Text inside a single-quoted zsh word and an _arguments description. */
function zshText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/[[\]:]/g, (c) => `\\${c}`)
    .replace(/'/g, `'\\''`);
}

function zshAction(takes: CompletedOption['takes'] | CommandSpec['positionals']): string {
  if (takes === 'path' || takes === 'paths') return '_files';
  if (takes === 'directory' || takes === 'directories') return '_files -/';
  if (takes === 'text' || takes === 'nothing' || takes === undefined) return ' ';
  return `(${takes.join(' ')})`;
}

function zsh(all: CompletedCommand[]): string {
  const functions = all.map((command) => {
    const specs = command.options.map((o) => {
      const names = o.short ? `{-${o.short},--${o.name}}` : `--${o.name}`;
      const exclusive = o.short && !o.multiple ? `'(-${o.short} --${o.name})'` : '';
      const repeat = o.multiple ? `'*'` : '';
      const value = o.takes === 'nothing' ? '' : `:${o.name}:${zshAction(o.takes)}`;
      return `    ${exclusive}${repeat}${names}'[${zshText(o.description)}]${value}'`;
    });
    const positional =
      command.positionals === undefined ? [] : [`    '*:argument:${zshAction(command.positionals)}'`];
    return [
      `_schemata_${command.name}() {`,
      '  _arguments -s \\',
      [...specs, ...positional].join(' \\\n'),
      '}',
    ].join('\n');
  });
  const list = all.map((c) => `    '${c.name}:${zshText(c.summary)}'`);
  return `#compdef schemata
# zsh completion for schemata (schemata completion zsh)
${functions.join('\n\n')}

_schemata() {
  local line state
  _arguments -C \\
    '(- *)'{-h,--help}'[print the help]' \\
    '(- *)'{-v,--version}'[print the version]' \\
    '1:command:->command' \\
    '*::argument:->argument'
  case $state in
  command)
    local -a commands
    commands=(
${list.join('\n')}
    )
    _describe -t commands 'schemata command' commands
    ;;
  argument)
    (( $+functions[_schemata_$line[1]] )) && _schemata_$line[1]
    ;;
  esac
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _schemata "$@"
else
  compdef _schemata schemata
fi
`;
}

/** A single-quoted fish word. */
function fishText(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function fish(all: CompletedCommand[]): string {
  const lines = [
    '# fish completion for schemata (schemata completion fish)',
    'complete -c schemata -f',
    `complete -c schemata -n __fish_use_subcommand -s h -l help -d 'print the help'`,
    `complete -c schemata -n __fish_use_subcommand -s v -l version -d 'print the version'`,
  ];
  for (const command of all)
    lines.push(
      `complete -c schemata -n __fish_use_subcommand -a ${command.name} -d ${fishText(command.summary)}`,
    );
  for (const command of all) {
    const when = `-n '__fish_seen_subcommand_from ${command.name}'`;
    for (const o of command.options) {
      const names = `${o.short ? `-s ${o.short} ` : ''}-l ${o.name}`;
      const value =
        o.takes === 'nothing'
          ? ''
          : o.takes === 'path'
            ? ' -r -F'
            : o.takes === 'directory'
              ? ` -r -a '(__fish_complete_directories)'`
              : o.takes === 'text'
                ? ' -x'
                : ` -x -a ${fishText(o.takes.join(' '))}`;
      lines.push(`complete -c schemata ${when} ${names}${value} -d ${fishText(o.description)}`);
    }
    if (command.positionals === 'paths') lines.push(`complete -c schemata ${when} -F`);
    else if (command.positionals === 'directories')
      lines.push(`complete -c schemata ${when} -a '(__fish_complete_directories)'`);
    else if (command.positionals)
      lines.push(`complete -c schemata ${when} -a ${fishText(command.positionals.join(' '))}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderCompletion(shell: Shell, table: CommandTable): string {
  return { bash, zsh, fish }[shell](listCommands(table));
}
