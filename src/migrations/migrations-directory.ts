// A migrations directory: versioned pairs of SQL files, `0001_create_orders.up.sql` and
// `0001_create_orders.down.sql`, applied in version order. Each up file written by schemata names the
// migration it follows in its header, so a migration that a merge slipped in before it is noticed.
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../model/diagnostics.ts';

/** `<version>_<name>.<up|down>.sql`; the version is decimal digits, zero-padded by convention. */
export const MIGRATION_FILE = /^(\d+)_(.+)\.(up|down)\.sql$/;
/** The header line naming the migration an up file was planned after. */
const FOLLOWS_HEADER = /^-- follows: (.+)$/m;
/**
 * The header line of a squashed migration: the versions of the migrations it replaces, as ranges
 * (`-- squashes: 0001-0004, 0006`). Its own version is the last of them.
 */
const SQUASHES_HEADER = /^-- squashes: (.+)$/m;
/** What the header says when the migration is the first. */
export const FOLLOWS_NOTHING = '(none)';
/** Versions are written with at least this many digits. */
export const VERSION_WIDTH = 4;

export interface Migration {
  version: number;
  /** The file name without direction and extension: `0001_create_orders`. */
  label: string;
  /** Paths of its files; a migration without an up file is reported and left out. */
  up: string;
  down?: string;
  /**
   * A squashed migration: the versions of the migrations it replaced (its own among them), in order.
   * A database whose history has all of them applied has it applied.
   */
  replaces?: number[];
}

export interface MigrationsDirectory {
  dir: string;
  /** In version order; a version defined twice is left out (and reported). */
  migrations: Migration[];
  /** Digits of the widest version, at least VERSION_WIDTH. */
  width: number;
  diagnostics: Diagnostic[];
}

function listNames(dir: string): string[] {
  try {
    return statSync(dir).isDirectory() ? readdirSync(dir).sort() : [];
  } catch {
    return [];
  }
}

/** A directory holding at least one migration file (how a command argument is recognised). */
export function isMigrationsDirectory(path: string): boolean {
  return listNames(path).some((name) => MIGRATION_FILE.test(name));
}

/**
 * Reads the migrations of a directory (a missing directory has none). Errors: a `.sql` file not named
 * like a migration, a version used by two migrations, a migration without an up file. Warnings: a
 * missing down file, a gap in the versions, an up file planned after another migration than the one
 * now before it.
 */
export async function readMigrationsDirectory(dir: string): Promise<MigrationsDirectory> {
  const diagnostics: Diagnostic[] = [];
  const byVersion = new Map<number, { label: string; up?: string; down?: string }>();
  const duplicated = new Set<number>();
  let width = VERSION_WIDTH;
  for (const name of listNames(dir)) {
    const path = join(dir, name);
    const match = MIGRATION_FILE.exec(name);
    if (match === null) {
      if (name.toLowerCase().endsWith('.sql')) {
        diagnostics.push({
          code: 'migration-file-name',
          severity: 'error',
          message: `${name} is not named like a migration`,
          object: path,
          hint: 'name migration files <version>_<name>.up.sql and <version>_<name>.down.sql, e.g. 0001_create_orders.up.sql',
        });
      }
      continue;
    }
    const [, digits = '', slug = '', direction] = match;
    const version = Number(digits);
    const label = `${digits}_${slug}`;
    width = Math.max(width, digits.length);
    const entry = byVersion.get(version) ?? { label };
    byVersion.set(version, entry);
    if (entry.label !== label) {
      if (!duplicated.has(version)) {
        diagnostics.push({
          code: 'migration-duplicate-version',
          severity: 'error',
          message: `version ${version} is used by ${entry.label} and ${label}`,
          object: path,
          hint: 'two branches each added a migration: give the later one the next free version (rename both of its files)',
        });
      }
      duplicated.add(version);
      continue;
    }
    entry[direction === 'up' ? 'up' : 'down'] = path;
  }
  const migrations: Migration[] = [];
  for (const version of [...byVersion.keys()].sort((a, b) => a - b)) {
    const entry = byVersion.get(version);
    if (entry === undefined || duplicated.has(version)) continue;
    if (entry.up === undefined) {
      diagnostics.push({
        code: 'migration-missing-up',
        severity: 'error',
        message: `${entry.label} has a down file but no up file`,
        object: join(dir, `${entry.label}.up.sql`),
        hint: 'add the up file, or remove the down file',
      });
      continue;
    }
    if (entry.down === undefined) {
      diagnostics.push({
        code: 'migration-missing-down',
        severity: 'warning',
        message: `${entry.label} has no down file, so it cannot be reverted`,
        object: join(dir, `${entry.label}.down.sql`),
        hint: 'write the down file that undoes it',
      });
    }
    migrations.push({
      version,
      label: entry.label,
      up: entry.up,
      ...(entry.down !== undefined ? { down: entry.down } : {}),
    });
  }
  await checkSequence(migrations, diagnostics);
  return { dir, migrations, width, diagnostics };
}

