// Whether ALTER COLUMN ... TYPE rewrites the table. PostgreSQL skips the rewrite when the old values
// are valid values of the new type as they are stored (a binary-coercible change that only relaxes a
// limit); anything else rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE.
import type { ColumnType } from './syntax.ts';

export type TypeChangeCost =
  /** Nothing to rewrite (the indexes on the column may still be rebuilt). */
  | 'none'
  /** timestamp <-> timestamptz: from PostgreSQL 12 no rewrite when the session TimeZone is UTC. */
  | 'unless-utc'
  | 'rewrite';

const STRING_TYPES = new Set(['text', 'varchar', 'citext']);
const PRECISION_TYPES = new Set(['timestamp', 'timestamptz', 'time', 'timetz']);

function sameType(a: ColumnType, b: ColumnType): boolean {
  return (
    a.name === b.name &&
    a.schema === b.schema &&
    a.array === b.array &&
    a.modifiers.length === b.modifiers.length &&
    a.modifiers.every((m, i) => m === b.modifiers[i])
  );
}

/** A limit that only grows: none after, or a larger first modifier. */
function limitGrows(from: ColumnType, to: ColumnType): boolean {
  const [after] = to.modifiers;
  if (after === undefined) return true;
  const [before] = from.modifiers;
  return before !== undefined && typeof before === 'number' && typeof after === 'number' && after >= before;
}

export function typeChangeCost(from: ColumnType, to: ColumnType, targetVersion: number): TypeChangeCost {
  if (sameType(from, to)) return 'none';
  if (from.array !== to.array || from.array) return 'rewrite';
  if (from.schema !== undefined || to.schema !== undefined) return 'rewrite';
  const a = from.name;
  const b = to.name;
  if (a === b) {
    if (a === 'varchar' || a === 'varbit') return limitGrows(from, to) ? 'none' : 'rewrite';
    if (PRECISION_TYPES.has(a)) return limitGrows(from, to) ? 'none' : 'rewrite';
    if (a === 'numeric') {
      if (to.modifiers.length === 0) return 'none';
      const [fromPrecision, fromScale = 0] = from.modifiers;
      const [toPrecision, toScale = 0] = to.modifiers;
      if (fromPrecision === undefined) return 'rewrite';
      return toScale === fromScale && Number(toPrecision) >= Number(fromPrecision) ? 'none' : 'rewrite';
    }
    return 'rewrite';
  }
  // Between text, varchar and citext the stored bytes are the same; only a new limit needs checking.
  if (STRING_TYPES.has(a) && STRING_TYPES.has(b)) return to.modifiers.length === 0 ? 'none' : 'rewrite';
  if (a === 'cidr' && b === 'inet') return 'none';
  const zones = new Set(['timestamp', 'timestamptz']);
  if (zones.has(a) && zones.has(b)) {
    if (targetVersion < 12) return 'rewrite';
    return limitGrows(from, to) ? 'unless-utc' : 'rewrite';
  }
  return 'rewrite';
}

/** TimeZone settings that are UTC. */
export function isUtc(timeZone: string | undefined): boolean {
  return (
    timeZone !== undefined &&
    ['utc', 'etc/utc', 'uct', 'etc/uct', 'zulu', 'etc/zulu', 'gmt', 'etc/gmt', 'z'].includes(timeZone)
  );
}
