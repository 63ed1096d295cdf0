// migrate up | status | verify --targets FILE: the same migrations directory run against many
// databases, or many schemas of one database (schema per tenant), a few at a time (--concurrency N).
// Each target keeps its own history, so a run that stops (a failure, a kill) is picked up by the next
// one where each target stopped. Progress on standard error (a bar on a terminal, a line per target
// finished), then a table of every target's result on standard output (with --json, `targets` and
// `summary`). Exit 0 every target ok, 1 a target failed, was skipped or is odd, 2 usage or input error.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { openServerDatabase, readDatabaseError, type Database } from '../../db/database.ts';
import type { MigrationsDirectory } from '../../migrations/migrations-directory.ts';
import {
  historyOf,
  migrateUp,
  readDatabaseStatus,
  type RunOutcome,
  type RunnerSettings,
} from '../../migrations/runner/run-migrations.ts';
import type { Diagnostic } from '../../model/diagnostics.ts';
import { inStep } from '../../model/progress.ts';
import { CliError, EXIT } from '../cli-error.ts';
import type { Output } from '../output.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import { printDiagnostics } from '../print.ts';
import { redactUrl } from './inspect.ts';

/** One database, or one schema of a database, to migrate. */
export interface Target {
  /** How it is named in progress, the table and diagnostics. */
  name: string;
  /** The database's URL (without the `#schema=` part). */
  url: string;
  /** A tenant's schema: the migrations run with it first on search_path, its history inside it. */
  schema?: string;
}

/** The history table of a tenant's schema, kept in that schema. */
export const TENANT_HISTORY_TABLE = 'schemata_migration_history';

const SCHEMA_FRAGMENT = /#schema=([^#]+)$/;

/**
 * Reads a targets file. Plain text (any name but .yaml, .yml, .json): one target a line, `#` starts a
 * comment line; a line is a database URL, a URL ending in `#schema=NAME` (that schema of the
 * database), or `schema=NAME` (that schema of the database --db names). YAML or JSON: a list (or
 * `targets:` holding one) of such strings or of `{ url, schema, name }` entries (url defaulting to
 * the database --db names).
 */
export async function readTargetsFile(path: string, defaultUrl: string | undefined): Promise<Target[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(
      'usage',
      `cannot read the targets file ${path}: ${(error as Error).message}`,
      'pass a file of database URLs, one a line',
    );
  }
  const entries: { at: string; value: unknown }[] = [];
  if (['.yaml', '.yml', '.json'].includes(extname(path).toLowerCase())) {
    let document: unknown;
    try {
      document = parseYaml(text);
    } catch (error) {
      throw new CliError('usage', `${path} is not valid YAML: ${(error as Error).message}`, 'fix the file');
    }
    const list =
      document !== null && typeof document === 'object' && !Array.isArray(document)
        ? (document as { targets?: unknown }).targets
        : document;
    if (!Array.isArray(list))
      throw new CliError(
        'usage',
        `${path} must hold a list of targets (or targets: with one)`,
        'e.g. - { url: postgres://app@db1/shop, schema: tenant_1 }',
      );
    list.forEach((value, index) => entries.push({ at: `${path}: entry ${index + 1}`, value }));
  } else {
    text.split(/\r?\n/).forEach((line, index) => {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return;
      entries.push({ at: `${path}:${index + 1}`, value: trimmed });
    });
  }
  const targets = entries.map(({ at, value }) => readEntry(at, value, defaultUrl));
  if (targets.length === 0)
    throw new CliError(
      'usage',
      `${path} names no targets`,
      'one database URL a line, e.g. postgres://app@db1/shop',
    );
  nameTargets(targets);
  const seen = new Map<string, string>();
  for (const [index, target] of targets.entries()) {
    const key = `${stripUser(target.url)}#${target.schema ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined)
      throw new CliError(
        'usage',
        `${path}: target ${index + 1} (${target.name}) is the same as ${first}`,
        'name each database or schema once',
      );
    seen.set(key, target.name);
  }
  return targets;
}

function readEntry(at: string, value: unknown, defaultUrl: string | undefined): Target {
  const bad = (message: string): never => {
    throw new CliError(
      'usage',
      `${at}: ${message}`,
      'a target is postgres://user@host/db, postgres://user@host/db#schema=NAME, or schema=NAME (of the database --db names)',
    );
  };
  let url: string | undefined;
  let schema: string | undefined;
  let name: string | undefined;
  if (typeof value === 'string') {
    const schemaOnly = /^schema=(.+)$/.exec(value);
    if (schemaOnly) schema = schemaOnly[1];
    else {
      url = value;
      const fragment = SCHEMA_FRAGMENT.exec(value);
      if (fragment) {
        schema = decodeURIComponent(fragment[1] ?? '');
        url = value.slice(0, fragment.index);
      }
    }
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entry = value as Record<string, unknown>;
    for (const key of Object.keys(entry))
      if (!['url', 'schema', 'name'].includes(key))
        bad(`unknown field "${key}" (url, schema and name are known)`);
    for (const key of ['url', 'schema', 'name'] as const)
      if (entry[key] !== undefined && typeof entry[key] !== 'string') bad(`${key} must be a string`);
    url = entry.url as string | undefined;
    schema = entry.schema as string | undefined;
    name = entry.name as string | undefined;
  } else bad('a target is a string or a { url, schema, name } entry');
  url ??= defaultUrl;
  if (url === undefined)
    return bad('a schema without a database: pass the database with --db (or --env, or DATABASE_URL)');
  if (!/^postgres(ql)?:\/\//i.test(url)) return bad(`"${redactUrl(url)}" is not a postgres:// URL`);
  if (schema !== undefined && (schema.trim() === '' || schema.length > 63))
    bad(`"${schema}" is not a schema name (1 to 63 characters)`);
  return { name: name ?? '', url, ...(schema !== undefined && { schema }) };
}

