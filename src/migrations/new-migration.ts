// Planning the next migration of a directory: the directory is replayed on embedded PostgreSQL, its
// end state compared with the model, and the difference planned as an up and a down file. The files
// are proved before they are returned: replayed after the directory, the up file gives the model and
// the down file gives the directory's end state back.
import { join } from 'node:path';
import type { Database } from '../db/database.ts';
import { EMBEDDED, describeScratch, openScratch, type ScratchSource } from '../db/scratch-source.ts';
import { inStep, type Progress } from '../model/progress.ts';
import { hasErrors, type Diagnostic } from '../model/diagnostics.ts';
import type { Model } from '../model/model-schema.ts';
import { diffModels } from '../diff/diff-models.ts';
import type { Change } from '../diff/changes.ts';
import { consentedChanges, planModelChanges } from '../diff/recorded-drops.ts';
import { inspectDatabase } from '../dialects/postgres/inspect/inspect-database.ts';
import { describe, type Plan, type PlanOptions } from '../dialects/postgres/plan/plan-changes.ts';
import { renderPlanSql } from '../dialects/postgres/plan/apply-plan.ts';
import { describeHazards, type PlannedStatement } from '../dialects/postgres/plan/planned-statement.ts';
import { commentText } from '../dialects/postgres/quote.ts';
import {
  FOLLOWS_NOTHING,
  migrationLabel,
  migrationSlug,
  type MigrationsDirectory,
} from './migrations-directory.ts';
import { replayMigrations, runMigrationSql } from './replay-migrations.ts';

export interface NewMigrationOptions extends Pick<PlanOptions, 'safe' | 'allowDataLoss' | 'lockTimeout'> {
  /** Replay the new files after the directory and compare (default true). */
  verify?: boolean;
  /** Where the directory is replayed and the files proved (default: embedded). */
  source?: ScratchSource;
  /** Told as the directory is replayed and the new files proved. */
  progress?: Progress | undefined;
}

export interface MigrationFileText {
  path: string;
  text: string;
}

export type NewMigrationResult =
  /** The directory already gives the model. */
  | { status: 'unchanged'; diagnostics: Diagnostic[] }
  /** Bad name, unreadable directory, failing replay, refused plan, failed proof: nothing to write. */
  | { status: 'failed'; diagnostics: Diagnostic[] }
  | {
      status: 'planned';
      label: string;
      up: MigrationFileText;
      down: MigrationFileText;
      changes: Change[];
      plan: Plan;
      /** Warnings of the directory and the plan. */
      diagnostics: Diagnostic[];
    };

export async function planNewMigration(
  directory: MigrationsDirectory,
  model: Model,
  name: string,
  options: NewMigrationOptions = {},
): Promise<NewMigrationResult> {
  const slug = migrationSlug(name);
  if (slug === '') {
    return failed({
      code: 'migration-name',
      severity: 'error',
      message: `the migration name "${name}" has no letters or digits to name a file after`,
      hint: 'name the migration after what it does, e.g. "add order notes"',
    });
  }
  if (hasErrors(directory.diagnostics)) return { status: 'failed', diagnostics: directory.diagnostics };
  const { progress } = options;
  const source = options.source ?? EMBEDDED;
  const scratch = await inStep(progress, `starting ${describeScratch(source)}`, () => openScratch(source));
  const db = scratch.db;
  const createRole = (role: string) => scratch.createRole(role);
  try {
    const replay = await replayMigrations(db, directory, createRole, progress);
    if (replay.diagnostics.length > 0) {
      return { status: 'failed', diagnostics: [...directory.diagnostics, ...replay.diagnostics] };
    }
    const from = (await inspectDatabase(db, { progress })).model;
    const changes = diffModels(from, model);
    if (changes.length === 0) return { status: 'unchanged', diagnostics: directory.diagnostics };
    const plan = planModelChanges(changes, model, options);
    const diagnostics = [...directory.diagnostics, ...plan.diagnostics];
    if (hasErrors(plan.diagnostics)) return { status: 'failed', diagnostics };

    const last = directory.migrations[directory.migrations.length - 1];
    const label = migrationLabel((last?.version ?? 0) + 1, directory.width, slug);
    const consented = consentedChanges(changes, model).map(describe);
    const up = {
      path: join(directory.dir, `${label}.up.sql`),
      text: renderMigrationFile(label, 'up', plan.up, [
        `-- follows: ${commentText(last?.label ?? FOLLOWS_NOTHING)}`,
        ...listed('changes', changes.map(describe)),
        ...listed('data loss recorded in project.drops', consented),
      ]),
    };
    const down = {
      path: join(directory.dir, `${label}.down.sql`),
      text: renderMigrationFile(label, 'down', plan.down, [`-- reverts: ${commentText(label)}.up.sql`]),
    };
    if (options.verify !== false) {
      const failure = await inStep(progress, 'proving the new migration (up, then down)', () =>
        proveFiles(db, { from, to: model, up, down }, createRole, progress),
      );
      if (failure !== undefined) return failed(failure);
    }
    return { status: 'planned', label, up, down, changes, plan, diagnostics };
  } finally {
    await scratch.close();
  }
}

