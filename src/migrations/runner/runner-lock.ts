// One runner at a time per history table: a session-level advisory lock, taken with
// pg_try_advisory_lock and back-off on a connection of its own. The connection stays idle, outside
// any transaction, while migrations run on another one, so a runner waiting for the lock never holds
// a snapshot that a CREATE INDEX CONCURRENTLY would wait for, and the lock goes with the session when
// a runner dies.
import { createHash } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { HISTORY_TABLE, placeOf, type HistoryPlace } from './history-table.ts';

/** The first key of every schemata lock ("scma"); the second one is made from the history schema. */
const LOCK_CLASS = 0x73636d61;

export function runnerLockKeys(history: HistoryPlace): [number, number] {
  const { schema, table } = placeOf(history);
  // A history table of the default name is keyed by its schema alone (as before tenants had tables).
  const name = table === HISTORY_TABLE ? schema : `${schema}.${table}`;
  const digest = createHash('sha256').update(`schemata migrate ${name}`).digest();
  return [LOCK_CLASS, digest.readUInt32BE(0) & 0x7fffffff];
}

/** The session that holds the lock, as pg_stat_activity shows it. */
export interface LockHolder {
  pid: number;
  applicationName: string | null;
  user: string | null;
  clientAddress: string | null;
  /** ISO 8601, UTC. */
  backendStart: string | null;
}

export type LockOutcome =
  | { acquired: true; release(): Promise<void> }
  | { acquired: false; holder: LockHolder | undefined; waitedMs: number };

export interface LockWaitOptions {
  /** How long to wait for another runner to finish; 0 tries once. */
  waitMs: number;
  /** Told once, when the lock is busy and the runner starts waiting. */
  onWait?: (holder: LockHolder | undefined) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function acquireRunnerLock(
  db: Database,
  historySchema: HistoryPlace,
  options: LockWaitOptions,
): Promise<LockOutcome> {
  const [key1, key2] = runnerLockKeys(historySchema);
  const started = Date.now();
  let delay = 50;
  let told = false;
  for (;;) {
    const [row] = await db.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [
      key1,
      key2,
    ]);
    if (row?.locked) {
      return {
        acquired: true,
        release: async () => {
          await db.query('SELECT pg_advisory_unlock($1, $2)', [key1, key2]);
        },
      };
    }
    const waitedMs = Date.now() - started;
    if (waitedMs >= options.waitMs)
      return { acquired: false, holder: await findLockHolder(db, historySchema), waitedMs };
    if (!told) {
      told = true;
      options.onWait?.(await findLockHolder(db, historySchema));
    }
    // Back-off with jitter, so runners started together do not poll in step.
    await sleep(Math.min(delay * (0.75 + Math.random() / 2), options.waitMs - waitedMs));
    delay = Math.min(delay * 2, 2000);
  }
}

export async function findLockHolder(
  db: Database,
  historySchema: HistoryPlace,
): Promise<LockHolder | undefined> {
  const [key1, key2] = runnerLockKeys(historySchema);
  const [row] = await db.query<{
    pid: number;
    application_name: string | null;
    usename: string | null;
    client_addr: string | null;
    backend_start: string | null;
  }>(
    `SELECT l.pid, a.application_name, a.usename::text AS usename, host(a.client_addr) AS client_addr,
       to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS backend_start
     FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
       AND l.classid::bigint = $1 AND l.objid::bigint = $2 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
     LIMIT 1`,
    [key1, key2],
  );
  if (row === undefined) return undefined;
  return {
    pid: Number(row.pid),
    applicationName: row.application_name || null,
    user: row.usename,
    clientAddress: row.client_addr,
    backendStart: row.backend_start,
  };
}

/** `pid 4242 (application "schemata", user app, from 10.0.0.7, connected since ...)`. */
export function describeLockHolder(holder: LockHolder | undefined): string {
  if (holder === undefined) return 'another session (it ended before it could be named)';
  const parts = [
    holder.applicationName ? `application "${holder.applicationName}"` : undefined,
    holder.user ? `user ${holder.user}` : undefined,
    holder.clientAddress ? `from ${holder.clientAddress}` : undefined,
    holder.backendStart ? `connected since ${holder.backendStart}` : undefined,
  ].filter((part) => part !== undefined);
  return `the session with pid ${holder.pid}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}
