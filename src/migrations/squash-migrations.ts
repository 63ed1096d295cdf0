// Squashing a migrations directory: the migrations up to a version are replaced by one migration that
// builds their end state directly. The end state is read by replaying them; the squashed files are
// planned from an empty database to it, as `migrate new` plans, and proved by replay before anything
// is written: the squashed up file must give the same schema as the originals, its down file must give
// the empty database back, and the migrations after the squash must still end where they ended.
// The squashed migration takes the version of the last migration it replaces and names the versions
// it replaces in its header (`-- squashes: 0001-0005`), so the runner reads a database that applied
// them as having applied it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../db/database.ts';
import {
  EMBEDDED,
  describeScratch,
  openScratch,
  type Scratch,
  type ScratchSource,
} from '../db/scratch-source.ts';
import { diffModels } from '../diff/diff-models.ts';
import { planModelChanges } from '../diff/recorded-drops.ts';
import { inspectDatabase } from '../dialects/postgres/inspect/inspect-database.ts';
import { describe } from '../dialects/postgres/plan/plan-changes.ts';
import { commentText } from '../dialects/postgres/quote.ts';
import { hasErrors, type Diagnostic } from '../model/diagnostics.ts';
import type { Model } from '../model/model-schema.ts';
import { counted, inStep, type Progress } from '../model/progress.ts';
import { splitSqlStatements } from '../readers/import-sql.ts';
import {
  FOLLOWS_NOTHING,
  formatVersionRanges,
  migrationLabel,
  type Migration,
  type MigrationsDirectory,
} from './migrations-directory.ts';
import { listed, renderMigrationFile, type MigrationFileText } from './new-migration.ts';
import { replayMigrations, runMigrationSql } from './replay-migrations.ts';
import { parseNode } from './runner/migration-script.ts';

export interface SquashOptions {
  /** Where the migrations are replayed and the squashed files proved (default: embedded). */
  source?: ScratchSource;
  progress?: Progress | undefined;
}

export type SquashResult =
  | { status: 'failed'; diagnostics: Diagnostic[] }
  | {
      status: 'squashed';
      label: string;
      up: MigrationFileText;
      down: MigrationFileText;
      /** The migrations the squashed one replaces, in order. */
      replaced: Migration[];
      /** The versions its header names: those of the replaced migrations. */
      replaces: number[];
      /** Objects the squashed migration creates. */
      objects: number;
      diagnostics: Diagnostic[];
    };

/** Statements whose effect is data, which a schema cannot carry: a squash would lose it. */
const DATA_STATEMENTS: Record<string, string> = {
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
  CopyStmt: 'COPY',
  TruncateStmt: 'TRUNCATE',
};
/** Statements that may change data or do anything else: reported as warnings. */
const OPAQUE_STATEMENTS: Record<string, string> = {
  DoStmt: 'DO block',
  CallStmt: 'CALL',
};

export const SQUASHED_SLUG = 'squashed';

/** Plans and proves the squash of every migration up to `to`; writes nothing. */
export async function planSquash(
  directory: MigrationsDirectory,
  to: number,
  options: SquashOptions = {},
): Promise<SquashResult> {
  if (hasErrors(directory.diagnostics)) return { status: 'failed', diagnostics: directory.diagnostics };
  const last = directory.migrations.find((m) => m.version === to);
  if (last === undefined)
    return failed({
      code: 'squash-version',
      severity: 'error',
      message: `there is no migration ${to} in ${directory.dir}`,
      hint: 'squash --to takes the version of a migration of the directory: the last one to replace',
    });
  const replaced = directory.migrations.filter((m) => m.version <= to);
  const rest = directory.migrations.filter((m) => m.version > to);
  if (replaced.length < 2)
    return failed({
      code: 'squash-nothing',
      severity: 'error',
      message: `${last.label} is the first migration${last.replaces ? ' and squashes the ones before it already' : ''}: there is nothing to squash into it`,
      hint: 'squash --to a later version',
    });
  const statements = await checkStatements(replaced);
  if (hasErrors(statements)) return { status: 'failed', diagnostics: statements };

  const source = options.source ?? EMBEDDED;
  const { progress } = options;
  const label = migrationLabel(to, directory.width, SQUASHED_SLUG);
  // The versions of the files it replaces (an earlier squashed migration among them stands for what it
  // replaced: a database that applied that one has its version in the history).
  const replaces = replaced.map((m) => m.version);
  // The originals: their end state at `to`, then at the end of the directory.
  const original = await withScratch(source, progress, async (scratch) => {
    const upTo = await replayMigrations(
      scratch.db,
      { ...directory, migrations: replaced },
      role(scratch),
      progress,
    );
    if (upTo.diagnostics.length > 0) return { diagnostics: upTo.diagnostics };
    const squashed = await inspectDatabase(scratch.db, { progress });
    if (squashed.unsupported.length > 0)
      return {
        diagnostics: [
          {
            code: 'squash-unsupported',
            severity: 'error' as const,
            message: `the migrations up to ${last.label} create ${counted(squashed.unsupported.length, 'object')} that schemata cannot read back, so a squashed migration would leave ${squashed.unsupported.length === 1 ? 'it' : 'them'} out: ${squashed.unsupported.map((u) => `${u.kind} ${u.name}`).join(', ')}`,
            hint: 'squash to a version before the migration that creates them',
          },
        ],
      };
    const end = await replayMigrations(
      scratch.db,
      { ...directory, migrations: rest },
      role(scratch),
      progress,
    );
    if (end.diagnostics.length > 0) return { diagnostics: end.diagnostics };
    const final =
      rest.length === 0 ? squashed.model : (await inspectDatabase(scratch.db, { progress })).model;
    return { diagnostics: [], atTo: squashed.model, final };
  });
  if (original.atTo === undefined || original.final === undefined)
    return { status: 'failed', diagnostics: original.diagnostics };
  const atTo = original.atTo;
  const final = original.final;

  return withScratch(source, progress, async (scratch): Promise<SquashResult> => {
    const db = scratch.db;
    const empty = (await inspectDatabase(db, { progress })).model;
    const changes = diffModels(empty, atTo);
    // The down file drops everything the squashed migration made: that is what it undoes.
    const plan = planModelChanges(changes, atTo, { allowDataLoss: true });
    if (hasErrors(plan.diagnostics)) return { status: 'failed', diagnostics: plan.diagnostics };
    const up = {
      path: join(directory.dir, `${label}.up.sql`),
      text: renderMigrationFile(label, 'up', plan.up, [
        `-- squashes: ${formatVersionRanges(replaces, directory.width)}`,
        `-- follows: ${FOLLOWS_NOTHING}`,
        ...listed(
          'squashed migrations',
          replaced.map((m) => m.label),
        ),
        ...listed('changes', changes.map(describe)),
      ]),
    };
    const down = {
      path: join(directory.dir, `${label}.down.sql`),
      text: renderMigrationFile(label, 'down', plan.down, [`-- reverts: ${commentText(label)}.up.sql`]),
    };
    const failure = await inStep(progress, 'proving the squashed migration', () =>
      prove(scratch, { up, down, empty, atTo, final, rest: { ...directory, migrations: rest } }, progress),
    );
    if (failure !== undefined) return failed(failure);
    return {
      status: 'squashed',
      label,
      up,
      down,
      replaced,
      replaces,
      objects: changes.length,
      diagnostics: [...directory.diagnostics.filter((d) => d.severity !== 'error'), ...statements],
    };
  });
}