function failed(diagnostic: Diagnostic): NewMigrationResult {
  return { status: 'failed', diagnostics: [diagnostic] };
}

export function listed(title: string, items: readonly string[]): string[] {
  return items.length === 0 ? [] : [`-- ${title}:`, ...items.map((item) => `--   ${commentText(item)}`)];
}

/** The header (name, direction, what it changes, every hazard) and the plan as a SQL script. */
export function renderMigrationFile(
  label: string,
  direction: 'up' | 'down',
  statements: readonly PlannedStatement[],
  header: readonly string[],
): string {
  // One line per change, each hazard once: a change of several statements (add NOT VALID, then
  // VALIDATE) takes its locks in each of them.
  const byChange = new Map<string, Set<string>>();
  for (const s of statements) {
    const found = describeHazards(s.hazards);
    if (found.length === 0) continue;
    const parts = byChange.get(s.change) ?? new Set<string>();
    for (const part of found) parts.add(part);
    byChange.set(s.change, parts);
  }
  const isLock = (part: string) => part.includes(' lock on ');
  const hazards = [...byChange].map(
    ([change, parts]) =>
      `${change}: ${[...[...parts].filter(isLock), ...[...parts].filter((p) => !isLock(p))].join('; ')}`,
  );
  return [
    `-- schemata migration ${commentText(label)} (${direction})`,
    ...header,
    ...(hazards.length > 0 ? listed('hazards', hazards) : ['-- hazards: none']),
    '',
    renderPlanSql(statements),
  ].join('\n');
}

/** Runs the new files after the replayed directory; returns what went wrong, if anything. */
async function proveFiles(
  db: Database,
  files: { from: Model; to: Model; up: MigrationFileText; down: MigrationFileText },
  createRole: (name: string) => Promise<void>,
  progress: Progress | undefined,
): Promise<Diagnostic | undefined> {
  for (const [step, file, target] of [
    ['up', files.up, files.to],
    ['down', files.down, files.from],
  ] as const) {
    const failure = (await runMigrationSql(db, file.text, file.path, createRole))[0];
    if (failure !== undefined) {
      return {
        ...failure,
        code: 'verify-failed',
        message: `the planned ${step} file fails: ${failure.message}`,
        hint: 'report this with the model and the migrations; use --no-verify to write the files anyway',
      };
    }
    const remaining = diffModels((await inspectDatabase(db, { progress })).model, target);
    if (remaining.length > 0) {
      return {
        code: 'verify-failed',
        severity: 'error',
        message: `after the planned ${step} file the schema still differs: ${remaining.map(describe).join('; ')}`,
        object: file.path,
        hint: 'report this with the model and the migrations; use --no-verify to write the files anyway',
      };
    }
  }
  return undefined;
}
