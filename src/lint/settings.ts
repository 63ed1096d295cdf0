// The config's `lint` section as LintSettings: for each rule, and each place a finding can be (a file,
// a schema), whether the rule runs there, at what severity and with which options. Layers apply in
// order, each over the one before: the rule's own defaults, the section's `optIn`, `categories` and
// `rules`, then each override that matches the place, in the order written.
import { relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { Diagnostic, SourceLocation } from '../model/diagnostics.ts';
import type { ModelPath } from '../model/model-path.ts';
import { closestName } from '../model/closest-name.ts';
import type { FindingPlace, LintSettings, ResolvedRule, Rule, RuleOptionValue } from './rule.ts';
import type { LintConfig, LintOverride, RuleLevel, RuleSetting } from './config.ts';

export interface LintSettingsOptions {
  /** The PostgreSQL major version the input targets. */
  targetVersion: number;
  /** The `lint` section of the config file. */
  config?: LintConfig | undefined;
  /** The directory the globs of `overrides[].files` are relative to: the config file's. */
  baseDir?: string;
  /** The directory finding files are relative to (default: the current directory). */
  cwd?: string;
  rowEstimate?: (table: string) => number | undefined;
  /** Codes of opt-in rules to turn on whatever the config says (the conformance run). */
  enable?: readonly string[];
}

interface Layer {
  optIn?: boolean | undefined;
  categories?: LintConfig['categories'];
  rules?: LintConfig['rules'];
}

interface State {
  enabled: boolean;
  severity: ResolvedRule['severity'];
  options: Record<string, RuleOptionValue>;
}

function applyLevel(state: State, level: RuleLevel): void {
  if (level === 'off') state.enabled = false;
  else {
    state.enabled = true;
    if (level !== 'on') state.severity = level;
  }
}

function applyLayer(state: State, rule: Rule, layer: Layer): void {
  if (layer.optIn !== undefined && rule.optIn === true) state.enabled = layer.optIn;
  const category = layer.categories?.[rule.category];
  if (category !== undefined) applyLevel(state, category);
  const setting: RuleSetting | undefined =
    layer.rules && Object.hasOwn(layer.rules, rule.code) ? layer.rules[rule.code] : undefined;
  if (setting === undefined) return;
  if (typeof setting === 'string') {
    applyLevel(state, setting);
    return;
  }
  if (setting.severity !== undefined) applyLevel(state, setting.severity);
  if (setting.options) Object.assign(state.options, setting.options);
}

function defaults(rule: Rule): State {
  return {
    enabled: rule.optIn !== true,
    severity: rule.severity,
    options: Object.fromEntries(Object.entries(rule.options ?? {}).map(([name, o]) => [name, o.default])),
  };
}

/** Whether an override applies at a place: every condition it has (files, schemas) holds. */
function overrideMatcher(
  override: LintOverride,
  baseDir: string,
  cwd: string,
): (place: FindingPlace) => boolean {
  const globs = override.files === undefined ? undefined : [override.files].flat();
  const matches = globs && picomatch(globs, { dot: true });
  return (place) => {
    if (matches) {
      if (place.file === undefined) return false;
      const path = relative(baseDir, resolve(cwd, place.file)).split(sep).join('/');
      if (!matches(path)) return false;
    }
    if (override.schemas && (place.schema === undefined || !override.schemas.includes(place.schema)))
      return false;
    return true;
  };
}

/** LintSettings from the config (every rule at its defaults without one). */
export function lintSettings(options: LintSettingsOptions): LintSettings {
  const config = options.config ?? {};
  const cwd = options.cwd ?? process.cwd();
  const baseDir = options.baseDir ?? cwd;
  const enable = new Set(options.enable ?? []);
  const overrides = (config.overrides ?? []).map((override) => ({
    layer: override,
    applies: overrideMatcher(override, baseDir, cwd),
  }));
  const base = new Map<string, State>();
  const baseState = (rule: Rule): State => {
    let state = base.get(rule.code);
    if (state === undefined) {
      state = defaults(rule);
      applyLayer(state, rule, config);
      if (enable.has(rule.code)) state.enabled = true;
      base.set(rule.code, state);
    }
    return state;
  };
  const placed = new Map<string, ResolvedRule>();
  return {
    targetVersion: options.targetVersion,
    ...(options.rowEstimate && { rowEstimate: options.rowEstimate }),
    resolve(rule, place) {
      const state = baseState(rule);
      if (overrides.length === 0) return state;
      const key = `${rule.code}\u0000${place.file ?? ''}\u0000${place.schema ?? ''}`;
      let resolved = placed.get(key);
      if (resolved === undefined) {
        const here: State = { ...state, options: { ...state.options } };
        for (const override of overrides) if (override.applies(place)) applyLayer(here, rule, override.layer);
        resolved = here;
        placed.set(key, resolved);
      }
      return resolved;
    },
  };
}

/** Where a finding is, for the per-path and per-schema settings: its file, and its schema when known. */
export function placeOf(finding: {
  location?: SourceLocation;
  path?: ModelPath;
  object?: string;
}): FindingPlace {
  const schema =
    finding.path?.[0] === 'schemas' && typeof finding.path[1] === 'string' ? finding.path[1] : undefined;
  return {
    ...(finding.location && { file: finding.location.file }),
    ...(schema !== undefined && { schema }),
  };
}

type LocateKey = (path: ModelPath) => SourceLocation | undefined;

/**
 * Mistakes in the `lint` section that its format cannot see: a rule code that no rule has, an option
 * the rule does not take, an option value of another type than the option's default.
 */
export function lintConfigProblems(
  config: LintConfig | undefined,
  rules: readonly Rule[],
  locate: LocateKey,
  at: ModelPath = ['lint'],
): Diagnostic[] {
  if (config === undefined) return [];
  const problems: Diagnostic[] = [];
  const byCode = new Map(rules.map((rule) => [rule.code, rule]));
  const codes = [...byCode.keys()];
  const checkRules = (settings: LintConfig['rules'], path: ModelPath) => {
    for (const [code, setting] of Object.entries(settings ?? {})) {
      const rule = byCode.get(code);
      const location = locate([...path, code]);
      if (rule === undefined) {
        const close = closestName(code, codes);
        problems.push({
          code: 'unknown-rule',
          severity: 'error',
          message: `no lint rule is called "${code}"`,
          ...(location && { location }),
          hint: close ? `did you mean "${close}"?` : 'the rules are listed in docs/rules/README.md',
        });
        continue;
      }
      if (typeof setting === 'string' || setting.options === undefined) continue;
      for (const [name, value] of Object.entries(setting.options)) {
        const option = rule.options && Object.hasOwn(rule.options, name) ? rule.options[name] : undefined;
        const where = locate([...path, code, 'options', name]);
        if (option === undefined) {
          const known = Object.keys(rule.options ?? {});
          const close = closestName(name, known);
          problems.push({
            code: 'unknown-rule-option',
            severity: 'error',
            message: `rule ${code} has no option "${name}"`,
            ...(where && { location: where }),
            hint: close
              ? `did you mean "${close}"?`
              : known.length > 0
                ? `its options: ${known.join(', ')}`
                : 'it takes no options',
          });
        } else if (valueKind(value) !== valueKind(option.default)) {
          problems.push({
            code: 'invalid-rule-option',
            severity: 'error',
            message: `option ${name} of rule ${code} takes ${describeKind(valueKind(option.default))}, not ${describeKind(valueKind(value))}`,
            ...(where && { location: where }),
            hint: `its default is ${JSON.stringify(option.default)}`,
          });
        }
      }
    }
  };
  checkRules(config.rules, [...at, 'rules']);
  (config.overrides ?? []).forEach((override, index) =>
    checkRules(override.rules, [...at, 'overrides', index, 'rules']),
  );
  return problems;
}

function valueKind(value: RuleOptionValue): string {
  return Array.isArray(value) ? 'list' : typeof value;
}

function describeKind(kind: string): string {
  return kind === 'list' ? 'a list of strings' : `a ${kind}`;
}
