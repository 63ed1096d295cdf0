// schemata migrate up | down | status | verify | baseline | repair | drift: the migrations directory against a
// database, through the runner (src/migrations/runner/). Exit 0 done (or nothing odd), 1 failed,
// refused, busy or something odd found, 2 usage or input error.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  EMBEDDED_URL,
  openEmbeddedDatabase,
  openServerDatabase,
  readDatabaseError,
  type Database,
} from '../../db/database.ts';
import {
  formatVersionRanges,
  readMigrationsDirectory,
  type MigrationsDirectory,
} from '../../migrations/migrations-directory.ts';
import { DEFAULT_HISTORY_SCHEMA } from '../../migrations/runner/history-table.ts';
import type { MigrationStatus, MigrationStatusEntry } from '../../migrations/runner/migration-status.ts';
import {
  migrateDown,
  migrateUp,
  readDatabaseStatus,
  repairHistory,
  setBaseline,
  type MigrationRun,
  type RunResult,
  type RunnerSettings,
} from '../../migrations/runner/run-migrations.ts';
import { hasErrors } from '../../model/diagnostics.ts';
import { loadSqlParser } from '../../dialects/postgres/types.ts';
import { CliError, EXIT } from '../cli-error.ts';
import { environmentUrl } from '../config/environment-url.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import { resolveMigrationsPath } from '../model-io.ts';
import type { Output } from '../output.ts';
import { printDiagnostics } from '../print.ts';
import { redactUrl } from './inspect.ts';
import { readConcurrency, readTargetsFile, runOnTargets } from './migrate-targets.ts';

const DATABASE = ['db', 'env', 'dir', 'history-schema'];
const RUNNING = [...DATABASE, 'lock-wait', 'lock-timeout', 'statement-timeout'];

const TARGETS = ['targets', 'concurrency'];

export const RUNNER_OPTIONS: Record<string, readonly string[]> = {
  up: [...RUNNING, ...TARGETS, 'continue-on-error', 'to', 'dry-run', 'check-drift', 'dev-db', 'no-cache'],
  down: [...RUNNING, 'to', 'steps'],
  status: [...DATABASE, ...TARGETS],
  verify: [...DATABASE, ...TARGETS],
  baseline: [...DATABASE, 'lock-wait'],
  repair: [...DATABASE, 'lock-wait'],
  drift: [...DATABASE, 'model', 'dev-db', 'no-cache'],
};

/** How the runner's sessions show in pg_stat_activity (and in a waiting runner's message). */
const APPLICATION_NAME = 'schemata migrate';

export async function runRunnerCommand(subcommand: string, args: ParsedArgs, out: Output): Promise<number> {
  const [, ...rest] = args.positionals;
  const expected = subcommand === 'baseline' ? 1 : 0;
  if (subcommand === 'baseline' && rest.length === 0)
    throw new CliError('usage', 'migrate baseline needs a VERSION', 'e.g. schemata migrate baseline 0003');
  if (rest.length > expected)
    throw new CliError('usage', `unexpected argument "${rest[expected]}"`, `run "schemata migrate --help"`);
  // up and down parse the files they run: the parser's WebAssembly compiles while the database is
  // reached and the history read.
  if (subcommand === 'up' || subcommand === 'down') void loadSqlParser().catch(() => undefined);
  const settings = readSettings(args, out);
  const directory = await readDirectory(args, out);
  if (args.values.targets !== undefined)
    return runTargets(subcommand as 'up' | 'status' | 'verify', directory, settings, args, out);
  const url = databaseUrl(args);
  const db = await connect(url);
  try {
    switch (subcommand) {
      case 'up':
        return await runUp(db, directory, settings, args, out);
      case 'down':
        return await runDown(db, directory, settings, args, out);
      case 'status':
      case 'verify':
        return await runStatus(subcommand, db, directory, settings, out);
      case 'baseline':
        return await runBaseline(db, directory, settings, version(rest[0] ?? '', 'VERSION'), out);
      case 'repair':
        return await runRepair(db, directory, settings, out);
      case 'drift':
        return await (await import('./migrate-drift.ts')).runDrift(db, directory, settings, args, out);
      default:
        throw new Error(`no runner subcommand ${subcommand}`);
    }
  } finally {
    await db.close().catch(() => undefined);
  }
}

