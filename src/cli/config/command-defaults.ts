// Per-command defaults in schemata.config.yaml (`commands: { diff: { format: summary } }`): their
// format, made from the command table so that it knows every command's options and their values, and
// how they fill in what the command line left out.
import { resolve } from 'node:path';
import * as z from 'zod';
import { COMMANDS, type CommandSpec, type OptionSpec } from '../command-table.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import { isPathOption } from '../path-options.ts';
import { ConfigFileSchema, type ProjectConfig } from './config-schema.ts';

/**
 * Options that are not defaults: `--env` names the database a command reaches, so it is given each
 * time, and a command never reaches a database nobody named on its command line.
 */
const NOT_DEFAULTS = new Set(['env']);

function optionValueSchema(option: OptionSpec): z.ZodType {
  const one =
    option.type === 'boolean'
      ? z.boolean()
      : option.choices
        ? z.enum(option.choices as [string, ...string[]])
        : z.string().min(1);
  return (option.multiple ? z.union([one, z.array(one)]) : one)
    .optional()
    .meta({ description: option.description });
}

/** The `commands` entry: one mapping per command that has options, holding only its options. */
export function commandDefaultsSchema(commands: Record<string, CommandSpec> = COMMANDS) {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(commands)) {
    const options: Record<string, z.ZodType> = {};
    for (const [option, settings] of Object.entries(spec.options)) {
      if (!NOT_DEFAULTS.has(option)) options[option] = optionValueSchema(settings);
    }
    if (Object.keys(options).length > 0)
      shape[name] = z
        .strictObject(options)
        .optional()
        .meta({ description: `Defaults for schemata ${name}.` });
  }
  return z.strictObject(shape).optional().meta({
    description:
      'Defaults per command, by long option name without dashes, applied where the option is not given on the command line.',
  });
}

/** The whole configuration file with its per-command part checked against the commands. */
export const CheckedConfigFileSchema = ConfigFileSchema.extend({ commands: commandDefaultsSchema() });

/** The command's defaults from the config, for the options the command line did not give. */
export function applyCommandDefaults(
  name: string,
  spec: CommandSpec,
  values: ParsedArgs['values'],
  config: ProjectConfig | undefined,
): ParsedArgs['values'] {
  const defaults = config?.values.commands?.[name];
  if (config === undefined || defaults === undefined) return values;
  const merged = { ...values };
  for (const [option, value] of Object.entries(defaults)) {
    const settings = spec.options[option];
    if (settings === undefined || merged[option] !== undefined) continue;
    const inDir = (text: string) => (isPathOption(settings) ? resolve(config.dir, text) : text);
    if (typeof value === 'boolean') merged[option] = value;
    else if (settings.multiple) merged[option] = (Array.isArray(value) ? value : [value]).map(inDir);
    else if (typeof value === 'string') merged[option] = inDir(value);
  }
  return merged;
}