function stripUser(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}

/** Unnamed targets: the schema when every target is on one database, else host/db[#schema]. */
function nameTargets(targets: Target[]): void {
  const oneDatabase = new Set(targets.map((t) => stripUser(t.url))).size === 1;
  for (const target of targets) {
    if (target.name !== '') continue;
    if (oneDatabase && target.schema !== undefined) {
      target.name = target.schema;
      continue;
    }
    let where: string;
    try {
      const parsed = new URL(target.url);
      where = `${parsed.host}${parsed.pathname}`;
    } catch {
      where = redactUrl(target.url);
    }
    target.name = `${where}${target.schema !== undefined ? `#${target.schema}` : ''}`;
  }
}

/** What happened on one target. */
export interface TargetResult {
  name: string;
  url: string;
  schema?: string;
  /** unreachable: no connection; skipped: not started after another target failed; odd: status found problems. */
  outcome: RunOutcome | 'unreachable' | 'skipped' | 'odd';
  /** up: the migrations applied (with --dry-run, those that would be). */
  applied: string[];
  /** status: migrations applied and pending, and problems found. */
  appliedCount?: number;
  pending?: number;
  problems?: number;
  timeMs: number;
  diagnostics: Diagnostic[];
}

/** The settings of one target: a tenant's schema gets its history table and search_path. */
export function targetSettings(base: RunnerSettings, target: Target): RunnerSettings {
  if (target.schema === undefined) return base;
  return {
    ...base,
    historySchema: target.schema,
    historyTable: TENANT_HISTORY_TABLE,
    searchPath: [target.schema, 'public'],
  };
}

export interface TargetsRun {
  subcommand: 'up' | 'status' | 'verify';
  targets: Target[];
  directory: MigrationsDirectory;
  settings: RunnerSettings;
  concurrency: number;
  continueOnError: boolean;
  up?: { to?: number | undefined; dryRun: boolean };
  applicationName: string;
}