export function readSettings(args: ParsedArgs, out: Output): RunnerSettings {
  const lockWait = args.values['lock-wait'] as string | undefined;
  const statementTimeout = args.values['statement-timeout'] as string | undefined;
  return {
    historySchema: (args.values['history-schema'] as string | undefined) ?? DEFAULT_HISTORY_SCHEMA,
    lockWaitMs: lockWait === undefined ? 60_000 : seconds(lockWait, '--lock-wait') * 1000,
    lockTimeoutMs: duration((args.values['lock-timeout'] as string | undefined) ?? '5s', '--lock-timeout'),
    statementTimeoutMs:
      statementTimeout === undefined ? undefined : duration(statementTimeout, '--statement-timeout'),
    progress: out.progress,
    onNote: (note) => out.stderr(`${note}\n`),
  };
}

function seconds(text: string, option: string): number {
  if (!/^\d+(\.\d+)?$/.test(text))
    throw new CliError('usage', `${option} takes a number of seconds, not "${text}"`, `e.g. ${option} 120`);
  return Number(text);
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, min: 60_000, h: 3_600_000 };

/** `5s`, `500ms`, `2min`, `1h`; a bare number is seconds. */
function duration(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|min|h)?$/.exec(text.trim());
  if (match === null)
    throw new CliError(
      'usage',
      `${option} takes a duration such as 5s, 500ms or 2min, not "${text}"`,
      `e.g. ${option} 5s`,
    );
  const ms = Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 1000);
  if (ms < 1) throw new CliError('usage', `${option} must be at least 1ms`, `e.g. ${option} 5s`);
  return ms;
}

function version(text: string, what: string): number {
  if (!/^\d+$/.test(text))
    throw new CliError(
      'usage',
      `${what} is a migration version (its number, e.g. 0003), not "${text}"`,
      'schemata migrate status lists them',
    );
  return Number(text);
}

async function readDirectory(args: ParsedArgs, out: Output): Promise<MigrationsDirectory> {
  const dir = resolveMigrationsPath(args.values.dir as string | undefined, args.config);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CliError('usage', `${dir} is not a directory`, 'pass the migrations directory with --dir DIR');
  const directory = await readMigrationsDirectory(dir);
  if (hasErrors(directory.diagnostics))
    throw new CliError('invalid-migrations', '', undefined, directory.diagnostics);
  printDiagnostics(out, directory.diagnostics);
  return directory;
}

/** migrate up | status | verify --targets FILE: every target of the file, a few at a time. */
async function runTargets(
  subcommand: 'up' | 'status' | 'verify',
  directory: MigrationsDirectory,
  settings: RunnerSettings,
  args: ParsedArgs,
  out: Output,
): Promise<number> {
  if (args.values['check-drift'])
    throw new CliError(
      'usage',
      'migrate up --targets does not take --check-drift',
      'check each database with schemata migrate drift --db URL',
    );
  const given = args.given?.has('db') || args.values.env !== undefined || process.env.DATABASE_URL;
  const targets = await readTargetsFile(args.values.targets as string, given ? databaseUrl(args) : undefined);
  const toText = args.values.to as string | undefined;
  const to = toText === undefined ? undefined : version(toText, '--to');
  return runOnTargets(
    {
      subcommand,
      targets,
      directory,
      settings,
      concurrency: readConcurrency(args),
      continueOnError: Boolean(args.values['continue-on-error']),
      up: { to, dryRun: Boolean(args.values['dry-run']) },
      applicationName: APPLICATION_NAME,
    },
    out,
  );
}

/** --db, else --env, else $DATABASE_URL. */
export function databaseUrl(args: ParsedArgs, command = 'migrate'): string {
  const environment = args.values.env as string | undefined;
  if (environment !== undefined && args.given?.has('db'))
    throw new CliError('usage', `${command} takes --db or --env, not both`, 'leave out one of them');
  const url =
    environment !== undefined
      ? environmentUrl(args.config, environment)
      : ((args.values.db as string | undefined) ?? process.env.DATABASE_URL);
  if (!url)
    throw new CliError(
      'usage',
      `no database to ${command === 'migrate' ? 'migrate' : command}`,
      'pass --db postgres://user@host/db (or pglite:DIR, an embedded database kept in DIR) or --env NAME (an environment of schemata.config.yaml), or set DATABASE_URL',
    );
  return url;
}

