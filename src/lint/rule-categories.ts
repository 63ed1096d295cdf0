// The categories of rules as a list, for the config's category switches and the rules' index page.
import type { RuleCategory } from './rule.ts';

export type { RuleCategory };

export const RULE_CATEGORIES = [
  'design',
  'naming',
  'documentation',
  'performance',
  'security',
  'migration',
] as const satisfies readonly RuleCategory[];

// A category added to rule.ts without being listed here is a compile error.
type Unlisted = Exclude<RuleCategory, (typeof RULE_CATEGORIES)[number]>;
export const EVERY_CATEGORY_LISTED: Unlisted extends never ? true : never = true;
