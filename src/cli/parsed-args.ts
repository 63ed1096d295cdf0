/** Arguments after parsing: positionals and option values by long name. */
export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}
