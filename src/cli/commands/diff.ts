// schemata diff FROM TO: the changes between two schemas as SQL (up, or down with --down), JSON or a
// summary, verified on embedded PostgreSQL unless --no-verify; or, with --suggest-renames, the likely
// renames to declare. Exit 0 equal, 1 different, 2 error.
import type { Model } from '../../model/model-schema.ts';
import { hasErrors } from '../../model/diagnostics.ts';
import { diffModels } from '../../diff/diff-models.ts';
import { formatKey } from '../../diff/changes.ts';
import { loadSqlParser } from '../../dialects/postgres/types.ts';
import { describe } from '../../dialects/postgres/plan/plan-changes.ts';
import { planModelChanges } from '../../diff/recorded-drops.ts';
import { suggestRenames } from '../../diff/suggest-renames.ts';
import type { Locate } from '../../model/model-path.ts';
import { renderPlanSql } from '../../dialects/postgres/plan/apply-plan.ts';
import { describeHazards } from '../../dialects/postgres/plan/planned-statement.ts';
import { verifyPlan } from '../../dialects/postgres/plan/verify-plan.ts';
import { CliError, EXIT } from '../cli-error.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import { resolveModelPath } from '../model-io.ts';
import { readSource as readSide, type SourceModel } from '../read-source.ts';
import { environmentUrl } from '../config/environment-url.ts';
import type { Output } from '../output.ts';
import { noteTargetVersion, spellingFor, spellSide, type Spelling } from '../spelling.ts';
import { describeChange, printDiagnostics, printRenameSuggestions } from '../print.ts';
import { painter } from '../color.ts';
import { lintPlan, PLAN_FILE } from '../lint-findings.ts';

/**
 * FROM and TO: the two arguments; or, with --env NAME, that environment's database and the one
 * argument, else the model of the config file.
 */
async function diffSides(args: ParsedArgs): Promise<[string, string]> {
  const [first, second, extra] = args.positionals;
  const environment = args.values.env as string | undefined;
  if (environment !== undefined) {
    if (second !== undefined)
      throw new CliError(
        'usage',
        `with --env, diff takes at most one argument (TO); "${second}" is one too many`,
        `the environment's database is FROM: schemata diff --env ${environment} [TO]`,
      );
    return [
      environmentUrl(args.config, environment),
      first ?? (await resolveModelPath(undefined, args.config)),
    ];
  }
  if (first === undefined || second === undefined) {
    throw new CliError(
      'usage',
      'diff needs two schemas',
      'schemata diff FROM TO, or schemata diff --env NAME [TO] [--format sql|json|summary]',
    );
  }
  if (extra !== undefined)
    throw new CliError('usage', `unexpected argument "${extra}"`, 'diff takes FROM and TO');
  return [first, second];
}

type Side = SourceModel;

/**
 * A side in PostgreSQL's spelling (spell/spell-model.ts). What the embedded database read already
 * (SQL files, migrations directories) is its spelling when the embedded database spells.
 */
async function spelled(side: Side, spelling: Spelling, out: Output): Promise<Model> {
  if (side.embedded && spelling.source.kind === 'embedded') return side.model;
  return spellSide(side.model, spelling, side.locate, out.progress);
}

export async function runDiff(args: ParsedArgs, out: Output): Promise<number> {
  const [fromArgument, toArgument] = await diffSides(args);
  const format = (args.values.format as string | undefined) ?? (out.json ? 'json' : 'sql');
  if (!['sql', 'json', 'summary'].includes(format)) {
    throw new CliError('usage', `unknown format "${format}"`, 'use sql, json or summary');
  }
  if (out.json && format !== 'json')
    throw new CliError('usage', `--json and --format ${format} disagree`, 'give one of them');
  await loadSqlParser();
  const spelling = await spellingFor(args);
  const source = await readSide(fromArgument, out);
  const target = await readSide(toArgument, out);
  noteTargetVersion(out, target.model, spelling);
  // A model file first: what PostgreSQL spells for it is remembered in the cache, and a database
  // built from that model usually reads back in that very spelling (spell/spell-model.ts).
  const sourceFirst = source.locate !== undefined || target.locate === undefined;
  const first = await spelled(sourceFirst ? source : target, spelling, out);
  const second = await spelled(sourceFirst ? target : source, spelling, out);
  const [from, to] = sourceFirst ? [first, second] : [second, first];
  return diffSpelled(args, out, { from, to, locate: target.locate, spelling, format });
}