export async function connect(url: string, applicationName = APPLICATION_NAME): Promise<Database> {
  const embedded = EMBEDDED_URL.exec(url);
  if (embedded) {
    const dataDir = resolve(embedded[1] ?? '');
    try {
      return await openEmbeddedDatabase({ dataDir });
    } catch (error) {
      throw new CliError(
        'db-unreachable',
        `cannot open the embedded database in ${dataDir}: ${readDatabaseError(error).message}`,
        'pglite:PATH is a directory schemata keeps an embedded PostgreSQL in (created when missing), used by one process at a time',
      );
    }
  }
  try {
    return await openServerDatabase(url, { applicationName });
  } catch (error) {
    throw new CliError(
      'db-unreachable',
      `cannot connect to ${redactUrl(url)}: ${readDatabaseError(error).message}`,
      'check the URL, that the server is running, and your credentials',
    );
  }
}

const EXIT_OF: Record<RunResult['outcome'], number> = {
  ok: EXIT.ok,
  refused: EXIT.findings,
  failed: EXIT.findings,
  busy: EXIT.findings,
  invalid: EXIT.usage,
};

function finish(result: RunResult, out: Output): number {
  printDiagnostics(out, result.diagnostics);
  if (out.json && result.lockHolder) out.json.fields.lockHolder = result.lockHolder;
  return EXIT_OF[result.outcome];
}

function describeRun(run: MigrationRun): string {
  const how = run.transactional
    ? 'in a transaction'
    : `outside a transaction: ${run.outsideTransactionBecause}`;
  const resumed = run.resumedAfter !== undefined ? `, resuming after statement ${run.resumedAfter}` : '';
  return `${run.label} (${run.statements} statement${run.statements === 1 ? '' : 's'}, ${how}${resumed})`;
}

async function runUp(
  db: Database,
  directory: MigrationsDirectory,
  settings: RunnerSettings,
  args: ParsedArgs,
  out: Output,
): Promise<number> {
  const toText = args.values.to as string | undefined;
  const to = toText === undefined ? undefined : version(toText, '--to');
  if (to !== undefined && !directory.migrations.some((m) => m.version === to))
    throw new CliError(
      'usage',
      `--to ${toText}: there is no migration ${toText} in ${directory.dir}`,
      'schemata migrate status lists them',
    );
  const dryRun = Boolean(args.values['dry-run']);
  if (args.values['check-drift']) {
    // Checked before the lock is taken: the replay can take a while, and a runner that applies in
    // between leaves the history and the schema agreeing anyway.
    const { hasDrift, readDrift, refuseDrift } = await import('./migrate-drift.ts');
    const report = await readDrift(db, directory, settings, args, out, { withModel: false });
    if (hasDrift(report)) {
      refuseDrift(report, out);
      return EXIT.findings;
    }
  }
  const result = await migrateUp(db, directory, settings, { to, dryRun });
  if (out.json) Object.assign(out.json.fields, { applied: result.runs, ...(dryRun && { dryRun }) });
  if (dryRun && result.outcome === 'ok' && !out.json) {
    if (result.runs.length === 0) out.stdout('nothing to apply: the database is up to date\n');
    for (const run of result.runs) out.stdout(`would apply ${describeRun(run)}\n`);
  } else if (result.outcome === 'ok') {
    out.stderr(
      result.runs.length === 0
        ? 'nothing to apply: the database is up to date\n'
        : `applied ${result.runs.length} migration${result.runs.length === 1 ? '' : 's'}\n`,
    );
  }
  return finish(result, out);
}

async function runDown(
  db: Database,
  directory: MigrationsDirectory,
  settings: RunnerSettings,
  args: ParsedArgs,
  out: Output,
): Promise<number> {
  const toText = args.values.to as string | undefined;
  const stepsText = args.values.steps as string | undefined;
  if (toText !== undefined && args.given?.has('steps'))
    throw new CliError(
      'usage',
      'migrate down takes --steps N or --to VERSION, not both',
      'leave out one of them',
    );
  const to = toText === undefined ? undefined : version(toText, '--to');
  let steps: number | undefined;
  if (to === undefined && stepsText !== undefined) {
    if (!/^[1-9]\d*$/.test(stepsText))
      throw new CliError(
        'usage',
        `--steps takes a positive whole number, not "${stepsText}"`,
        'e.g. --steps 2',
      );
    steps = Number(stepsText);
  }
  const result = await migrateDown(db, directory, settings, { to, steps });
  if (out.json) out.json.fields.reverted = result.runs;
  if (result.outcome === 'ok')
    out.stderr(
      result.runs.length === 0
        ? 'nothing to revert\n'
        : `reverted ${result.runs.length} migration${result.runs.length === 1 ? '' : 's'}\n`,
    );
  return finish(result, out);
}

