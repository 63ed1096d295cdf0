// Import round trip over a schema-transition corpus: every a.sql and b.sql is loaded into a server
// database A with psql (the reference), imported through embedded PostgreSQL into a model, generated
// back into DDL, loaded into an empty database B, and A and B are compared by pg_dump --schema-only.
// Files with objects that inspect reports as unsupported are counted apart, with the kinds; their other
// objects must still round-trip.
//
//   npm run conformance:import -- DIR [--only TEXT]... [--category NAME]... [--jobs N]
//     [--out FILE] [--verbose]
//
// Each worker reuses its embedded database and its server databases A and B, emptied between files
// (scripts/support/reusable-database.ts). Roles are cluster-wide on the server: the roles the files
// made are dropped at the end, and files that alter or drop roles run alone.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ScratchDatabase } from '../src/db/scratch.ts';
import { formatDiagnostic } from '../src/model/diagnostics.ts';
import { importSql } from '../src/readers/import-sql.ts';
import {
  dropNewRoles,
  listRoles,
  loadWithPsql,
  rebuildAndCompare,
  serverMajor,
  serverUrl,
  summariseKinds,
} from './support/corpus-databases.ts';
import { ReusableEmbeddedDatabase, ReusableServerDatabase } from './support/reusable-database.ts';

const { values, positionals } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    category: { type: 'string', multiple: true },
    jobs: { type: 'string', default: '1' },
    out: { type: 'string', default: 'conformance-out/import.md' },
    verbose: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const dir = positionals[0];
const jobs = Number(values.jobs);
if (!dir || !Number.isInteger(jobs) || jobs < 1) {
  console.error(
    'usage: npm run conformance:import -- DIR [--only TEXT]... [--category NAME]... [--jobs N] [--out FILE] [--verbose]',
  );
  process.exit(2);
}

type Outcome = 'pass' | 'fail' | 'unsupported' | 'skipped';
interface Result {
  outcome: Outcome;
  reason: string;
}
interface Row extends Result {
  file: string;
  category: string;
}
interface Task {
  file: string;
  category: string;
  path: string;
  text: string;
  /** Alters or drops roles, which are cluster-wide: runs with no other file in flight. */
  exclusive: boolean;
  skip?: string;
}

/** A file that takes longer is abandoned (with its embedded database) and counted as failed. */
const FILE_TIMEOUT_MS = 180_000;

/**
 * DROP DATABASE waits for a checkpoint, which takes seconds on a busy server: scratch databases are
 * dropped in the background, a few at a time, so that concurrent drops share one.
 */
class BackgroundDrops {
  private readonly queue: ScratchDatabase[] = [];
  private inFlight = 0;
  private idle: (() => void)[] = [];