async function diffSpelled(
  args: ParsedArgs,
  out: Output,
  sides: {
    from: Model;
    to: Model;
    locate: Locate | undefined;
    spelling: Spelling;
    format: string;
  },
): Promise<number> {
  const { from, to, format } = sides;
  const changes = diffModels(from, to);
  if (args.values['suggest-renames']) {
    const suggestions = suggestRenames(changes, to);
    printRenameSuggestions(out, suggestions, sides.locate);
    return suggestions.length === 0 ? EXIT.ok : EXIT.findings;
  }
  const plan = planModelChanges(changes, to, {
    safe: Boolean(args.values.safe),
    allowDataLoss: Boolean(args.values['allow-data-loss']),
  });
  if (hasErrors(plan.diagnostics)) throw new CliError('plan-refused', '', undefined, plan.diagnostics);
  printDiagnostics(out, plan.diagnostics);

  if (changes.length > 0 && !args.values['no-verify']) await provePlan(from, to, plan, sides.spelling, out);

  if (out.json) {
    // --format json is --json: the plan in the one document (main.ts prints it).
    Object.assign(out.json.fields, { changes, up: plan.up, down: plan.down });
  } else if (format === 'summary') {
    const paint = painter(out, 'stdout');
    out.stdout(
      renderSummary(
        changes.map((change) => describeChange(change, paint)),
        plan.up.map((s) => describeHazards(s.hazards)),
      ),
    );
  } else {
    out.stdout(renderPlanSql(args.values.down ? plan.down : plan.up));
  }
  // The migration rules over the up plan, printed with it; the exit code stays the diff's.
  if (changes.length > 0)
    await lintPlan(args, out, {
      file: { file: PLAN_FILE, text: renderPlanSql(plan.up) },
      schema: from,
      targetVersion: to.project?.postgres,
    });
  if (changes.length > 0)
    out.stderr(
      `${changes.length} change(s): ${[...new Set(changes.map((c) => formatKey(c.key)))].length} object(s)\n`,
    );
  return changes.length === 0 ? EXIT.ok : EXIT.findings;
}

function renderSummary(changes: string[], hazards: string[][]): string {
  if (changes.length === 0) return 'no changes\n';
  const flagged = hazards.flat();
  const count = (text: string) => flagged.filter((h) => h.includes(text)).length;
  const lines = changes.map((c) => `  ${c}`);
  lines.push(
    '',
    `${hazards.length} statement(s): ${count('ACCESS EXCLUSIVE')} take ACCESS EXCLUSIVE locks, ${count('rewrites')} rewrite a table, ${count('DATA LOSS')} lose data, ${count('cannot run in a transaction')} cannot run in a transaction, ${count('breaks running code')} may break running code`,
  );
  return `${changes.length} change(s):\n${lines.join('\n')}\n`;
}

/** Proves the plan on a scratch database (both directions); a failed proof stops the command. */
export async function provePlan(
  from: Model,
  to: Model,
  plan: Parameters<typeof verifyPlan>[2],
  spelling: Spelling,
  out: Output,
  hint = 'report this with both schemas; use --no-verify to print the plan anyway',
): Promise<void> {
  const result = await verifyPlan(from, to, plan, { source: spelling.source, progress: out.progress });
  if (result.ok) return;
  const detail =
    'message' in result
      ? `the source could not be built: ${result.message}`
      : 'failure' in result
        ? `statement ${result.failure.index + 1} of the ${result.step} plan failed (${result.failure.statement.change}): ${result.failure.error.message}\n  ${result.failure.statement.sql.split('\n').join('\n  ')}`
        : `after the ${result.step} plan the schema still differs: ${result.remaining.map(describe).join('; ')}`;
  throw new CliError('verify-failed', detail, hint);
}
