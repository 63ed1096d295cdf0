// Where a database stands against a migrations directory: each migration applied, pending or taken
// as applied by a baseline, and anything odd, from the history rows folded in order and the checksums
// of the files.
import { basename, join } from 'node:path';
import type { Diagnostic } from '../../model/diagnostics.ts';
import {
  formatVersionRanges,
  migrationLabel,
  type Migration,
  type MigrationsDirectory,
} from '../migrations-directory.ts';
import type { HistoryRow } from './history-table.ts';
import { readFileChecksum } from './migration-script.ts';

export type MigrationState =
  | 'applied'
  | 'pending'
  /** At or below the baseline version: taken as applied, never run by the runner. */
  | 'baseline'
  /** A file run outside a transaction that stopped part of the way (up or down). */
  | 'partial'
  /** Applied, and its up file changed since. */
  | 'edited'
  /** Applied, and its file is not in the directory (or the history is ahead of it). */
  | 'missing'
  /** Not applied, with a later version applied already. */
  | 'out-of-order'
  /** A squashed migration of which the database applied some of the replaced migrations, not all. */
  | 'partly-applied';

export interface MigrationStatusEntry {
  version: number;
  label: string;
  state: MigrationState;
  /** How it got applied: by the runner (migration) or by declaring a baseline. */
  appliedBy?: { kind: 'migration' | 'baseline'; at: string; user: string; executionTimeMs: number | null };
  /**
   * A squashed migration: the versions it replaced. With `replacedApplied`, the database applied
   * those migrations (before the squash), which counts as having applied this one.
   */
  replaces?: number[];
  replacedApplied?: boolean;
  /** With `replacedApplied`: the versions of the history it stands for, its own excepted. */
  replacedHistory?: number[];
  /** The checksum the history holds (after any repair), and the file's own. */
  checksum?: string;
  fileChecksum?: string;
  /** A partial run: which way, and how many statements of the file are done. */
  progress?: {
    direction: 'up' | 'down';
    done: number;
    total: number;
    historyId: number;
    checksum: string | null;
  };
  /** Whether the migration has a down file. */
  down: boolean;
}

/** What the history says about one version, after folding its rows. */
interface VersionHistory {
  version: number;
  description: string;
  applied: boolean;
  appliedBy?: MigrationStatusEntry['appliedBy'];
  checksum: string | null;
  progress?: MigrationStatusEntry['progress'];
}

export interface MigrationStatus {
  entries: MigrationStatusEntry[];
  /** The baseline version, when one was set. */
  baseline?: number;
  /** Everything odd, as errors; empty when the database and the directory agree. */
  findings: StatusFinding[];
}

/** Something odd about one version. */
export interface StatusFinding extends Diagnostic {
  version: number;
}

function foldHistory(rows: readonly HistoryRow[]): {
  versions: Map<number, VersionHistory>;
  baseline?: number;
} {
  const versions = new Map<number, VersionHistory>();
  let baseline: number | undefined;
  for (const row of rows) {
    // A plan applied to a model belongs to no migration.
    if (row.kind === 'apply') continue;
    const entry: VersionHistory = versions.get(row.version) ?? {
      version: row.version,
      description: row.description,
      applied: false,
      checksum: null,
    };
    versions.set(row.version, entry);
    const by = { at: row.appliedAt, user: row.appliedBy, executionTimeMs: row.executionTimeMs };
    const progress = {
      done: row.statementsDone ?? 0,
      total: row.statementsTotal ?? 0,
      historyId: row.id,
      checksum: row.checksum,
    };
    switch (row.kind) {
      case 'migration':
        entry.description = row.description;
        if (row.finished) {
          entry.applied = true;
          entry.appliedBy = { kind: 'migration', ...by };
          entry.checksum = row.checksum;
          delete entry.progress;
        } else entry.progress = { direction: 'up', ...progress };
        break;
      case 'revert':
        if (row.finished) {
          entry.applied = false;
          entry.checksum = null;
          delete entry.appliedBy;
          delete entry.progress;
        } else entry.progress = { direction: 'down', ...progress };
        break;
      case 'baseline':
        baseline = row.version;
        entry.description = row.description;
        entry.applied = true;
        entry.appliedBy = { kind: 'baseline', ...by };
        entry.checksum = row.checksum;
        break;
      case 'repair':
        entry.checksum = row.checksum;
        break;
      default:
        throw new Error(`unknown history kind ${String(row.kind satisfies never)}`);
    }
  }
  return { versions, ...(baseline !== undefined && { baseline }) };
}

