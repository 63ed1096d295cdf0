// All rules by code: model, migration, and the engine's own (about inline suppressions).
import type { Rule } from '../rule.ts';
import { MODEL_RULES } from './design/index.ts';
import { MIGRATION_RULES } from './migration/index.ts';
import { ENGINE_RULES } from './engine/index.ts';

export const RULES: readonly Rule[] = [...MODEL_RULES, ...MIGRATION_RULES, ...ENGINE_RULES].sort((a, b) =>
  a.code < b.code ? -1 : a.code > b.code ? 1 : 0,
);

const BY_CODE = new Map(RULES.map((rule) => [rule.code, rule]));

export function ruleByCode(code: string): Rule | undefined {
  return BY_CODE.get(code);
}