async function runStatus(
  subcommand: 'status' | 'verify',
  db: Database,
  directory: MigrationsDirectory,
  settings: RunnerSettings,
  out: Output,
): Promise<number> {
  const status = await readDatabaseStatus(db, directory, settings.historySchema);
  if (out.json) out.json.fields.migrations = status.entries.map(statusDocument);
  if (out.json) {
    // The entries are the document's `migrations`.
  } else if (subcommand === 'status') out.stdout(renderStatusTable(status, directory.width));
  else if (status.findings.length === 0) {
    const applied = status.entries.filter((e) => e.state === 'applied').length;
    out.stdout(
      `verified: the ${applied} applied migration file${applied === 1 ? ' is' : 's are'} unchanged\n`,
    );
  }
  printDiagnostics(out, status.findings);
  return status.findings.length > 0 ? EXIT.findings : EXIT.ok;
}

function statusDocument(entry: MigrationStatusEntry) {
  return {
    version: entry.version,
    label: entry.label,
    state: entry.state,
    ...(entry.appliedBy && {
      appliedKind: entry.appliedBy.kind,
      appliedAt: entry.appliedBy.at,
      appliedBy: entry.appliedBy.user,
      executionTimeMs: entry.appliedBy.executionTimeMs,
    }),
    ...(entry.checksum !== undefined && { checksum: entry.checksum }),
    ...(entry.fileChecksum !== undefined && { fileChecksum: entry.fileChecksum }),
    ...(entry.progress && {
      progress: {
        direction: entry.progress.direction,
        done: entry.progress.done,
        total: entry.progress.total,
      },
    }),
    down: entry.down,
    ...(entry.replaces && { replaces: entry.replaces }),
    ...(entry.replacedApplied && { replacedApplied: true }),
  };
}

function renderStatusTable(status: MigrationStatus, width: number): string {
  if (status.entries.length === 0) return 'no migrations in the directory, none applied\n';
  const rows = status.entries.map((e) => [
    e.label,
    e.state === 'partial' && e.progress
      ? `partial ${e.progress.direction} (${e.progress.done}/${e.progress.total})`
      : e.replacedApplied && e.replaces
        ? `${e.state} (as ${formatVersionRanges(e.replaces, width)})`
        : e.state,
    e.appliedBy ? e.appliedBy.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '',
    e.appliedBy?.user ?? '',
    e.appliedBy?.executionTimeMs != null ? `${e.appliedBy.executionTimeMs} ms` : '',
  ]);
  const header = ['MIGRATION', 'STATE', 'APPLIED AT (UTC)', 'BY', 'TIME'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `${cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}\n`;
  const applied = status.entries.filter((e) => e.state === 'applied' || e.state === 'baseline').length;
  const pending = status.entries.filter((e) => e.state === 'pending').length;
  return `${line(header)}${rows.map(line).join('')}${applied} applied, ${pending} pending${status.findings.length > 0 ? `, ${status.findings.length} problem${status.findings.length === 1 ? '' : 's'}` : ''}\n`;
}

async function runBaseline(
  db: Database,
  directory: MigrationsDirectory,
  settings: RunnerSettings,
  baseline: number,
  out: Output,
): Promise<number> {
  const result = await setBaseline(db, directory, settings, baseline);
  const label = directory.migrations.find((m) => m.version === baseline)?.label;
  if (result.outcome === 'ok') {
    if (out.json) out.json.fields.baseline = { version: baseline, ...(label !== undefined && { label }) };
    out.stderr(
      `baseline set: the database is taken to be at ${label ?? baseline}; later migrations are pending\n`,
    );
  }
  return finish(result, out);
}

async function runRepair(
  db: Database,
  directory: MigrationsDirectory,
  settings: RunnerSettings,
  out: Output,
): Promise<number> {
  const result = await repairHistory(db, directory, settings);
  if (out.json) out.json.fields.repaired = result.repairs;
  for (const repair of result.repairs)
    out.stderr(
      `accepted the changed ${repair.label}: sha256 ${repair.previousChecksum} -> ${repair.checksum}\n`,
    );
  if (result.repairs.length === 0 && result.outcome !== 'busy')
    out.stderr('nothing to repair: no applied file changed\n');
  return finish(result, out);
}
