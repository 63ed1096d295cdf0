// What the commands that lint share: the lint settings from the config file (its mistakes stop the
// command at their line), the target version, and the findings printed beside a plan (diff, migrate
// new) on standard error, or into the --json document.
import type { Model } from '../model/model-schema.ts';
import { DiagnosticError } from '../model/diagnostics.ts';
import { lintConfigProblems, lintSettings } from '../lint/settings.ts';
import type { Finding, LintSettings } from '../lint/rule.ts';
import { RULES } from '../lint/rules/registry.ts';
import { lintSqlSources, type SqlFile } from '../lint/lint-inputs.ts';
import { findingDocument } from '../lint/report/json.ts';
import { renderTextReport, type ReportStyle } from '../lint/report/text.ts';
import { CliError } from './cli-error.ts';
import { painter, SEVERITY_COLORS } from './color.ts';
import type { Output } from './output.ts';
import type { ParsedArgs } from './parsed-args.ts';

/** The name the up plan of diff has in its findings: the SQL diff prints (without --down). */
export const PLAN_FILE = 'plan.up.sql';

/** The newest PostgreSQL release the rules know; the target when nothing says otherwise. */
export const DEFAULT_TARGET_VERSION = 18;

/** The lint settings of the project's config (every rule at its defaults without one). */
export function lintSettingsFor(
  args: ParsedArgs,
  targetVersion: number,
  extra: { rowEstimate?: (table: string) => number | undefined } = {},
): LintSettings {
  const config = args.config;
  const lint = config?.values.lint;
  if (config && lint) {
    const problems = lintConfigProblems(lint, RULES, (path) => config.locate(path, true));
    if (problems.length > 0) throw new CliError('invalid-config', '', undefined, problems);
  }
  return lintSettings({
    targetVersion,
    config: lint,
    ...(config && { baseDir: config.dir }),
    ...(extra.rowEstimate && { rowEstimate: extra.rowEstimate }),
  });
}

/** The first version given: the command line's, the config's, then the fallbacks in order, else 18. */
export function targetVersionFor(args: ParsedArgs, ...fallbacks: (number | undefined)[]): number {
  const given = args.values['target-version'];
  if (typeof given === 'string') {
    const version = Number(given);
    if (!/^\d+$/.test(given.trim()) || version < 10 || version > 19)
      throw new CliError(
        'usage',
        `--target-version takes a PostgreSQL major version from 10 to 19, not "${given}"`,
        'e.g. --target-version 15',
      );
    return version;
  }
  return (
    args.config?.values.lint?.targetVersion ??
    fallbacks.find((version) => version !== undefined) ??
    DEFAULT_TARGET_VERSION
  );
}

/** SQL the parser refuses is the user's to fix: its diagnostics, exit 2. */
export async function asCliError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DiagnosticError) throw new CliError('invalid-sql', '', undefined, error.diagnostics);
    throw error;
  }
}

/** How a report looks on a stream: severities in their colours, fixes dimmed. */
export function reportStyle(out: Output, stream: 'stdout' | 'stderr'): ReportStyle {
  const paint = painter(out, stream);
  return {
    severity: (text, severity) =>
      paint(severity === 'info' ? SEVERITY_COLORS.note : SEVERITY_COLORS[severity], text),
    dim: (text) => paint('dim', text),
  };
}

/**
 * The migration rules over a plan that diff or migrate new produced, printed with it: on standard
 * error under a heading, or as `findings` in the --json document. They never change the exit code.
 */
export async function lintPlan(
  args: ParsedArgs,
  out: Output,
  plan: { file: SqlFile; before?: readonly SqlFile[]; schema?: Model; targetVersion: number | undefined },
): Promise<Finding[]> {
  const settings = lintSettingsFor(args, targetVersionFor(args, plan.targetVersion));
  const findings = await asCliError(() =>
    lintSqlSources(
      {
        files: [plan.file],
        ...(plan.before && { before: plan.before }),
        ...(plan.schema && { schema: plan.schema }),
      },
      settings,
    ),
  );
  if (out.json) {
    out.json.fields.findings = findings.map(findingDocument);
    return findings;
  }
  if (findings.length > 0) {
    out.stderr(`lint of ${plan.file.file} (docs/lint.md):\n`);
    out.stderr(renderTextReport(findings, reportStyle(out, 'stderr')));
  }
  return findings;
}
