import type { ProjectConfig } from './config/config-schema.ts';

/** Arguments after parsing: positionals, option values by long name, and the project's config. */
export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  /** The options given on the command line (not filled in from the config). */
  given?: ReadonlySet<string>;
  /** schemata.config.yaml, found from the current directory, when there is one. */
  config?: ProjectConfig;
}
