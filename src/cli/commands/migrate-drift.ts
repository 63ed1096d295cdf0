// schemata migrate drift, and migrate up --check-drift: whether a database is where its history says.
// The applied migrations are replayed on a scratch database and compared with the live database, both
// spelled as diff spells them; with a model (--model, or the config's "model"), the live database is
// also compared with the model. Exit 0 no drift, 1 drift, 2 usage or input error.
import type { Database } from '../../db/database.ts';
import type { Change } from '../../diff/changes.ts';
import { formatKey } from '../../diff/changes.ts';
import { diffModels } from '../../diff/diff-models.ts';
import { loadSqlParser } from '../../dialects/postgres/types.ts';
import type { MigrationsDirectory } from '../../migrations/migrations-directory.ts';
import { readAppliedState } from '../../migrations/runner/applied-state.ts';
import { inspectLiveDatabase } from '../../migrations/runner/inspect-live-database.ts';
import {
  declareRenames,
  readPendingRenames,
  type PendingRename,
} from '../../migrations/runner/pending-renames.ts';
import { readDatabaseStatus, type RunnerSettings } from '../../migrations/runner/run-migrations.ts';
import type { Model } from '../../model/model-schema.ts';
import { CliError, EXIT } from '../cli-error.ts';
import { painter } from '../color.ts';
import { loadModelWithLocate, resolveModelPath } from '../model-io.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import type { Output } from '../output.ts';
import { describeChange, printDiagnostics } from '../print.ts';
import { spellingFor, spellSide } from '../spelling.ts';

export interface DriftReport {
  /** The migrations replayed: those the history says are applied. */
  replayed: string[];
  /** Renames the pending migrations make: a difference they explain is named as that rename. */
  pendingRenames: PendingRename[];
  /** From the replayed state to the live database: what was changed outside the migrations. */
  migrations: Change[];
  /** From the live database to the model, when there is one. */
  model?: { path: string; changes: Change[] };
}

export const hasDrift = (report: DriftReport) =>
  report.migrations.length > 0 || (report.model?.changes.length ?? 0) > 0;

export async function readDrift(
  db: Database,
  directory: MigrationsDirectory,
  settings: RunnerSettings,
  args: ParsedArgs,
  out: Output,
  options: { withModel: boolean },
): Promise<DriftReport> {
  await loadSqlParser();
  const spelling = await spellingFor(args);
  const modelPath =
    options.withModel && (args.values.model !== undefined || args.config?.values.model !== undefined)
      ? await resolveModelPath(args.values.model as string | undefined, args.config)
      : undefined;
  // The model first: its spelling is cached, and a database built from it reads back the same.
  let model: Model | undefined;
  if (modelPath !== undefined) {
    const loaded = await loadModelWithLocate(modelPath, out);
    model = await spellSide(loaded.model, spelling, loaded.locate, out.progress);
  }
  const status = await readDatabaseStatus(db, directory, settings.historySchema);
  const applied = await readAppliedState(directory, status, spelling.source, {
    progress: out.progress,
    cache: spelling.cache,
  });
  if (applied.diagnostics.length > 0) throw new CliError('replay-failed', '', undefined, applied.diagnostics);
  const expected =
    spelling.source.kind === 'embedded'
      ? applied.model
      : await spellSide(applied.model, spelling, undefined, out.progress);
  const inspected = await inspectLiveDatabase(db, settings.historySchema, out.progress);
  const live = await spellSide(inspected.model, spelling, undefined, out.progress);
  // A rename a pending migration makes is a rename on either side, not a drop and a create.
  const pendingRenames = await readPendingRenames(directory, status);
  return {
    replayed: applied.replayed,
    pendingRenames,
    migrations: diffModels(expected, declareRenames(live, pendingRenames)),
    ...(model !== undefined &&
      modelPath !== undefined && {
        model: { path: modelPath, changes: diffModels(live, declareRenames(model, pendingRenames)) },
      }),
  };
}

/** The report as text: each drifted object by name, then its changes. */
export function renderDrift(report: DriftReport, out: Output): string {
  const paint = painter(out, 'stdout');
  const pendingIn = (change: Change) =>
    change.action === 'rename'
      ? report.pendingRenames.find(
          (r) => r.to === change.key.name && (r.kind === 'schema' || r.schema === change.key.schema),
        )?.migration
      : undefined;
  const section = (title: string, changes: readonly Change[]) => {
    const objects = [...new Set(changes.map((c) => formatKey(c.key)))];
    return [
      `${title}: ${objects.length} object(s) differ: ${objects.join(', ')}`,
      ...changes.map((c) => {
        const pending = pendingIn(c);
        return `  ${describeChange(c, paint)}${pending ? ` (what the pending ${pending} does)` : ''}`;
      }),
    ].join('\n');
  };
  const applied =
    report.replayed.length === 0
      ? 'no migrations applied'
      : `${report.replayed.length} applied migration(s), up to ${report.replayed.at(-1)}`;
  const parts = [
    report.migrations.length === 0
      ? `the database is as its ${applied} leave it`
      : section(
          `drift from the migrations (${applied}); changes made outside them, from the replayed state to the database`,
          report.migrations,
        ),
  ];
  if (report.model)
    parts.push(
      report.model.changes.length === 0
        ? `the database matches the model ${report.model.path}`
        : section(
            `the database differs from the model ${report.model.path}; the changes that would bring it there`,
            report.model.changes,
          ),
    );
  return `${parts.join('\n')}\n`;
}

export async function runDrift(
  db: Database,
  directory: MigrationsDirectory,
  settings: RunnerSettings,
  args: ParsedArgs,
  out: Output,
): Promise<number> {
  const report = await readDrift(db, directory, settings, args, out, { withModel: true });
  if (out.json) Object.assign(out.json.fields, { drift: driftDocument(report) });
  else out.stdout(renderDrift(report, out));
  return hasDrift(report) ? EXIT.findings : EXIT.ok;
}

export function driftDocument(report: DriftReport) {
  return {
    replayed: report.replayed,
    ...(report.pendingRenames.length > 0 && { pendingRenames: report.pendingRenames }),
    migrations: report.migrations,
    ...(report.model && { model: report.model }),
  };
}

/** migrate up --check-drift: the report and a refusal when the database is not where its history says. */
export function refuseDrift(report: DriftReport, out: Output): void {
  if (out.json) Object.assign(out.json.fields, { drift: driftDocument(report) });
  else out.stderr(renderDrift(report, out));
  printDiagnostics(out, [
    {
      code: 'drift',
      severity: 'error',
      message: `the database is not where its migration history says (${report.migrations.length} change(s) made outside the migrations); nothing was applied`,
      hint: 'bring those changes into a migration or undo them, then run again; schemata migrate drift shows them',
    },
  ]);
}