async function checkSequence(migrations: Migration[], diagnostics: Diagnostic[]): Promise<void> {
  let previous: Migration | undefined;
  for (const migration of migrations) {
    const head = await readHead(migration.up);
    const squashes = SQUASHES_HEADER.exec(head)?.[1];
    if (squashes !== undefined) readSquashes(migration, squashes, migrations, diagnostics);
    if (previous !== undefined && migration.version > previous.version + 1) {
      diagnostics.push({
        code: 'migration-gap',
        severity: 'warning',
        message: `no migration between ${previous.label} and ${migration.label}`,
        object: migration.up,
        hint: 'a migration may be missing from this branch; versions normally follow each other',
      });
    }
    const follows = FOLLOWS_HEADER.exec(head)?.[1]?.trim();
    const expected = previous?.label ?? FOLLOWS_NOTHING;
    // A migration planned after one that was squashed since follows the squashed migration.
    const followsVersion = follows === undefined ? undefined : Number(/^(\d+)_/.exec(follows)?.[1]);
    const squashed =
      previous?.replaces !== undefined &&
      followsVersion !== undefined &&
      previous.replaces.includes(followsVersion);
    if (follows !== undefined && follows !== expected && !squashed) {
      diagnostics.push({
        code: 'migration-out-of-order',
        severity: 'warning',
        message: `${migration.label} was planned after ${follows}, but ${expected} now comes before it`,
        object: migration.up,
        hint: 'migrations were added on two branches: check that they do not conflict (replaying the directory shows it), then update the follows line',
      });
    }
    previous = migration;
  }
}

/** `0001-0004, 0006` as the versions it names; undefined when it is not written so. */
export function parseVersionRanges(text: string): number[] | undefined {
  const versions: number[] = [];
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(part);
    if (match === null) return undefined;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first || last - first > 1_000_000) return undefined;
    for (let v = first; v <= last; v++) versions.push(v);
  }
  return [...new Set(versions)].sort((a, b) => a - b);
}

/** The versions as ranges, each as wide as `width`: `0001-0004, 0006`. */
export function formatVersionRanges(versions: readonly number[], width: number): string {
  const sorted = [...new Set(versions)].sort((a, b) => a - b);
  const pad = (v: number) => String(v).padStart(width, '0');
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    const first = sorted[i] as number;
    const last = sorted[j] as number;
    parts.push(first === last ? pad(first) : `${pad(first)}-${pad(last)}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** A squashed migration's header: it replaces versions up to its own, none of them still in the directory. */
function readSquashes(
  migration: Migration,
  text: string,
  migrations: readonly Migration[],
  diagnostics: Diagnostic[],
): void {
  const versions = parseVersionRanges(text);
  const fail = (message: string, hint: string) =>
    diagnostics.push({
      code: 'migration-squash-header',
      severity: 'error',
      message,
      object: migration.up,
      hint,
    });
  if (versions === undefined || versions.at(-1) !== migration.version) {
    fail(
      `${migration.label} has a squashes line that does not end with its own version ${migration.version}: "${text.trim()}"`,
      'the line lists the versions the squashed migration replaced, e.g. -- squashes: 0001-0005 for 0005_squashed; restore it as migrate squash wrote it',
    );
    return;
  }
  const kept = migrations.filter((m) => m !== migration && versions.includes(m.version));
  if (kept.length > 0) {
    fail(
      `${migration.label} replaces ${kept.map((m) => m.label).join(', ')}, which ${kept.length === 1 ? 'is' : 'are'} still in the directory`,
      'remove the files the squash replaced (migrate squash does), or restore the directory from version control',
    );
    return;
  }
  migration.replaces = versions;
}

/** The header of a migration file: its first 4 KiB, however large the file (read synchronously: see readFileChecksum). */
async function readHead(path: string): Promise<string> {
  const file = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const bytesRead = readSync(file, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    closeSync(file);
  }
}

/** Migration file names: `0002_add_orders` for version 2 and the name "Add orders". */
export function migrationLabel(version: number, width: number, slug: string): string {
  return `${String(version).padStart(width, '0')}_${slug}`;
}

/**
 * A file-name-safe form of a migration name: lower-case ASCII letters, digits and underscores, at
 * most 60 characters (accents are dropped, everything else separates words). Empty when nothing is left.
 */
export function migrationSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+/, '')
    .slice(0, 60)
    .replace(/_+$/, '');
}
