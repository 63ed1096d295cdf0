// The migration runner: applies up files (`migrate up`), reverts with down files (`migrate down`),
// sets a baseline and accepts changed files (`repair`), one runner at a time per history table.
// Each file runs in its own transaction together with its history row, so a runner that dies or
// fails leaves the database and the history as they were before that file. A file that must run
// outside a transaction runs step by step, each step's progress recorded as it commits, and a later
// run resumes after the last step done. A lock timeout is retried with back-off, then the run stops.
import { readDatabaseError, type Database } from '../../db/database.ts';
import { quoteIdent } from '../../dialects/postgres/quote.ts';
import type { Diagnostic } from '../../model/diagnostics.ts';
import { inStep, type Progress, type ProgressStep } from '../../model/progress.ts';
import { locateInStatement, type SqlStatement } from '../../readers/import-sql.ts';
import type { Migration, MigrationsDirectory } from '../migrations-directory.ts';
import {
  addExecutionTime,
  ensureHistoryTable,
  finishHistoryRow,
  historyInsertSql,
  insertHistoryRow,
  readHistory,
  recordProgress,
  type HistoryKind,
  type HistoryPlace,
} from './history-table.ts';
import { classifyMigrationScript, readMigrationScript, type MigrationScript } from './migration-script.ts';
import { readMigrationStatus, type MigrationStatus, type MigrationStatusEntry } from './migration-status.ts';
import { acquireRunnerLock, describeLockHolder, type LockHolder } from './runner-lock.ts';

export interface RunnerSettings {
  historySchema: string;
  /** The history table's name (migration_history); a tenant's is schemata_migration_history in its schema. */
  historyTable?: string | undefined;
  /** search_path of the session that runs the files: a tenant's schema first (none: the server's). */
  searchPath?: string[] | undefined;
  /** How long to wait for another runner to finish. */
  lockWaitMs: number;
  /** lock_timeout of the session that runs the files. */
  lockTimeoutMs: number;
  statementTimeoutMs?: number | undefined;
  /** How often a lock timeout is retried before the run stops (3). */
  lockRetries?: number;
  /** The first wait before a retry; each later one doubles (500 ms). */
  retryDelayMs?: number;
  progress?: Progress | undefined;
  /** Lines for people: a file applied, a retry, a wait for the lock. */
  onNote?: (note: string) => void;
  /**
   * The connection to hold the runner lock on, kept open by the caller (a run over many targets of
   * one database reuses it); else one is opened for the run and closed after it.
   */
  lockConnection?: Database | undefined;
}

/** One file that ran (or, in a dry run, would run). */
export interface MigrationRun {
  version: number;
  label: string;
  direction: 'up' | 'down';
  transactional: boolean;
  /** Why it runs outside a transaction. */
  outsideTransactionBecause?: string;
  statements: number;
  /** A resumed file: the statements that had run before. */
  resumedAfter?: number;
  executionTimeMs?: number;
}

/**
 * ok: everything asked for ran; refused: the database or directory is not in a state to run
 * (nothing ran); failed: a file failed (what ran before it stays); invalid: a file cannot be read
 * (nothing ran); busy: another runner held the lock for the whole wait.
 */
export type RunOutcome = 'ok' | 'refused' | 'failed' | 'invalid' | 'busy';

export interface RunResult {
  outcome: RunOutcome;
  runs: MigrationRun[];
  diagnostics: Diagnostic[];
  /** busy: the session that held the lock. */
  lockHolder?: LockHolder;
}

const LOCK_NOT_AVAILABLE = '55P03';

