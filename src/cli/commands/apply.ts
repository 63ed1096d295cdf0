// schemata apply [MODEL]: the declarative path. Reads the live database, checks that it is where its
// history says (apply-drift.ts: refused when it drifted, unless --allow-drift), plans to the model as
// `diff DB MODEL` does (spelling, proof, consent to data loss), prints the plan with its hazards, asks
// on a terminal, then applies it as `migrate up` applies a migration (runner lock, one transaction
// unless a statement cannot run in one, lock_timeout with retries) and records it in the history.
// Exit 0 applied or nothing to do, 1 failed or busy, 2 usage or input error (refused data loss, no
// confirmation).
import { createInterface } from 'node:readline/promises';
import { diffModels } from '../../diff/diff-models.ts';
import { formatKey } from '../../diff/changes.ts';
import { planModelChanges } from '../../diff/recorded-drops.ts';
import { renderPlanSql } from '../../dialects/postgres/plan/apply-plan.ts';
import { loadSqlParser } from '../../dialects/postgres/types.ts';
import { inspectLiveDatabase } from '../../migrations/runner/inspect-live-database.ts';
import { applySchemaPlan, historyOf } from '../../migrations/runner/run-migrations.ts';
import { recordSchemaDigests } from '../../migrations/runner/history-table.ts';
import { checksumOf } from '../../migrations/runner/migration-script.ts';
import { hasErrors } from '../../model/diagnostics.ts';
import { CliError, EXIT } from '../cli-error.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import { loadModelWithLocate, resolveModelPath } from '../model-io.ts';
import type { Output } from '../output.ts';
import { noteTargetVersion, spellingFor, spellSide } from '../spelling.ts';
import { printDiagnostics } from '../print.ts';
import { provePlan } from './diff.ts';
import { redactUrl } from './inspect.ts';
import { connect, databaseUrl, readSettings } from './migrate-runner.ts';
import { checkApplyDrift, driftDiagnostic, schemaDigests } from './apply-drift.ts';

export async function runApply(args: ParsedArgs, out: Output): Promise<number> {
  const [modelArgument, extra] = args.positionals;
  if (extra !== undefined)
    throw new CliError('usage', `unexpected argument "${extra}"`, 'apply takes at most one MODEL');
  const dryRun = Boolean(args.values['dry-run']);
  const settings = readSettings(args, out);
  const url = databaseUrl(args, 'apply');
  const modelPath = await resolveModelPath(modelArgument, args.config);
  await loadSqlParser();
  const spelling = await spellingFor(args);
  const target = await loadModelWithLocate(modelPath, out);
  noteTargetVersion(out, target.model, spelling);
  const db = await connect(url, 'schemata apply');
  try {
    const live = await inspectLiveDatabase(db, settings.historySchema, out.progress);
    // Before anything else: is the database where its history says?
    const drift = await checkApplyDrift(db, live.model, settings, args, out);
    if (drift.note) out.stderr(`note: ${drift.note}\n`);
    if (out.json && drift.against !== 'nothing')
      out.json.fields.applyDrift = { against: drift.against, objects: drift.objects };
    if (drift.objects.length > 0) {
      const allowed = Boolean(args.values['allow-drift']);
      if (drift.report && !out.json) out.stderr(drift.report.text);
      printDiagnostics(out, [driftDiagnostic(drift, allowed)]);
      if (!allowed) return EXIT.findings;
    }
    // The model first: its spelling is cached, and a database built from it reads back the same.
    const to = await spellSide(target.model, spelling, target.locate, out.progress);
    const from = await spellSide(live.model, spelling, undefined, out.progress);
    const changes = diffModels(from, to);
    const plan = planModelChanges(changes, to, {
      safe: Boolean(args.values.safe),
      allowDataLoss: Boolean(args.values['allow-data-loss']),
    });
    if (hasErrors(plan.diagnostics)) throw new CliError('plan-refused', '', undefined, plan.diagnostics);
    printDiagnostics(out, plan.diagnostics);
    if (out.json) Object.assign(out.json.fields, { changes, up: plan.up });
    if (changes.length === 0) {
      if (!out.json) out.stdout('no changes: the database matches the model\n');
      return EXIT.ok;
    }
    await provePlan(from, to, plan, spelling, out, 'report this with the model and the database schema');
    const sql = renderPlanSql(plan.up);
    const checksum = checksumOf(sql);
    if (!out.json) out.stdout(sql);
    out.stderr(
      `${changes.length} change(s) to ${[...new Set(changes.map((c) => formatKey(c.key)))].length} object(s) of ${redactUrl(url)}, ${plan.up.length} statement(s); plan sha256 ${checksum}\n`,
    );
    if (dryRun) {
      if (out.json) out.json.fields.apply = { checksum, applied: false };
      out.stderr('dry run: nothing was applied\n');
      return EXIT.ok;
    }
    if (!args.values.yes) await confirm(url);
    const result = await applySchemaPlan(db, sql, settings, {
      description: `apply ${modelPath}`,
      // Nothing may have changed the database between reading it and applying.
      stillCurrent: async () =>
        JSON.stringify((await inspectLiveDatabase(db, settings.historySchema)).model) ===
        JSON.stringify(live.model),
      // What it left, for the drift check of the next apply.
      afterApplied: async () =>
        recordSchemaDigests(
          db,
          historyOf(settings),
          schemaDigests((await inspectLiveDatabase(db, settings.historySchema)).model),
        ),
    });
    if (out.json && result.plan) out.json.fields.apply = { ...result.plan, applied: result.outcome === 'ok' };
    if (out.json && result.lockHolder) out.json.fields.lockHolder = result.lockHolder;
    printDiagnostics(out, result.diagnostics);
    if (result.outcome === 'invalid') return EXIT.usage;
    if (result.outcome !== 'ok') return EXIT.findings;
    out.stderr(
      `applied ${plan.up.length} statement(s)${result.plan?.transactional === false ? ` outside a transaction (${result.plan.outsideTransactionBecause})` : ' in one transaction'} in ${result.plan?.executionTimeMs ?? 0} ms; recorded in ${settings.historySchema}.migration_history\n`,
    );
    return EXIT.ok;
  } finally {
    await db.close().catch(() => undefined);
  }
}

/** Asks on the terminal; refuses where nobody can answer. */
async function confirm(url: string): Promise<void> {
  if (process.stdin.isTTY !== true || process.stderr.isTTY !== true)
    throw new CliError(
      'confirmation-needed',
      'apply changes the database only when confirmed, and there is no terminal to ask on',
      'read the plan, then run again with --yes (or use --dry-run to only print it)',
    );
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`apply this plan to ${redactUrl(url)}? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim()))
      throw new CliError('not-confirmed', 'not applied: the plan was not confirmed', 'answer y to apply it');
  } finally {
    prompt.close();
  }
}
