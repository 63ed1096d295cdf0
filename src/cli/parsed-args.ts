import type { ProjectConfig } from './config/config-schema.ts';

/** Arguments after parsing: positionals, option values by long name, and the project's config. */
export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  /** schemata.config.yaml, found from the current directory, when there is one. */
  config?: ProjectConfig;
}