export async function runOnTargets(run: TargetsRun, out: Output): Promise<number> {
  const { targets, concurrency } = run;
  const results: (TargetResult | undefined)[] = targets.map(() => undefined);
  let next = 0;
  let done = 0;
  let stopped = false;
  const verb = run.subcommand === 'up' ? (run.up?.dryRun ? 'planning' : 'migrating') : 'reading';
  const started = performance.now();
  await inStep(
    out.progress,
    `${verb} ${targets.length} target${targets.length === 1 ? '' : 's'}, ${concurrency} at a time`,
    async (step) => {
      const worker = async () => {
        const connections: Connections = {};
        try {
          for (;;) {
            const index = next++;
            const target = targets[index];
            if (target === undefined) return;
            const result = stopped ? skipped(target) : await runTarget(run, target, connections);
            results[index] = result;
            if (!run.continueOnError && isFailure(result) && result.outcome !== 'skipped') stopped = true;
            done++;
            step.advance(done, targets.length, 'targets');
            if (result.outcome !== 'skipped') out.stderr(`${describeResult(run, result)}\n`);
          }
        } finally {
          await closeConnections(connections);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
    },
  );
  const finished = results.filter((r): r is TargetResult => r !== undefined);
  const totalMs = Math.round(performance.now() - started);
  const count = (outcome: TargetResult['outcome']) => finished.filter((r) => r.outcome === outcome).length;
  const summary = {
    targets: finished.length,
    ok: count('ok'),
    failed: finished.filter((r) => isFailure(r) && r.outcome !== 'skipped').length,
    skipped: count('skipped'),
    concurrency,
    timeMs: totalMs,
  };
  if (out.json)
    Object.assign(out.json.fields, {
      targets: finished.map((r) => ({ ...r, url: redactUrl(r.url) })),
      summary,
    });
  else out.stdout(renderTable(run, finished));
  printDiagnostics(
    out,
    finished.flatMap((r) => r.diagnostics.map((d) => ({ ...d, message: `${r.name}: ${d.message}` }))),
  );
  const parts = [`${summary.ok} ok`];
  if (summary.failed > 0)
    parts.push(`${summary.failed} ${run.subcommand === 'up' ? 'failed' : 'with problems'}`);
  if (summary.skipped > 0) parts.push(`${summary.skipped} skipped`);
  out.stderr(
    `${summary.targets} target${summary.targets === 1 ? '' : 's'} in ${(totalMs / 1000).toFixed(1)} s: ${parts.join(', ')}` +
      (run.subcommand === 'up' && summary.ok < summary.targets
        ? '; run again to pick up where each target stopped'
        : '') +
      '\n',
  );
  if (finished.some((r) => r.outcome === 'invalid')) return EXIT.usage;
  return summary.ok === summary.targets ? EXIT.ok : EXIT.findings;
}

const isFailure = (result: TargetResult) => result.outcome !== 'ok';

function skipped(target: Target): TargetResult {
  return {
    ...identity(target),
    outcome: 'skipped',
    applied: [],
    timeMs: 0,
    diagnostics: [
      {
        code: 'target-skipped',
        severity: 'error',
        message: 'not started: another target failed first',
        hint: 'fix that target and run again, or pass --continue-on-error to go on past failures',
      },
    ],
  };
}

function identity(target: Target): Pick<TargetResult, 'name' | 'url' | 'schema'> {
  return {
    name: target.name,
    url: target.url,
    ...(target.schema !== undefined && { schema: target.schema }),
  };
}

/**
 * A worker's connections, kept from one target to the next while they are on the same database:
 * tenants of one database cost no new connections. The lock connection is only for up.
 */
interface Connections {
  url?: string;
  db?: Database;
  lock?: Database;
}

async function closeConnections(connections: Connections): Promise<void> {
  await connections.db?.close().catch(() => undefined);
  await connections.lock?.close().catch(() => undefined);
  delete connections.url;
  delete connections.db;
  delete connections.lock;
}

async function connectionsFor(
  run: TargetsRun,
  target: Target,
  connections: Connections,
): Promise<{ db: Database; lock: Database | undefined }> {
  if (connections.url === target.url && connections.db) {
    try {
      // What the last target's session set (its search_path) stays out of this one.
      await connections.db.exec('RESET ALL');
      return { db: connections.db, lock: connections.lock };
    } catch {
      // A connection that broke: opened again below.
    }
  }
  await closeConnections(connections);
  const open = () => openServerDatabase(target.url, { applicationName: run.applicationName });
  connections.db = await open();
  connections.url = target.url;
  if (run.subcommand === 'up' && !run.up?.dryRun) connections.lock = await open();
  return { db: connections.db, lock: connections.lock };
}

async function runTarget(run: TargetsRun, target: Target, connections: Connections): Promise<TargetResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let db: Database;
  let lock: Database | undefined;
  try {
    ({ db, lock } = await connectionsFor(run, target, connections));
  } catch (error) {
    await closeConnections(connections);
    return {
      ...identity(target),
      outcome: 'unreachable',
      applied: [],
      timeMs: elapsed(),
      diagnostics: [
        {
          code: 'db-unreachable',
          severity: 'error',
          message: `cannot connect to ${redactUrl(target.url)}: ${readDatabaseError(error).message}`,
          hint: 'check the URL, that the server is running, and your credentials',
        },
      ],
    };
  }
  // Per-file notes and progress of many targets at once would interleave: each target gets one line.
  const { progress: _progress, onNote: _onNote, ...quiet } = targetSettings(run.settings, target);
  const settings: RunnerSettings = { ...quiet, lockConnection: lock };
  try {
    if (run.subcommand === 'up') {
      const result = await migrateUp(db, run.directory, settings, {
        to: run.up?.to,
        dryRun: run.up?.dryRun,
      });
      if (result.diagnostics.some((d) => d.code === 'migration-connection-lost'))
        await closeConnections(connections);
      return {
        ...identity(target),
        outcome: result.outcome,
        applied: result.runs.map((r) => r.label),
        timeMs: elapsed(),
        diagnostics: result.diagnostics.map((d) =>
          d.code === 'migration-failed'
            ? {
                ...d,
                hint: `${d.hint ? `${d.hint}; ` : ''}other targets may have applied the file, so fix the cause on this target rather than the file, then run again: each target goes on where it stopped`,
              }
            : d,
        ),
      };
    }
    const status = await readDatabaseStatus(db, run.directory, historyOf(settings));
    return {
      ...identity(target),
      outcome: status.findings.length > 0 ? 'odd' : 'ok',
      applied: [],
      appliedCount: status.entries.filter((e) => e.state === 'applied' || e.state === 'baseline').length,
      pending: status.entries.filter((e) => e.state === 'pending').length,
      problems: status.findings.length,
      timeMs: elapsed(),
      diagnostics: status.findings,
    };
  } catch (error) {
    // Whatever broke, the next target starts on new connections.
    await closeConnections(connections);
    return {
      ...identity(target),
      outcome: 'failed',
      applied: [],
      timeMs: elapsed(),
      diagnostics: [
        {
          code: 'target-failed',
          severity: 'error',
          message: readDatabaseError(error).message,
          hint: 'run again to pick up where it stopped',
        },
      ],
    };
  }
}

/** One line as a target finishes: `tenant_3: applied 2 (0001_a, 0002_b) in 120 ms`. */
function describeResult(run: TargetsRun, result: TargetResult): string {
  const time = `in ${result.timeMs} ms`;
  const first = result.diagnostics.find((d) => d.severity === 'error')?.message;
  if (run.subcommand !== 'up')
    return result.outcome === 'ok' || result.outcome === 'odd'
      ? `${result.name}: ${result.appliedCount} applied, ${result.pending} pending${result.problems ? `, ${result.problems} problem(s)` : ''}`
      : `${result.name}: ${result.outcome}: ${first ?? ''}`;
  if (result.outcome !== 'ok') return `${result.name}: ${result.outcome}${first ? `: ${first}` : ''}`;
  const verb = run.up?.dryRun ? 'would apply' : 'applied';
  if (result.applied.length === 0) return `${result.name}: up to date (${time})`;
  const listed =
    result.applied.length <= 3
      ? ` (${result.applied.join(', ')})`
      : ` (${result.applied[0]} to ${result.applied.at(-1)})`;
  return `${result.name}: ${verb} ${result.applied.length}${listed} ${time}`;
}

function renderTable(run: TargetsRun, results: readonly TargetResult[]): string {
  const header =
    run.subcommand === 'up'
      ? ['TARGET', 'RESULT', run.up?.dryRun ? 'WOULD APPLY' : 'APPLIED', 'TIME']
      : ['TARGET', 'RESULT', 'APPLIED', 'PENDING', 'PROBLEMS'];
  const rows = results.map((r) =>
    run.subcommand === 'up'
      ? [r.name, r.outcome, String(r.applied.length), r.outcome === 'skipped' ? '' : `${r.timeMs} ms`]
      : [
          r.name,
          r.outcome,
          r.appliedCount === undefined ? '' : String(r.appliedCount),
          r.pending === undefined ? '' : String(r.pending),
          r.problems === undefined ? '' : String(r.problems),
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    `${cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}\n`;
  return `${line(header)}${rows.map(line).join('')}`;
}

/** `--concurrency N`: a whole number from 1 (default 4). */
export function readConcurrency(args: ParsedArgs): number {
  const text = args.values.concurrency as string | undefined;
  if (text === undefined) return 4;
  if (!/^[1-9]\d*$/.test(text))
    throw new CliError(
      'usage',
      `--concurrency takes a whole number from 1, not "${text}"`,
      'e.g. --concurrency 8',
    );
  return Number(text);
}