function failed(diagnostic: Diagnostic): SquashResult {
  return { status: 'failed', diagnostics: [diagnostic] };
}

const role = (scratch: Scratch) => (name: string) => scratch.createRole(name);

async function withScratch<T>(
  source: ScratchSource,
  progress: Progress | undefined,
  work: (scratch: Scratch) => Promise<T>,
): Promise<T> {
  const scratch = await inStep(progress, `starting ${describeScratch(source)}`, () => openScratch(source));
  try {
    return await work(scratch);
  } finally {
    await scratch.close();
  }
}

/** Data statements in the files to squash: errors (the squash would lose the data); opaque ones: warnings. */
async function checkStatements(migrations: readonly Migration[]): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  for (const migration of migrations) {
    const split = await splitSqlStatements(await readFile(migration.up, 'utf8'), migration.up);
    if (split.diagnostics.length > 0) {
      diagnostics.push(...split.diagnostics);
      continue;
    }
    for (const statement of split.statements) {
      const { type } = parseNode(statement);
      const data = DATA_STATEMENTS[type];
      const opaque = OPAQUE_STATEMENTS[type];
      if (data !== undefined)
        diagnostics.push({
          code: 'squash-data-statement',
          severity: 'error',
          message: `${migration.label} changes data (${data}); a squashed migration holds the schema only, so the data would be lost on the databases that apply it`,
          location: statement.location,
          hint: 'squash to a version before this migration, or move the data into a migration after the squash',
        });
      else if (opaque !== undefined)
        diagnostics.push({
          code: 'squash-opaque-statement',
          severity: 'warning',
          message: `${migration.label} runs a ${opaque}; the squashed migration keeps only the schema it leaves, not any data it changes`,
          location: statement.location,
        });
    }
  }
  return diagnostics;
}

/**
 * On a fresh scratch database: the squashed up file gives the originals' state, its down file the
 * empty database, and after it (up again) the later migrations end where they ended after the originals.
 */
async function prove(
  scratch: Scratch,
  files: {
    up: MigrationFileText;
    down: MigrationFileText;
    empty: Model;
    atTo: Model;
    final: Model;
    rest: MigrationsDirectory;
  },
  progress: Progress | undefined,
): Promise<Diagnostic | undefined> {
  const db: Database = scratch.db;
  const steps: [string, MigrationFileText, Model][] = [
    ['up', files.up, files.atTo],
    ['down', files.down, files.empty],
    ['up', files.up, files.atTo],
  ];
  for (const [step, file, target] of steps) {
    const failure = (await runMigrationSql(db, file.text, file.path, role(scratch)))[0];
    if (failure !== undefined)
      return {
        ...failure,
        code: 'squash-proof-failed',
        message: `the squashed ${step} file fails: ${failure.message}; nothing was written`,
        hint: 'report this with the migrations directory',
      };
    const differs = diffModels((await inspectDatabase(db, { progress })).model, target);
    if (differs.length > 0)
      return {
        code: 'squash-proof-failed',
        severity: 'error',
        message: `the squashed ${step} file does not give ${step === 'up' ? 'the schema the migrations it replaces give' : 'the empty database back'}: ${differs.map(describe).join('; ')}; nothing was written`,
        object: file.path,
        hint: 'report this with the migrations directory',
      };
  }
  if (files.rest.migrations.length === 0) return undefined;
  const rest = await replayMigrations(db, files.rest, role(scratch), progress);
  if (rest.diagnostics[0] !== undefined)
    return {
      ...rest.diagnostics[0],
      code: 'squash-proof-failed',
      message: `after the squashed migration, ${rest.diagnostics[0].message}; nothing was written`,
    };
  const differs = diffModels((await inspectDatabase(db, { progress })).model, files.final);
  if (differs.length > 0)
    return {
      code: 'squash-proof-failed',
      severity: 'error',
      message: `after the squashed migration, the later migrations end elsewhere than after the originals: ${differs.map(describe).join('; ')}; nothing was written`,
      hint: 'report this with the migrations directory',
    };
  return undefined;
}
