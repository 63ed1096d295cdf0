// Runs the model rules over a model (design review): patterns expanded first, so the columns, indexes
// and tables they make are checked like written ones; each finding placed at the nearest written
// position, with the severity the settings give where it is, and the findings in a stable order.
import type { Locate, ModelPath } from '../../model/model-path.ts';
import type { Model } from '../../model/model-schema.ts';
import type { SourceLocation } from '../../model/diagnostics.ts';
import { expandPatterns } from '../../model/patterns/expand-patterns.ts';
import { loadSqlParser } from '../../dialects/postgres/types.ts';
import type {
  Finding,
  FindingPlace,
  LintSettings,
  ModelLintContext,
  ModelRule,
  ResolvedRule,
  RuleOptionValue,
} from '../rule.ts';
import { MODEL_RULES } from '../rules/design/index.ts';

export interface ModelLintInput {
  /** The model as read (patterns not yet expanded). */
  model: Model;
  /** File positions of model paths, when the model came from files. */
  locate?: Locate;
}

export interface ModelLintOptions {
  /** The rules to run; every model rule by default (tests run one). */
  rules?: readonly ModelRule[];
}

/**
 * The findings of the model rules, sorted by file, line, column, code and message. Async because the
 * rules read types, expressions and query patterns with the SQL parser, which loads once.
 */
export async function lintModel(
  input: ModelLintInput,
  settings: LintSettings,
  options: ModelLintOptions = {},
): Promise<Finding[]> {
  await loadSqlParser();
  const model = expandPatterns(input.model);
  const locate = nearestLocation(input.locate);
  const places = placesOf(model, locate);
  const findings: Finding[] = [];
  for (const rule of options.rules ?? MODEL_RULES) {
    const global = settings.resolve(rule, {});
    // A rule off everywhere is not run; one on in some schema or file runs, and its findings elsewhere go.
    if (!global.enabled && !places.some((place) => settings.resolve(rule, place).enabled)) continue;
    const resolvedAt = new Map<string, ResolvedRule>();
    // The same finding reported twice (two identical foreign keys, say) is shown once.
    const reported = new Set<string>();
    const context: ModelLintContext = {
      model,
      targetVersion: settings.targetVersion,
      option: (name: string): RuleOptionValue => {
        const value = global.options[name] ?? rule.options?.[name]?.default;
        if (value === undefined) throw new Error(`rule ${rule.code} has no option ${name}`);
        return value;
      },
      report: (report) => {
        const identity = `${report.path.join('\u0000')}\u0001${report.message}`;
        if (reported.has(identity)) return;
        reported.add(identity);
        const location = locate(report.path);
        const schema = report.path[0] === 'schemas' ? report.path[1] : undefined;
        const place: FindingPlace = {
          ...(typeof schema === 'string' ? { schema } : {}),
          ...(location ? { file: location.file } : {}),
        };
        const key = `${place.schema ?? ''}\u0000${place.file ?? ''}`;
        let resolved = resolvedAt.get(key);
        if (resolved === undefined) {
          resolved = settings.resolve(rule, place);
          resolvedAt.set(key, resolved);
        }
        if (!resolved.enabled) return;
        findings.push({
          code: rule.code,
          severity: resolved.severity,
          category: rule.category,
          message: report.message,
          ...(report.object !== undefined ? { object: report.object } : {}),
          fix: report.fix ?? rule.fix,
          ...(location ? { location } : {}),
          path: report.path,
        });
      },
    };
    rule.check(context);
  }
  return findings.sort(compareFindings);
}

/** The schemas of the model, and the files its schemas and tables are written in. */
function placesOf(model: Model, locate: (path: ModelPath) => SourceLocation | undefined): FindingPlace[] {
  const places: FindingPlace[] = [];
  const files = new Set<string>();
  for (const [schemaName, schema] of Object.entries(model.schemas ?? {})) {
    places.push({ schema: schemaName });
    for (const path of [
      ['schemas', schemaName],
      ...Object.keys(schema.tables ?? {}).map((table) => ['schemas', schemaName, 'tables', table]),
    ]) {
      const file = locate(path)?.file;
      if (file === undefined || files.has(`${schemaName}\u0000${file}`)) continue;
      files.add(`${schemaName}\u0000${file}`);
      places.push({ schema: schemaName, file });
    }
  }
  return places;
}

/**
 * A locate that walks up a path until it finds a written position: objects that patterns made have
 * no position of their own, the table (or list) that asked for them has.
 */
function nearestLocation(locate: Locate | undefined): (path: ModelPath) => SourceLocation | undefined {
  if (locate === undefined) return () => undefined;
  return (path) => {
    for (let length = path.length; length >= 0; length--) {
      const location = locate(path.slice(0, length));
      if (location) return location;
    }
    return undefined;
  };
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.location?.file ?? '', b.location?.file ?? '') ||
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
    compareText(a.code, b.code) ||
    compareText(a.message, b.message) ||
    compareText(a.object ?? '', b.object ?? '')
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
