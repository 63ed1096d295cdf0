// The schema a database should have by its history: the migrations the history says are applied (or
// taken as applied by a baseline) replayed in a scratch database and read back. `migrate drift`
// compares the live database with it.
import { EMBEDDED, type ScratchSource } from '../../db/scratch-source.ts';
import type { Progress } from '../../model/progress.ts';
import type { SpellCache } from '../../dialects/postgres/spell/spell-cache.ts';
import type { MigrationsDirectory } from '../migrations-directory.ts';
import { readMigrationsModel, type MigrationsModel } from '../replay-migrations.ts';
import type { MigrationStatus } from './migration-status.ts';

/** What the replay covered: the applied migrations' labels, in order. */
export interface AppliedState extends MigrationsModel {
  replayed: string[];
}

/**
 * Replays the migrations that are applied, taken as applied by the baseline, or applied and edited
 * since (as their files are now: status and verify report the edit). A migration stopped part of the
 * way is left out.
 */
export async function readAppliedState(
  directory: MigrationsDirectory,
  status: MigrationStatus,
  source: ScratchSource = EMBEDDED,
  options: { progress?: Progress | undefined; cache?: SpellCache | undefined } = {},
): Promise<AppliedState> {
  const applied = new Set(
    status.entries
      .filter((e) => e.state === 'applied' || e.state === 'baseline' || e.state === 'edited')
      .map((e) => e.version),
  );
  const migrations = directory.migrations.filter((m) => applied.has(m.version));
  const state = await readMigrationsModel({ ...directory, migrations }, source, options);
  return { ...state, replayed: migrations.map((m) => m.label) };
}
