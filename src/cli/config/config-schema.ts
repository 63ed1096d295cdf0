// The format of schemata.config.yaml, the project's configuration: where the model and the migrations
// are, the development database, the cache, the named environments (each a database, by URL or by
// the environment variable holding it) and per-command defaults. The per-command part is checked
// against the command table (command-defaults.ts); here it is only a mapping of mappings, so the
// commands can read the configuration without depending on the table.
import * as z from 'zod';
import type { SourceLocation } from '../../model/diagnostics.ts';
import type { ModelPath } from '../../model/model-path.ts';
import { LintConfigSchema } from '../../lint/config.ts';

/** The names the config file may have, looked for in this order. */
export const CONFIG_FILE_NAMES = ['schemata.config.yaml', 'schemata.config.yml', 'schemata.config.json'];

export const EnvironmentSchema = z
  .strictObject({
    url: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'The database URL (postgres://user@host/db), without a password.' }),
    urlEnv: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'The name of the environment variable that holds the database URL.' }),
    description: z.string().optional().meta({ description: 'What this environment is, for people.' }),
  })
  .meta({ description: 'A database the commands reach with --env NAME: exactly one of url and urlEnv.' });

export const OptionValueSchema = z.union([z.string(), z.boolean(), z.array(z.string())]);

export const ConfigFileSchema = z.strictObject({
  $schema: z.string().optional().meta({ description: 'The JSON Schema of this file, for editors.' }),
  model: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'The model file or directory, relative to this file. Default: model.' }),
  migrations: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'The migrations directory, relative to this file. Default: migrations.' }),
  devDb: z.string().min(1).optional().meta({
    description:
      'A PostgreSQL server (postgres:// URL, without a password) on which schemata creates and drops scratch databases to spell models and prove plans. Default: embedded PostgreSQL.',
  }),
  cacheDir: z.string().min(1).optional().meta({
    description:
      'Where spellings are cached, relative to this file. Default: $SCHEMATA_CACHE_DIR, else ~/.cache/schemata ($SCHEMATA_CACHE_DIR wins over this entry).',
  }),
  environments: z
    .record(z.string(), EnvironmentSchema)
    .optional()
    .meta({ description: 'Named databases, chosen with --env NAME.' }),
  lint: LintConfigSchema.optional(),
  commands: z.record(z.string(), z.record(z.string(), OptionValueSchema)).optional().meta({
    description:
      'Defaults per command, by long option name without dashes, applied where the option is not given.',
  }),
});

export type ConfigFile = z.infer<typeof ConfigFileSchema>;
export type Environment = z.infer<typeof EnvironmentSchema>;

/** A configuration file that was found and is valid. */
export interface ProjectConfig {
  /** The file's path. */
  file: string;
  /** Its directory: relative paths in it resolve against this. */
  dir: string;
  values: ConfigFile;
  /** The file position of a key path, for diagnostics about an entry: its value, or with `atKey` its key. */
  locate(path: ModelPath, atKey?: boolean): SourceLocation;
}