/** Where the settings keep the history. */
export function historyOf(settings: RunnerSettings): HistoryPlace {
  return settings.historyTable === undefined
    ? settings.historySchema
    : { schema: settings.historySchema, table: settings.historyTable };
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The status of a database against a directory: read only, without the runner lock. */
export async function readDatabaseStatus(
  db: Database,
  directory: MigrationsDirectory,
  historySchema: HistoryPlace,
): Promise<MigrationStatus> {
  return readMigrationStatus(directory, await readHistory(db, historySchema));
}

/** Runs `work` holding the runner lock, on a connection of its own where the database has another. */
async function withRunnerLock(
  db: Database,
  settings: RunnerSettings,
  work: () => Promise<RunResult>,
): Promise<RunResult> {
  const lockDb = settings.lockConnection ?? (db.openPeer ? await db.openPeer() : db);
  try {
    const lock = await acquireRunnerLock(lockDb, historyOf(settings), {
      waitMs: settings.lockWaitMs,
      onWait: (holder) =>
        settings.onNote?.(`waiting for the migration lock, held by ${describeLockHolder(holder)}`),
    });
    if (!lock.acquired) {
      return {
        outcome: 'busy',
        runs: [],
        ...(lock.holder && { lockHolder: lock.holder }),
        diagnostics: [
          {
            code: 'migration-lock-busy',
            severity: 'error',
            message: `another runner is migrating this database: the lock is held by ${describeLockHolder(lock.holder)}; waited ${(lock.waitedMs / 1000).toFixed(1)} s`,
            hint: 'run again when it has finished, or wait longer with --lock-wait SECONDS; pg_terminate_backend(pid) ends a runner that hangs',
          },
        ],
      };
    }
    try {
      await applySessionSettings(db, settings);
      return await flushed(db, await work());
    } finally {
      await lock.release().catch(() => undefined);
    }
  } finally {
    if (lockDb !== db && lockDb !== settings.lockConnection) await lockDb.close().catch(() => undefined);
  }
}

/**
 * Connections whose migrations committed without waiting for the write-ahead log to reach the disk
 * (synchronous_commit off, set for each migration's transaction): a migration and its history row
 * commit together either way, so a crash of the server can only lose the last migrations whole, never
 * half of one. Before the run reports, one commit that waits flushes the log up to there, and with it
 * every earlier commit (the log is flushed in order), so what the runner reports as applied is durable.
 */
const unflushed = new WeakSet<Database>();

async function flushed(db: Database, result: RunResult): Promise<RunResult> {
  if (!unflushed.has(db)) return result;
  unflushed.delete(db);
  try {
    // txid_current() gives the transaction an id, so its commit writes a record and waits for it.
    await db.exec('BEGIN; SELECT txid_current(); COMMIT');
    return result;
  } catch (error) {
    return {
      ...result,
      outcome: 'failed',
      diagnostics: [
        ...result.diagnostics,
        {
          code: 'migration-not-durable',
          severity: 'error',
          message: `the migrations this run applied could not be made durable: ${readDatabaseError(error).message}; if the server went down, the last of them may be gone (each whole, with its history row)`,
          hint: 'run schemata migrate status once the database is back to see where it stands, then run again',
        },
      ],
    };
  }
}

/** The runner's session settings, in one round trip. */
async function applySessionSettings(db: Database, settings: RunnerSettings): Promise<void> {
  const calls = ["set_config('lock_timeout', $1, false)"];
  const params: string[] = [`${Math.round(settings.lockTimeoutMs)}ms`];
  const add = (name: string, value: string) => {
    params.push(value);
    calls.push(`set_config('${name}', $${params.length}, false)`);
  };
  if (settings.searchPath !== undefined) add('search_path', settings.searchPath.map(quoteIdent).join(', '));
  if (settings.statementTimeoutMs !== undefined)
    add('statement_timeout', `${Math.round(settings.statementTimeoutMs)}ms`);
  // A runner that dies mid-statement: the server notices within a second and rolls back, instead of
  // holding its locks until the statement ends (PostgreSQL 14 and later).
  if (db.kind === 'server')
    calls.push(
      "CASE WHEN current_setting('server_version_num')::int >= 140000 THEN set_config('client_connection_check_interval', '1s', false) END",
    );
  await db.query(`SELECT ${calls.join(', ')}`, params);
}

/** What a file set with SET stays out of the next file: the session goes back to its settings. */
async function resetSession(db: Database, settings: RunnerSettings): Promise<void> {
  await db.exec('RESET ALL');
  await applySessionSettings(db, settings);
}

function refusal(status: MigrationStatus, keep: (entry: MigrationStatusEntry) => boolean): Diagnostic[] {
  const kept = new Set(status.entries.filter(keep).map((e) => e.version));
  return status.findings.filter((f) => !(f.code === 'migration-partial' && kept.has(f.version)));
}

const partialIn = (direction: 'up' | 'down') => (entry: MigrationStatusEntry) =>
  entry.state === 'partial' && entry.progress?.direction === direction;

/** Reads the files to run; nothing runs when one cannot be read. */
async function readScripts(
  paths: { entry: MigrationStatusEntry; file: string }[],
): Promise<{ scripts: MigrationScript[]; diagnostics: Diagnostic[] }> {
  const scripts: MigrationScript[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { file } of paths) {
    const read = await readMigrationScript(file);
    diagnostics.push(...read.diagnostics);
    if (read.script) scripts.push(read.script);
  }
  return { scripts, diagnostics };
}

function plannedRun(
  entry: MigrationStatusEntry,
  script: MigrationScript,
  direction: 'up' | 'down',
): MigrationRun {
  const resumed = entry.progress?.direction === direction ? entry.progress.done : undefined;
  return {
    version: entry.version,
    label: entry.label,
    direction,
    transactional: script.transactional,
    ...(script.outsideTransactionBecause !== undefined && {
      outsideTransactionBecause: script.outsideTransactionBecause,
    }),
    statements: script.statements.length,
    ...(resumed !== undefined && { resumedAfter: resumed }),
  };
}

export interface UpOptions {
  /** Apply pending migrations up to and including this version. */
  to?: number | undefined;
  /** Read the history and the files; run nothing, write nothing, take no lock. */
  dryRun?: boolean | undefined;
}

/** Applies the pending migrations in version order, first resuming one that stopped part of the way. */
export async function migrateUp(
  db: Database,
  directory: MigrationsDirectory,
  settings: RunnerSettings,
  options: UpOptions = {},
): Promise<RunResult> {
  const plan = async (): Promise<
    RunResult & { todo: { entry: MigrationStatusEntry; script: MigrationScript }[] }
  > => {
    const status = await readDatabaseStatus(db, directory, historyOf(settings));
    const refused = refusal(status, partialIn('up'));
    if (refused.length > 0) return { outcome: 'refused', runs: [], diagnostics: refused, todo: [] };
    const entries = status.entries.filter(
      (e) =>
        partialIn('up')(e) ||
        (e.state === 'pending' && (options.to === undefined || e.version <= options.to)),
    );
    const files = new Map(directory.migrations.map((m) => [m.version, m]));
    const paths = entries.map((entry) => ({ entry, file: (files.get(entry.version) as Migration).up }));
    const { scripts, diagnostics } = await readScripts(paths);
    if (diagnostics.length > 0) return { outcome: 'invalid', runs: [], diagnostics, todo: [] };
    const todo = entries.map((entry, i) => ({ entry, script: scripts[i] as MigrationScript }));
    return {
      outcome: 'ok',
      runs: todo.map((t) => plannedRun(t.entry, t.script, 'up')),
      diagnostics: [],
      todo,
    };
  };
  if (options.dryRun) {
    const { todo: _todo, ...planned } = await plan();
    return planned;
  }
  return withRunnerLock(db, settings, async () => {
    await ensureHistoryTable(db, historyOf(settings));
    const planned = await plan();
    if (planned.outcome !== 'ok')
      return { outcome: planned.outcome, runs: [], diagnostics: planned.diagnostics };
    return runAll(db, settings, planned.todo, 'up');
  });
}

export interface DownOptions {
  /** Revert this many applied migrations, the latest first (1 when neither is given). */
  steps?: number | undefined;
  /** Revert every applied migration after this version. */
  to?: number | undefined;
}

/** Reverts applied migrations with their down files, the latest first. */
export async function migrateDown(
  db: Database,
  directory: MigrationsDirectory,
  settings: RunnerSettings,
  options: DownOptions = {},
): Promise<RunResult> {
  return withRunnerLock(db, settings, async () => {
    const status = await readDatabaseStatus(db, directory, historyOf(settings));
    const refused = refusal(status, partialIn('down'));
    if (refused.length > 0) return { outcome: 'refused', runs: [], diagnostics: refused };
    if (options.to !== undefined && status.baseline !== undefined && options.to < status.baseline)
      return refuse(
        'below-baseline',
        `cannot revert below the baseline ${status.baseline}: the migrations up to it never ran here, so their down files are not known to fit`,
        `revert to ${status.baseline} at the lowest`,
      );
    const candidates = status.entries
      .filter((e) => partialIn('down')(e) || (e.state === 'applied' && e.appliedBy?.kind === 'migration'))
      .sort((a, b) => b.version - a.version);
    const entries =
      options.to !== undefined
        ? candidates.filter((e) => e.version > (options.to as number))
        : candidates.slice(0, options.steps ?? 1);
    const files = new Map(directory.migrations.map((m) => [m.version, m]));
    const withoutDown = entries.filter((e) => files.get(e.version)?.down === undefined);
    if (withoutDown.length > 0)
      return {
        outcome: 'refused',
        runs: [],
        diagnostics: withoutDown.map((e) => ({
          code: 'migration-missing-down',
          severity: 'error' as const,
          message: `${e.label} has no down file, so it cannot be reverted; nothing was reverted`,
          object: `${e.label}.down.sql`,
          hint: 'write the down file that undoes it, or revert fewer migrations (--steps N, --to VERSION)',
        })),
      };
    const paths = entries.map((entry) => ({ entry, file: files.get(entry.version)?.down as string }));
    const { scripts, diagnostics } = await readScripts(paths);
    if (diagnostics.length > 0) return { outcome: 'invalid', runs: [], diagnostics };
    return runAll(
      db,
      settings,
      entries.map((entry, i) => ({ entry, script: scripts[i] as MigrationScript })),
      'down',
    );
  });
}

function refuse(code: string, message: string, hint: string): RunResult {
  return { outcome: 'refused', runs: [], diagnostics: [{ code, severity: 'error', message, hint }] };
}

/** Declares that the database is at `version` without running any file. */
export async function setBaseline(
  db: Database,
  directory: MigrationsDirectory,
  settings: RunnerSettings,
  version: number,
): Promise<RunResult> {
  return withRunnerLock(db, settings, async () => {
    await ensureHistoryTable(db, historyOf(settings));
    const status = await readDatabaseStatus(db, directory, historyOf(settings));
    const used = status.entries.filter((e) => e.appliedBy !== undefined || e.progress !== undefined);
    if (used.length > 0)
      return refuse(
        'history-not-empty',
        `the database already has a migration history (${used.map((e) => e.label).join(', ')}); a baseline is only for a database no runner has touched`,
        'run schemata migrate status to see where it stands',
      );
    const migration = directory.migrations.find((m) => m.version === version);
    const entry = status.entries.find((e) => e.version === version);
    await insertHistoryRow(db, historyOf(settings), {
      version,
      description: migration ? descriptionOf(migration.label) : 'baseline',
      kind: 'baseline',
      checksum: entry?.fileChecksum ?? null,
    });
    return { outcome: 'ok', runs: [], diagnostics: [] };
  });
}

export interface Repair {
  version: number;
  label: string;
  previousChecksum: string;
  checksum: string;
}

/** Accepts the current checksum of every applied up file that changed, recording each acceptance. */
export async function repairHistory(
  db: Database,
  directory: MigrationsDirectory,
  settings: RunnerSettings,
): Promise<RunResult & { repairs: Repair[] }> {
  const repairs: Repair[] = [];
  const result = await withRunnerLock(db, settings, async () => {
    const status = await readDatabaseStatus(db, directory, historyOf(settings));
    for (const entry of status.entries) {
      if (entry.state !== 'edited' || entry.fileChecksum === undefined) continue;
      await insertHistoryRow(db, historyOf(settings), {
        version: entry.version,
        description: descriptionOf(entry.label),
        kind: 'repair',
        checksum: entry.fileChecksum,
        previousChecksum: entry.checksum ?? null,
      });
      repairs.push({
        version: entry.version,
        label: entry.label,
        previousChecksum: entry.checksum ?? '',
        checksum: entry.fileChecksum,
      });
    }
    const remaining = status.findings.filter((f) => f.code !== 'applied-migration-edited');
    return { outcome: remaining.length > 0 ? 'refused' : 'ok', runs: [], diagnostics: remaining };
  });
  return { ...result, repairs };
}

/** `create_orders` of `0001_create_orders`. */
function descriptionOf(label: string): string {
  return label.slice(label.indexOf('_') + 1);
}

async function runAll(
  db: Database,
  settings: RunnerSettings,
  todo: { entry: MigrationStatusEntry; script: MigrationScript }[],
  direction: 'up' | 'down',
): Promise<RunResult> {
  const runs: MigrationRun[] = [];
  for (const { entry, script } of todo) {
    const run = plannedRun(entry, script, direction);
    const failure = await inStep(
      settings.progress,
      `${direction === 'up' ? 'applying' : 'reverting'} ${entry.label}`,
      (step) =>
        runScript(db, settings, {
          entry,
          script,
          run,
          step,
          record: {
            version: entry.version,
            description: descriptionOf(entry.label),
            kind: direction === 'up' ? 'migration' : 'revert',
            // A squashed migration the database has by the migrations it replaced: reverting it
            // reverts them too.
            ...(direction === 'down' &&
              entry.replacedApplied &&
              entry.replacedHistory && { alsoReverts: entry.replacedHistory }),
          },
        }),
    );
    if (failure) return { outcome: 'failed', runs, diagnostics: [failure] };
    runs.push(run);
    settings.onNote?.(
      `${direction === 'up' ? 'applied' : 'reverted'} ${entry.label} (${run.statements} statement${run.statements === 1 ? '' : 's'}${run.transactional ? '' : ', outside a transaction'}${run.resumedAfter !== undefined ? `, resumed after statement ${run.resumedAfter}` : ''}) in ${run.executionTimeMs ?? 0} ms`,
    );
  }
  return { outcome: 'ok', runs, diagnostics: [] };
}

interface ScriptJob {
  entry: MigrationStatusEntry;
  script: MigrationScript;
  run: MigrationRun;
  step: ProgressStep;
  /** The history row it writes; a squashed migration's revert also writes one per replaced version. */
  record: { version: number; description: string; kind: HistoryKind; alsoReverts?: number[] };
}

/** The revert rows of the versions a reverted squashed migration replaced. */
async function recordAlsoReverted(db: Database, settings: RunnerSettings, job: ScriptJob): Promise<void> {
  for (const version of job.record.alsoReverts ?? [])
    await insertHistoryRow(db, historyOf(settings), {
      version,
      description: `squashed into ${job.entry.label}`,
      kind: 'revert',
      checksum: null,
    });
}

/** Runs one file; returns the failure, or undefined when it ran to its end. */
async function runScript(
  db: Database,
  settings: RunnerSettings,
  job: ScriptJob,
): Promise<Diagnostic | undefined> {
  try {
    return job.script.transactional
      ? await runInTransaction(db, settings, job)
      : await runOutsideTransaction(db, settings, job);
  } finally {
    if (job.script.changesSession) await resetSession(db, settings).catch(() => undefined);
  }
}

/** What failed: the error, the statement it came from, and where that statement began in the message sent. */
interface Failure {
  error: unknown;
  statement?: SqlStatement | undefined;
  offset?: number;
}

/** Retries `attempt` after lock timeouts, with back-off; returns its failure, if any. */
async function withLockRetries(
  settings: RunnerSettings,
  label: string,
  attempt: () => Promise<Failure | undefined>,
): Promise<(Failure & { attempts: number }) | undefined> {
  const retries = settings.lockRetries ?? 3;
  for (let tried = 1; ; tried++) {
    const failure = await attempt();
    if (failure === undefined) return undefined;
    if (readDatabaseError(failure.error).code !== LOCK_NOT_AVAILABLE || tried > retries)
      return { ...failure, attempts: tried };
    const delay = (settings.retryDelayMs ?? 500) * 2 ** (tried - 1);
    settings.onNote?.(
      `${label}: lock_timeout (${settings.lockTimeoutMs} ms) reached waiting for a lock; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${tried + 1} of ${retries + 1})`,
    );
    await sleep(delay);
  }
}

/**
 * The session is gone: terminated by an administrator (57P01) or a shutdown (57P02, 57P03), a broken
 * connection (class 08), or a socket node-postgres saw close.
 */
function isConnectionLost(error: unknown): boolean {
  const { code, message } = readDatabaseError(error);
  if (code !== undefined) return code.startsWith('57P') || code.startsWith('08');
  return /Connection terminated|connection ended|ECONNRESET|EPIPE|Client has encountered a connection error/i.test(
    message,
  );
}

function failureDiagnostic(
  settings: RunnerSettings,
  job: ScriptJob,
  failure: Failure & { attempts: number },
  state: string,
): Diagnostic {
  const error = readDatabaseError(failure.error);
  const position = error.position === undefined ? undefined : error.position - (failure.offset ?? 0);
  // A position past the statement is in what was sent after it (the history row, COMMIT).
  const inStatement =
    failure.statement !== undefined &&
    (position === undefined || (position >= 1 && position <= failure.statement.text.length + 1));
  const location =
    failure.statement && inStatement ? locateInStatement(failure.statement, position) : undefined;
  if (error.code === LOCK_NOT_AVAILABLE)
    return {
      code: 'lock-timeout',
      severity: 'error',
      message: `${job.entry.label} could not get a lock within lock_timeout (${settings.lockTimeoutMs} ms), ${failure.attempts} times: ${error.message}; ${state}`,
      ...(location && { location }),
      hint: 'another session holds a lock on what the migration changes (pg_locks shows which): run again when it is quieter, or raise --lock-timeout',
    };
  if (isConnectionLost(failure.error))
    return {
      code: 'migration-connection-lost',
      severity: 'error',
      message: `the database ended the runner's session while it ran ${job.entry.label} (${error.message}): pg_terminate_backend, a restart or a network failure; ${state}`,
      ...(location && { location }),
      hint: `run schemata migrate ${job.run.direction} again once the database is reachable: it picks up where this run stopped (schemata migrate status shows where that is)`,
    };
  return {
    code: 'migration-failed',
    severity: 'error',
    message: `${job.entry.label} failed: ${error.message}; ${state}`,
    ...(location && { location }),
    hint:
      error.hint ?? error.detail ?? 'fix the migration (a file that never ran may be edited) and run again',
  };
}

/** Files of up to this many statements go to the server in one message (see runInTransaction). */
const ONE_MESSAGE_STATEMENTS = 50;

/**
 * Runs a file in one transaction with its history row. Round trips are what a small migration mostly
 * costs, so a file of a few statements goes to the server whole, in one message with BEGIN, its
 * history row and COMMIT: one round trip. If that fails for any other reason than a lost connection,
 * the file runs again statement by statement (BEGIN with the first, the row and COMMIT with the
 * last), which finds the statement that fails, or succeeds where the failure was passing; an error's
 * position is taken back to the statement it is in either way. Larger files run statement by
 * statement from the start, with progress.
 */
async function runInTransaction(db: Database, settings: RunnerSettings, job: ScriptJob) {
  const { script, entry, run, step, record } = job;
  // Committed without waiting for the disk; flushed once before the run reports (see flushed).
  const head = db.kind === 'server' ? 'BEGIN; SET LOCAL synchronous_commit = off;\n' : 'BEGIN;\n';
  const insert = historyInsertSql(historyOf(settings), {
    version: record.version,
    description: record.description,
    kind: record.kind,
    checksum: script.checksum,
    statementsTotal: script.statements.length,
  });
  // A squashed migration's revert writes more rows: then the row and COMMIT go on their own.
  const tail = (record.alsoReverts?.length ?? 0) === 0 ? `\n;\n${insert};\nCOMMIT` : undefined;
  const total = script.statements.length;
  let whole =
    tail !== undefined && total > 0 && total <= ONE_MESSAGE_STATEMENTS
      ? oneMessage(head, script.statements, tail)
      : undefined;
  let elapsed = 0;
  const failure = await withLockRetries(settings, entry.label, async () => {
    const started = performance.now();
    if (db.kind === 'server') unflushed.add(db);
    if (whole !== undefined) {
      try {
        await db.exec(whole.text);
        step.advance(total, total, 'statements');
        elapsed = Math.round(performance.now() - started);
        return undefined;
      } catch (error) {
        await db.exec('ROLLBACK').catch(() => undefined);
        const at = whole.locate(readDatabaseError(error).position);
        whole = undefined;
        if (isConnectionLost(error)) return { error, ...at };
        // Tried again statement by statement: now, or after the wait for a lock.
        if (readDatabaseError(error).code === LOCK_NOT_AVAILABLE) return { error, ...at };
      }
    }
    let statement: SqlStatement | undefined;
    let offset = 0;
    let committed = false;
    try {
      const last = total - 1;
      if (last < 0) {
        await db.exec(`${head}${tail === undefined ? '' : `${insert};\nCOMMIT`}`);
        committed = tail !== undefined;
      }
      for (const [index, current] of script.statements.entries()) {
        statement = current;
        offset = index === 0 ? head.length : 0;
        const withTail = index === last && tail !== undefined;
        await db.exec(`${index === 0 ? head : ''}${current.text}${withTail ? tail : ''}`);
        committed = withTail;
        step.advance(index + 1, total, 'statements');
      }
      statement = undefined;
      if (!committed) {
        await db.exec(insert);
        await recordAlsoReverted(db, settings, job);
        await db.exec('COMMIT');
      }
      elapsed = Math.round(performance.now() - started);
      return undefined;
    } catch (error) {
      await db.exec('ROLLBACK').catch(() => undefined);
      return { error, statement, offset };
    }
  });
  if (failure)
    return failureDiagnostic(
      settings,
      job,
      failure,
      `nothing of it was ${run.direction === 'up' ? 'applied' : 'reverted'} (rolled back)`,
    );
  run.executionTimeMs = elapsed;
  return undefined;
}

/** A file's statements as one message, and which statement a position of an error is in. */
function oneMessage(head: string, statements: readonly SqlStatement[], tail: string) {
  const starts: number[] = [];
  let text = head;
  for (const [index, statement] of statements.entries()) {
    if (index > 0) text += '\n;\n';
    starts.push(text.length);
    text += statement.text;
  }
  text += tail;
  return {
    text,
    locate(position: number | undefined): { statement?: SqlStatement; offset?: number } {
      if (position === undefined) return {};
      for (let i = statements.length - 1; i >= 0; i--) {
        const start = starts[i] as number;
        if (position > start) return { statement: statements[i] as SqlStatement, offset: start };
      }
      return {};
    },
  };
}

async function runOutsideTransaction(db: Database, settings: RunnerSettings, job: ScriptJob) {
  const { script, entry, run, step, record } = job;
  const schema = historyOf(settings);
  const total = script.statements.length;
  const resumed = entry.progress?.direction === run.direction ? entry.progress : undefined;
  const started = performance.now();
  const id =
    resumed?.historyId ??
    (await insertHistoryRow(db, schema, {
      version: record.version,
      description: record.description,
      kind: record.kind,
      checksum: script.checksum,
      transactional: false,
      statementsTotal: total,
      finished: false,
    }));
  let done = resumed?.done ?? 0;
  let index = 0;
  for (const part of script.steps) {
    const end = index + part.statements.length;
    index = end;
    if (end <= done) continue;
    const failure = await withLockRetries(settings, entry.label, async () => {
      let statement: SqlStatement | undefined;
      try {
        if (part.block) await db.exec('BEGIN');
        for (const current of part.statements) {
          statement = current;
          await db.exec(current.text);
        }
        statement = undefined;
        await recordProgress(db, schema, id, end);
        if (part.block) await db.exec('COMMIT');
        return undefined;
      } catch (error) {
        if (part.block) await db.exec('ROLLBACK').catch(() => undefined);
        return { error, statement };
      }
    });
    if (failure) {
      await addExecutionTime(db, schema, id, performance.now() - started).catch(() => undefined);
      return failureDiagnostic(
        settings,
        job,
        failure,
        record.kind === 'apply'
          ? `it runs outside a transaction (${script.outsideTransactionBecause}), and ${done} of its ${total} statements are done; fix the cause and run schemata apply again, which plans what is left`
          : `it runs outside a transaction (${script.outsideTransactionBecause}), and ${done} of its ${total} statements are done; fix the cause and run schemata migrate ${run.direction} again to resume after statement ${done}`,
      );
    }
    done = end;
    step.advance(done, total, 'statements');
  }
  const elapsed = Math.round(performance.now() - started);
  await finishHistoryRow(db, schema, id, elapsed);
  await recordAlsoReverted(db, settings, job);
  run.executionTimeMs = elapsed;
  return undefined;
}

export interface SchemaPlanRun {
  /** SHA-256 of the plan's SQL, as recorded in the history. */
  checksum: string;
  statements: number;
  transactional: boolean;
  outsideTransactionBecause?: string;
  executionTimeMs?: number;
}

export interface SchemaPlanOptions {
  /** What the history row says: the model applied, for example. */
  description: string;
  /**
   * Asked holding the lock, before anything runs: whether the database is still the one the plan was
   * made from (another session may have changed it while the plan was proved and confirmed).
   */
  stillCurrent?: () => Promise<boolean>;
  /** Run holding the lock once the plan is applied: records what it left. */
  afterApplied?: () => Promise<void>;
}

/**
 * Applies a plan (its SQL script, as renderPlanSql writes it) as the runner applies a migration: under
 * the runner lock, in one transaction with its history row (kind apply) unless a statement cannot run
 * in one, with lock_timeout and retries.
 */
export async function applySchemaPlan(
  db: Database,
  sql: string,
  settings: RunnerSettings,
  options: SchemaPlanOptions,
): Promise<RunResult & { plan?: SchemaPlanRun }> {
  const read = await classifyMigrationScript(Buffer.from(sql), 'the plan');
  if (read.script === undefined) return { outcome: 'invalid', runs: [], diagnostics: read.diagnostics };
  const script = read.script;
  const plan: SchemaPlanRun = {
    checksum: script.checksum,
    statements: script.statements.length,
    transactional: script.transactional,
    ...(script.outsideTransactionBecause !== undefined && {
      outsideTransactionBecause: script.outsideTransactionBecause,
    }),
  };
  const result = await withRunnerLock(db, settings, async () => {
    await ensureHistoryTable(db, historyOf(settings));
    if (options.stillCurrent && !(await options.stillCurrent()))
      return refuse(
        'database-changed',
        'the database changed while the plan was being made; nothing was applied',
        'run schemata apply again to plan from where it is now',
      );
    const entry: MigrationStatusEntry = { version: 0, label: 'apply', state: 'pending', down: false };
    const run = plannedRun(entry, script, 'up');
    const failure = await inStep(settings.progress, 'applying the plan', (step) =>
      runScript(db, settings, {
        entry,
        script,
        run,
        step,
        record: { version: 0, description: options.description, kind: 'apply' },
      }),
    );
    if (failure) return { outcome: 'failed', runs: [], diagnostics: [failure] };
    if (run.executionTimeMs !== undefined) plan.executionTimeMs = run.executionTimeMs;
    await options.afterApplied?.();
    return { outcome: 'ok', runs: [], diagnostics: [] };
  });
  return { ...result, plan };
}