export async function readMigrationStatus(
  directory: MigrationsDirectory,
  rows: readonly HistoryRow[],
): Promise<MigrationStatus> {
  const { versions, baseline } = foldHistory(rows);
  const files = new Map(directory.migrations.map((m) => [m.version, m]));
  // A squashed migration stands for every migration up to its version (a squash starts at the first
  // one; an earlier squash it replaced stood for those before it): their history rows are read as its.
  const squashedUpTo = Math.max(0, ...directory.migrations.filter((m) => m.replaces).map((m) => m.version));
  const allVersions = [...new Set([...files.keys(), ...versions.keys()])]
    .filter((v) => files.has(v) || v > squashedUpTo)
    .sort((a, b) => a - b);
  const highestFile = Math.max(0, ...files.keys());
  const highestApplied = Math.max(
    baseline ?? 0,
    ...[...versions.values()].filter((v) => v.applied || v.progress).map((v) => v.version),
  );
  const entries: MigrationStatusEntry[] = [];
  const findings: StatusFinding[] = [];
  for (const version of allVersions) {
    const find = (finding: Diagnostic) => findings.push({ ...finding, version });
    const file = files.get(version);
    const history = versions.get(version);
    const label = file?.label ?? migrationLabel(version, directory.width, history?.description ?? '');
    const fileChecksum = file ? await readFileChecksum(file.up) : undefined;
    const entry: MigrationStatusEntry = {
      version,
      label,
      state: 'pending',
      down: file?.down !== undefined,
      ...(fileChecksum !== undefined && { fileChecksum }),
      ...(history?.appliedBy && { appliedBy: history.appliedBy }),
      ...(history?.checksum && { checksum: history.checksum }),
      ...(history?.progress && { progress: history.progress }),
      ...(file?.replaces && { replaces: file.replaces }),
    };
    entries.push(entry);
    const upFile = file?.up ?? join(directory.dir, `${label}.up.sql`);
    if (file?.replaces && !history?.progress) {
      const squash = readSquashed(file, versions, baseline);
      if (squash.state === 'replaced-applied') {
        entry.state = squash.by?.kind === 'baseline' ? 'baseline' : 'applied';
        entry.replacedApplied = true;
        entry.replacedHistory = [...versions.values()]
          .filter((v) => v.applied && v.version < version)
          .map((v) => v.version);
        delete entry.checksum;
        if (squash.by) entry.appliedBy = squash.by;
        continue;
      }
      if (squash.state === 'partly-applied') {
        entry.state = 'partly-applied';
        delete entry.appliedBy;
        find({
          code: 'squash-partly-applied',
          severity: 'error',
          message: `${label} squashes ${formatVersionRanges(file.replaces, directory.width)}, and the database is part of the way there: it has ${formatVersionRanges(squash.applied, directory.width)} applied`,
          object: upFile,
          hint: `bring it to ${label} with the migrations as they were before the squash (check out that commit and run schemata migrate up --to ${version}), then run again`,
        });
        continue;
      }
    }
    if (history?.progress) {
      entry.state = 'partial';
      const { direction, done, total } = history.progress;
      find({
        code: 'migration-partial',
        severity: 'error',
        message: `${label} stopped part of the way ${direction === 'up' ? 'up' : 'down'}: ${done} of ${total} statements ran`,
        object: upFile,
        hint: `fix what made it stop, then run schemata migrate ${direction} to resume after statement ${done}`,
      });
      if (file && history.progress.checksum !== null) {
        const current = direction === 'up' ? fileChecksum : file.down && (await readFileChecksum(file.down));
        if (current !== history.progress.checksum)
          find(
            editedFinding(
              label,
              direction === 'up' ? upFile : (file.down ?? `${label}.down.sql`),
              history.progress.checksum,
              current ?? '(no file)',
            ),
          );
      }
      continue;
    }
    if (history?.applied) {
      entry.state = history.appliedBy?.kind === 'baseline' ? 'baseline' : 'applied';
      if (!file) {
        entry.state = 'missing';
        find(
          version > highestFile
            ? {
                code: 'history-ahead',
                severity: 'error',
                message: `${label} is applied to the database but is not in ${directory.dir}, whose last migration is ${highestFile === 0 ? 'none' : (files.get(highestFile)?.label ?? highestFile)}`,
                object: upFile,
                hint: 'the database was migrated from a newer checkout: update this one (git pull) before running migrations',
              }
            : {
                code: 'migration-file-missing',
                severity: 'error',
                message: `${label} is applied to the database but its file is missing from ${directory.dir}`,
                object: upFile,
                hint: 'restore the file from version control; applied migrations stay in the directory',
              },
        );
      } else if (history.appliedBy?.kind === 'migration' && history.checksum !== fileChecksum) {
        entry.state = 'edited';
        find(editedFinding(label, upFile, history.checksum ?? '(none)', fileChecksum ?? ''));
      }
      continue;
    }
    if (baseline !== undefined && version <= baseline) {
      entry.state = 'baseline';
      continue;
    }
    if (version < highestApplied) {
      entry.state = 'out-of-order';
      find({
        code: 'pending-out-of-order',
        severity: 'error',
        message: `${label} is not applied, but a later migration is`,
        object: upFile,
        hint: 'it was merged in after later migrations ran: give it the next free version (rename both of its files)',
      });
    }
  }
  return { entries, findings, ...(baseline !== undefined && { baseline }) };
}