  add(database: ScratchDatabase): void {
    this.queue.push(database);
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < 3 && this.queue.length > 0) {
      const database = this.queue.shift()!;
      this.inFlight++;
      void database
        .drop()
        .catch((error: Error) => console.error(`could not drop ${database.name}: ${error.message}`))
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
    if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  /** Resolves when every database handed over is dropped. */
  async finish(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }
}

const backgroundDrops = new BackgroundDrops();

/** The databases one worker reuses: embedded for the import, A and B on the server. */
interface Workspace {
  embedded: ReusableEmbeddedDatabase;
  a: ReusableServerDatabase;
  b: ReusableServerDatabase;
}

async function openWorkspace(): Promise<Workspace> {
  const retire = (database: ScratchDatabase) => backgroundDrops.add(database);
  return {
    embedded: await ReusableEmbeddedDatabase.open(),
    a: await ReusableServerDatabase.create(serverUrl, retire),
    b: await ReusableServerDatabase.create(serverUrl, retire),
  };
}

async function closeWorkspace(workspace: Workspace): Promise<string[]> {
  const { embedded, a, b } = workspace;
  a.close();
  b.close();
  await embedded.close().catch(() => undefined);
  return [...embedded.replacements, ...a.replacements, ...b.replacements];
}

async function checkFile({ embedded, a, b }: Workspace, task: Task): Promise<Result> {
  await embedded.reset();
  const imported = await importSql(embedded.db, task.text, task.path);
  const errors = imported.diagnostics.filter((d) => d.severity === 'error');
  const lacking = errors.map((d) => embeddedLacks(d.message)).find(Boolean);
  if (lacking) return { outcome: 'unsupported', reason: lacking };
  if (errors.length > 0) {
    return { outcome: 'fail', reason: `import failed: ${errors.map(formatDiagnostic).join('; ')}` };
  }
  await Promise.all([a.reset(), b.reset()]);
  const referenceErrors = await loadWithPsql(a.url, task.path);
  const difference = await rebuildAndCompare(imported.model, imported.unsupported, a.url, b.url, task.path);
  const unsupported = summariseKinds(imported.unsupported.map((u) => u.kind));
  if (difference !== undefined) {
    const reference = referenceErrors.length > 0 ? `reference load: ${referenceErrors.join('; ')}; ` : '';
    const also = unsupported ? `unsupported ${unsupported}, and ` : '';
    return { outcome: 'fail', reason: `${reference}${also}${difference}` };
  }
  return unsupported ? { outcome: 'unsupported', reason: unsupported } : { outcome: 'pass', reason: '' };
}

/**
 * Roles are cluster-wide: another run against the same server may drop a corpus role between the
 * loads of A and B. Such a file is checked once more.
 */
async function checkFileOnce(workspace: Workspace, task: Task): Promise<Result> {
  const check = () =>
    checkFile(workspace, task).catch((error: Error): Result => ({ outcome: 'fail', reason: error.message }));
  const result = await check();
  return /role ".*" does not exist/.test(result.reason) ? check() : result;
}

/** What the embedded database cannot do that a file needs, from the error it gave. */
function embeddedLacks(message: string): string | undefined {
  const extension = /extension "(.+)" is not available/.exec(message)?.[1];
  if (extension) return `extension ${extension} (not in embedded PostgreSQL)`;
  if (/libpqwalreceiver/.test(message)) return 'subscription (embedded PostgreSQL cannot replicate)';
  return undefined;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function readTasks(major: number): Task[] {
  const filters = values.only ?? [];
  const categories = values.category ?? [];
  const cases = readdirSync(dir!, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    // A case is run when it matches any filter, or when there is none.
    .filter(
      (name) =>
        (filters.length === 0 && categories.length === 0) ||
        filters.some((f) => name.includes(f)) ||
        categories.includes(name.split('--')[0] ?? name),
    )
    .sort();
  const tasks: Task[] = [];
  for (const name of cases) {
    const category = name.split('--')[0] ?? name;
    const metaPath = join(dir!, name, 'meta.json');
    const meta = existsSync(metaPath)
      ? (JSON.parse(readFileSync(metaPath, 'utf8')) as { minVersion?: number; isolatedCluster?: boolean })
      : {};
    for (const side of ['a.sql', 'b.sql']) {
      const path = join(dir!, name, side);
      if (!existsSync(path)) continue;
      const text = readFileSync(path, 'utf8');
      const exclusive = /\b(ALTER|DROP)\s+(ROLE|USER|GROUP)\b/i.test(text);
      const task: Task = { file: `${name}/${side}`, category, path, text, exclusive };
      if (meta.minVersion !== undefined && meta.minVersion > major)
        task.skip = `needs PostgreSQL ${meta.minVersion}, the reference server is ${major}`;
      tasks.push(task);
    }
  }
  return tasks;
}

/** Runs tasks on `jobs` workers; an exclusive task waits for the others and holds them back. */
async function runTasks(tasks: Task[]): Promise<{ rows: Row[]; replacements: string[] }> {
  const rows: Row[] = [];
  const replacements: string[] = [];
  let next = 0;
  let running = 0;
  let exclusiveRunning = false;
  const pause = () => new Promise((resolve) => setTimeout(resolve, 50));
  const record = (task: Task, result: Result, ms: number) => {
    rows.push({ file: task.file, category: task.category, ...result });
    if (values.verbose || result.outcome === 'fail')
      console.error(`${result.outcome} ${task.file} (${ms} ms) ${result.reason.split('\n')[0]}`);
  };
  const worker = async () => {
    let workspace = await openWorkspace();
    for (;;) {
      const task = tasks[next];
      if (!task) break;
      if (exclusiveRunning || (task.exclusive && running > 0)) {
        await pause();
        continue;
      }
      next++;
      if (task.skip) {
        record(task, { outcome: 'skipped', reason: task.skip }, 0);
        continue;
      }
      running++;
      exclusiveRunning = task.exclusive;
      const started = Date.now();
      const result = await withTimeout(checkFileOnce(workspace, task), FILE_TIMEOUT_MS);
      if (result === 'timeout') {
        replacements.push(...(await closeWorkspace(workspace)), `${task.file} timed out`);
        workspace = await openWorkspace();
      }
      record(
        task,
        result === 'timeout' ? { outcome: 'fail', reason: 'timed out' } : result,
        Date.now() - started,
      );
      running--;
      exclusiveRunning = false;
    }
    replacements.push(...(await closeWorkspace(workspace)));
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  return { rows: rows.sort((x, y) => x.file.localeCompare(y.file)), replacements };
}

function report(rows: Row[], seconds: number): string {
  const count = (list: Row[], outcome: Outcome) => list.filter((r) => r.outcome === outcome).length;
  const rate = (list: Row[]) => {
    const pass = count(list, 'pass');
    const inScope = pass + count(list, 'fail');
    return inScope === 0 ? '-' : `${((100 * pass) / inScope).toFixed(1)}%`;
  };
  const lines = [
    '| category | files | pass | fail | unsupported | skipped | in-scope pass rate |',
    '|---|---|---|---|---|---|---|',
  ];
  const line = (name: string, list: Row[]) =>
    `| ${name} | ${list.length} | ${count(list, 'pass')} | ${count(list, 'fail')} | ` +
    `${count(list, 'unsupported')} | ${count(list, 'skipped')} | ${rate(list)} |`;
  for (const category of [...new Set(rows.map((r) => r.category))].sort())
    lines.push(
      line(
        category,
        rows.filter((r) => r.category === category),
      ),
    );
  lines.push(line('**all**', rows));
  const pass = count(rows, 'pass');
  const inScope = pass + count(rows, 'fail');
  lines.push(
    '',
    `In scope (no unsupported objects, loadable on the reference server): ${inScope} files, ${pass} pass = ${rate(rows)}. ` +
      `${rows.length} files in ${seconds.toFixed(0)} s.`,
  );
  const unsupportedKinds = new Map<string, number>();
  for (const row of rows.filter((r) => r.outcome === 'unsupported')) {
    for (const part of row.reason.split(', ')) {
      const kind = part.replace(/^\d+ /, '');
      unsupportedKinds.set(kind, (unsupportedKinds.get(kind) ?? 0) + 1);
    }
  }
  lines.push(
    '',
    `Unsupported, by object kind (files): ${[...unsupportedKinds].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
  );
  for (const outcome of ['fail', 'unsupported', 'skipped'] as const) {
    const list = rows.filter((r) => r.outcome === outcome);
    if (list.length === 0) continue;
    lines.push('', `### ${outcome}`, '');
    for (const row of list) lines.push(`- ${row.file}: ${row.reason.replaceAll('\n', '\n  ')}`);
  }
  return lines.join('\n');
}

const started = Date.now();
const roles = await listRoles();
const tasks = readTasks(await serverMajor());
const { rows, replacements } = await runTasks(tasks);
// The roles the files made can be dropped only once the databases using them are gone; a role no file
// names was made by someone else.
await backgroundDrops.finish();
const corpusText = tasks.map((t) => t.text.toLowerCase()).join('\n');
await dropNewRoles(roles, (role) => corpusText.includes(role.toLowerCase()));
const text = report(rows, (Date.now() - started) / 1000);
console.log(`\n${text}`);
if (replacements.length > 0)
  console.error(`\nembedded database replaced ${replacements.length} times: ${replacements.join('; ')}`);
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${text}\n`);
console.error(`\nwritten to ${values.out}`);
process.exit(rows.some((r) => r.outcome === 'fail') ? 1 : 0);
