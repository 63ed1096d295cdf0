// Testing a migrations directory (`migrate test`): on a fresh scratch database, every migration in
// turn is applied, reverted and applied again by the runner itself (so transactions, files that run
// outside one and the history are as in production), and the schema is read after each step: the down
// file must give back the schema before the up file, and the up file must run again after it and give
// the same schema as the first time. The first failure stops the test.
import { describeScratch, EMBEDDED, openScratch, type ScratchSource } from '../db/scratch-source.ts';
import { diffModels } from '../diff/diff-models.ts';
import type { Change } from '../diff/changes.ts';
import { describe } from '../dialects/postgres/plan/plan-changes.ts';
import type { Diagnostic } from '../model/diagnostics.ts';
import type { Model } from '../model/model-schema.ts';
import { counted, inStep, type Progress, type ProgressStep } from '../model/progress.ts';
import type { Migration, MigrationsDirectory } from './migrations-directory.ts';
import { inspectLiveDatabase } from './runner/inspect-live-database.ts';
import { migrateDown, migrateUp, type RunResult, type RunnerSettings } from './runner/run-migrations.ts';
import type { Database } from '../db/database.ts';

/** How one migration fared: each step `ok`, or how it failed; `skipped` after an earlier failure. */
export interface MigrationTest {
  version: number;
  label: string;
  up: 'ok' | 'failed';
  /** `missing`: it has no down file, so only its up file was tested. */
  down: 'ok' | 'failed' | 'differs' | 'missing' | 'skipped';
  /** The up file again, after the down file. */
  reapply: 'ok' | 'failed' | 'differs' | 'skipped';
}

export interface MigrationsTestResult {
  tested: MigrationTest[];
  /** The first failure (an error), and warnings (a migration without a down file). */
  diagnostics: Diagnostic[];
  /** The label of the first migration that failed. */
  failed?: string;
  /** The schema the directory ends in, when every migration passed. */
  endState?: Model;
}

export interface MigrationsTestOptions {
  /** Where to test (default: embedded). */
  source?: ScratchSource;
  progress?: Progress | undefined;
}

const HISTORY_SCHEMA = 'schemata';

export async function testMigrations(
  directory: MigrationsDirectory,
  options: MigrationsTestOptions = {},
): Promise<MigrationsTestResult> {
  const source = options.source ?? EMBEDDED;
  const { progress } = options;
  const scratch = await inStep(progress, `starting ${describeScratch(source)}`, () => openScratch(source));
  try {
    return await inStep(progress, `testing ${counted(directory.migrations.length, 'migration')}`, (step) =>
      testEach(scratch.db, directory, step),
    );
  } finally {
    await scratch.close();
  }
}

async function testEach(
  db: Database,
  directory: MigrationsDirectory,
  step: ProgressStep,
): Promise<MigrationsTestResult> {
  const settings: RunnerSettings = { historySchema: HISTORY_SCHEMA, lockWaitMs: 0, lockTimeoutMs: 5000 };
  const read = async () => (await inspectLiveDatabase(db, HISTORY_SCHEMA)).model;
  const tested: MigrationTest[] = [];
  const diagnostics: Diagnostic[] = [];
  let before = await read();
  for (const [index, migration] of directory.migrations.entries()) {
    const test: MigrationTest = {
      version: migration.version,
      label: migration.label,
      up: 'ok',
      down: 'skipped',
      reapply: 'skipped',
    };
    tested.push(test);
    const stop = (diagnostic: Diagnostic): MigrationsTestResult => ({
      tested,
      diagnostics: [...diagnostics, diagnostic],
      failed: migration.label,
    });
    const up = await migrateUp(db, directory, settings, { to: migration.version });
    if (up.outcome !== 'ok') {
      test.up = 'failed';
      return stop(
        failure(up, migration, 'up', 'its up file fails on the schema the migrations before it leave'),
      );
    }
    const after = await read();
    if (migration.down === undefined) {
      test.down = 'missing';
      diagnostics.push({
        code: 'migration-missing-down',
        severity: 'warning',
        message: `${migration.label} has no down file: only its up file was tested`,
        object: migration.up,
        hint: 'write the down file that undoes it',
      });
    } else {
      const down = await migrateDown(db, directory, settings, { steps: 1 });
      if (down.outcome !== 'ok') {
        test.down = 'failed';
        return stop(failure(down, migration, 'down', 'its down file fails right after its up file'));
      }
      const reverted = diffModels(before, await read());
      if (reverted.length > 0) {
        test.down = 'differs';
        return stop({
          code: 'migration-test-down-differs',
          severity: 'error',
          message: `${migration.label}: its down file does not give back the schema before its up file: ${describeDifference(reverted)}`,
          object: migration.down,
          hint: 'the down file must undo exactly what the up file does (schemata diff shows the statements)',
        });
      }
      test.down = 'ok';
      const again = await migrateUp(db, directory, settings, { to: migration.version });
      if (again.outcome !== 'ok') {
        test.reapply = 'failed';
        return stop(
          failure(
            again,
            migration,
            'up',
            'its up file fails when run again after its down file (the down file leaves something behind)',
          ),
        );
      }
      const reapplied = diffModels(after, await read());
      if (reapplied.length > 0) {
        test.reapply = 'differs';
        return stop({
          code: 'migration-test-reapply-differs',
          severity: 'error',
          message: `${migration.label}: run again after its down file, its up file gives another schema than the first time: ${describeDifference(reapplied)}`,
          object: migration.up,
          hint: 'the down file leaves something behind that the up file builds on',
        });
      }
      test.reapply = 'ok';
    }
    before = after;
    step.advance(index + 1, directory.migrations.length, 'migrations');
  }
  return { tested, diagnostics, endState: before };
}

/** The runner's failure, named as a test failure of `migration` (the location is the statement's). */
function failure(
  result: RunResult,
  migration: Migration,
  direction: 'up' | 'down',
  what: string,
): Diagnostic {
  const first = result.diagnostics[0];
  const file = direction === 'up' ? migration.up : (migration.down ?? migration.up);
  return {
    code: 'migration-test-failed',
    severity: 'error',
    message: `${migration.label}: ${what}: ${first?.message ?? result.outcome}`,
    ...(first?.location ? { location: first.location } : { object: file }),
    ...(first?.hint !== undefined && { hint: first.hint }),
  };
}

/** From the schema expected to the one found: `public.t is left behind; public.u is missing; ...`. */
export function describeDifference(changes: readonly Change[]): string {
  return changes
    .map((c) =>
      c.action === 'create'
        ? `${describe(c).replace(/^create /, '')} is left behind`
        : c.action === 'drop'
          ? `${describe(c).replace(/^drop /, '')} is missing`
          : `${describe(c).replace(/^alter /, '')} differs`,
    )
    .join('; ');
}