/**
 * How a database stands against a squashed migration: it applied the squashed file itself (as any
 * migration: `own`), every migration the squash replaced (`replaced-applied`, taken as applied), some
 * of the migrations before it only (`partly-applied`), or nothing before it (`own`: pending).
 */
function readSquashed(
  file: Migration,
  versions: ReadonlyMap<number, VersionHistory>,
  baseline: number | undefined,
):
  | { state: 'own' }
  | { state: 'replaced-applied'; by: MigrationStatusEntry['appliedBy'] }
  | { state: 'partly-applied'; applied: number[] } {
  const replaced = file.replaces ?? [];
  const covered = (v: number) => baseline !== undefined && v <= baseline;
  // Anything of the history before the squashed version: the database got there by other files.
  const before = [...versions.values()]
    .filter((v) => v.version < file.version && (v.applied || v.progress !== undefined))
    .map((v) => v.version);
  if (before.length === 0 && !covered(file.version - 1)) return { state: 'own' };
  const complete = replaced.every(
    (v) => (versions.get(v)?.applied === true || covered(v)) && versions.get(v)?.progress === undefined,
  );
  if (!complete)
    return {
      state: 'partly-applied',
      applied: [...new Set([...before, ...replaced.filter((v) => versions.get(v)?.applied || covered(v))])],
    };
  const last = [...replaced].reverse().find((v) => versions.get(v)?.appliedBy !== undefined);
  const by =
    last !== undefined
      ? versions.get(last)?.appliedBy
      : baseline !== undefined
        ? versions.get(baseline)?.appliedBy
        : undefined;
  return { state: 'replaced-applied', by };
}

function editedFinding(label: string, file: string, recorded: string, current: string): Diagnostic {
  return {
    code: 'applied-migration-edited',
    severity: 'error',
    message: `${basename(file)} changed after ${label} was applied: the history has sha256 ${recorded}, the file has ${current}`,
    object: file,
    hint: 'restore the file as it was applied (migrations that ran are never edited; write a new one), or accept the change with schemata migrate repair',
  };
}
