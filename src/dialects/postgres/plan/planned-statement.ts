// A statement of a migration plan with its hazards: what it locks, whether it rewrites or scans a
// table, loses data, can run in a transaction, or breaks application code that is running.

export type LockMode =
  | 'ACCESS EXCLUSIVE'
  | 'EXCLUSIVE'
  | 'SHARE ROW EXCLUSIVE'
  | 'SHARE'
  | 'SHARE UPDATE EXCLUSIVE'
  | 'ROW EXCLUSIVE'
  | 'ROW SHARE';

export interface Lock {
  mode: LockMode;
  /** The table (or type) locked, qualified. */
  on: string;
}

export interface Hazards {
  /** Locks on existing objects; empty for objects created in the same plan. */
  locks: Lock[];
  /** Every row is rewritten (the table is copied). */
  rewrite: boolean;
  /** Every row is read (for example to validate a constraint) while the lock is held. */
  scan: boolean;
  /** Data is deleted that the reverse plan cannot bring back. */
  dataLoss: boolean;
  /** Can run inside a transaction block. */
  transactional: boolean;
  /** Application code written for the old schema may fail once this has run. */
  backwardIncompatible: boolean;
}

export interface PlannedStatement {
  sql: string;
  /** The change it belongs to, as people read it: `add column public.orders.note`. */
  change: string;
  hazards: Hazards;
  /** What follows needs this committed first (a new enum value is used by a later statement). */
  commitAfter?: boolean;
}

export type HazardFlags = Partial<Omit<Hazards, 'locks'>> & { locks?: Lock[] };

export function statement(sql: string, change: string, flags: HazardFlags = {}): PlannedStatement {
  return {
    sql,
    change,
    hazards: {
      locks: distinctLocks(flags.locks ?? []),
      rewrite: flags.rewrite ?? false,
      scan: flags.scan ?? false,
      dataLoss: flags.dataLoss ?? false,
      transactional: flags.transactional ?? true,
      backwardIncompatible: flags.backwardIncompatible ?? false,
    },
  };
}

/** Each lock once: a self-referencing foreign key names its table twice. */
function distinctLocks(locks: readonly Lock[]): Lock[] {
  const seen = new Set<string>();
  return locks.filter((lock) => {
    const key = `${lock.mode}\0${lock.on}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A short list of a statement's hazards for comments and summaries: `ACCESS EXCLUSIVE on t, rewrite`. */
export function describeHazards(hazards: Hazards): string[] {
  const parts = hazards.locks.map((lock) => `${lock.mode} lock on ${lock.on}`);
  if (hazards.rewrite) parts.push('rewrites the table');
  else if (hazards.scan) parts.push('scans the table');
  if (hazards.dataLoss) parts.push('DATA LOSS');
  if (!hazards.transactional) parts.push('cannot run in a transaction');
  if (hazards.backwardIncompatible) parts.push('breaks running code');
  return parts;
}
