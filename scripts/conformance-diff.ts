// Diff conformance over a schema-transition corpus (pg-delta's layout): each case directory holds a.sql
// and b.sql, optional seed.sql (rows for state a) and seed-b.sql (rows for state b), meta.json and
// budget.json. Both sides are loaded with psql into server databases (with their seed rows), dumped
// and inspected; for each direction `schemata diff A_URL B_URL` runs as a user runs it (its own process,
// the proof on, destructive steps consented); its up statements are applied to the source database,
// which must then equal the target's dump by pg_dump --schema-only, diff empty against the target by
// the command again, and keep the row count of every table that exists on both sides. A case whose
// command fails (a failed proof included) fails. budget.json's shape
// assertions are checked against the plan. Both directions are planned before either is applied.
//
//   npm run conformance:diff -- DIR [--only TEXT[,TEXT...]] [--jobs N] [--verbose]
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { openServerDatabase } from '../src/db/database.ts';
import { createScratchDatabase, type ScratchDatabase } from '../src/db/scratch.ts';
import type { Model } from '../src/model/model-schema.ts';
import type { Change } from '../src/diff/changes.ts';
import { inspectDatabase, type InspectResult } from '../src/dialects/postgres/inspect/inspect-database.ts';
import { describe } from '../src/dialects/postgres/plan/plan-changes.ts';
import { applyStatements } from '../src/dialects/postgres/plan/apply-plan.ts';
import type { PlannedStatement } from '../src/dialects/postgres/plan/planned-statement.ts';
import { quoteIdent, quoteQualified } from '../src/dialects/postgres/quote.ts';
import { loadSqlParser } from '../src/dialects/postgres/types.ts';
import { dumpSchema } from '../src/dialects/postgres/pg-dump.ts';
import { writeModel } from '../src/writers/model-files.ts';
import {
  compareDumpTexts,
  dropNewRoles,
  listRoles,
  loadWithPsql,
  serverMajor,
  serverUrl,
  summariseKinds,
} from './support/corpus-databases.ts';

const BIN = fileURLToPath(new URL('../bin/schemata.js', import.meta.url));
const args = process.argv.slice(2);
const valued = ['--only', '--jobs'];
const dir = args.find((a) => !a.startsWith('--') && !valued.includes(args[args.indexOf(a) - 1] ?? ''));
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const jobs = args.includes('--jobs') ? Number(args[args.indexOf('--jobs') + 1]) : 1;
const verbose = args.includes('--verbose');
if (dir === undefined) {
  console.error('usage: npm run conformance:diff -- DIR [--only TEXT] [--jobs N] [--verbose]');
  process.exit(2);
}
const corpus: string = dir;

type Outcome = 'pass' | 'fail' | 'unsupported';
interface Result {
  outcome: Outcome;
  reason: string;
}
interface Row extends Result {
  name: string;
  category: string;
  directions: Record<Direction, Result | undefined>;
}
type Direction = 'a-to-b' | 'b-to-a';

interface Budget {
  require?: string[];
  forbid?: string[];
  expectedFailure?: { assertion: string; reason?: string };
}

interface Side {
  db: ScratchDatabase;
  inspected: InspectResult;
  dump: string;
  /** Rows per table, by qualified name. */
  rows: Map<string, number>;
}

/** pg-delta's fact kinds for ours: constraints are one kind, enums and other types another. */
const FACT_KINDS: Partial<Record<Change['kind'], string>> = {
  primaryKey: 'constraint',
  unique: 'constraint',
  check: 'constraint',
  exclusion: 'constraint',
  foreignKey: 'constraint',
  enum: 'type',
  enumValue: 'type',
};

/**
 * The plan's shape facts (`alter:column`, `replacement:view`, ...): a change's action, except that an
 * alter whose statements drop the object and create it again is a replacement.
 */
function planFacts(changes: readonly Change[], statements: readonly PlannedStatement[]): Set<string> {
  const facts = new Set<string>();
  for (const change of changes) {
    const label = describe(change);
    const own = statements.filter((s) => s.change === label || s.change.startsWith(`${label} (`));
    const drops = own.some(
      (s) => /^DROP (?!DEFAULT)/.test(s.sql) || /\bDROP (COLUMN|CONSTRAINT)\b/.test(s.sql),
    );
    const shape = change.action === 'alter' && drops ? 'replacement' : change.action;
    facts.add(`${shape}:${FACT_KINDS[change.kind] ?? change.kind}`);
  }
  return facts;
}

/**
 * Budget violations. A budget's `expectedFailure` pins a failure of the tool the corpus was written
 * for; schemata is held to every shape, pinned or not.
 */
function checkBudget(budget: Budget | undefined, facts: Set<string>): string | undefined {
  if (budget === undefined) return undefined;
  const violations = [
    ...(budget.require ?? []).filter((s) => !facts.has(s)).map((s) => `require:${s}`),
    ...(budget.forbid ?? []).filter((s) => facts.has(s)).map((s) => `forbid:${s}`),
  ];
  return violations.length === 0
    ? undefined
    : `budget: ${violations.join(', ')} (plan facts: ${[...facts].join(', ')})`;
}

async function countRows(url: string, model: Model): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const db = await openServerDatabase(url);
  try {
    for (const [schema, def] of Object.entries(model.schemas ?? {})) {
      for (const table of Object.keys(def.tables ?? {})) {
        const name = quoteQualified(schema, table);
        const [row] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ONLY ${name}`);
        counts.set(name, Number(row?.n ?? 0));
      }
    }
  } finally {
    await db.close();
  }
  return counts;
}

/**
 * Databases are dropped one at a time in the background: DROP DATABASE waits for a checkpoint, which
 * on a busy server takes longer than a case.
 */
let dropping: Promise<void> = Promise.resolve();
function dropLater(db: ScratchDatabase): void {
  dropping = dropping.then(() =>
    dropDatabase(db).catch((error: Error) => console.error(`could not drop ${db.name}: ${error.message}`)),
  );
}

/** Subscriptions keep a database in use: they are detached from their slots and dropped first. */
async function dropDatabase(db: ScratchDatabase): Promise<void> {
  const connection = await openServerDatabase(db.url);
  try {
    const rows = await connection.query<{ subname: string }>(
      'SELECT subname FROM pg_subscription WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())',
    );
    for (const { subname } of rows) {
      const name = quoteIdent(subname);
      await connection.exec(`ALTER SUBSCRIPTION ${name} DISABLE`);
      await connection.exec(`ALTER SUBSCRIPTION ${name} SET (slot_name = NONE)`);
      await connection.exec(`DROP SUBSCRIPTION ${name}`);
    }
  } finally {
    await connection.close();
  }
  await db.drop();
}

/** Creates a role a case names without creating it (the role its own suite ran as). */
async function createRole(name: string): Promise<void> {
  const connection = await openServerDatabase(serverUrl);
  try {
    await connection.exec(`CREATE ROLE ${quoteIdent(name)} NOLOGIN`);
  } finally {
    await connection.close();
  }
}

async function loadSide(
  files: string[],
  databases: ScratchDatabase[],
  rolesMade = 0,
): Promise<{ side?: Side; error?: string }> {
  const db = await createScratchDatabase(serverUrl, 'schemata_diffconf');
  databases.push(db);
  for (const file of files) {
    // Both sides share the cluster's roles: a role the other side created already exists.
    const errors = (await loadWithPsql(db.url, file)).filter((e) => !/role ".*" already exists/.test(e));
    const missingRole = /role "(.*)" does not exist/.exec(errors[0] ?? '')?.[1];
    if (missingRole !== undefined && rolesMade < 3) {
      await createRole(missingRole);
      return loadSide(files, databases, rolesMade + 1);
    }
    if (errors.length > 0) return { error: `loading ${file.split('/').slice(-2).join('/')}: ${errors[0]}` };
  }
  const connection = await openServerDatabase(db.url);
  const inspected = await inspectDatabase(connection).finally(() => connection.close());
  const dump = await dumpSchema(db.url);
  return { side: { db, inspected, dump, rows: await countRows(db.url, inspected.model) } };
}

interface PlannedDirection {
  changes: Change[];
  up: PlannedStatement[];
  refused?: string;
  budget?: string;
}

/**
 * Runs the command exactly as a user does (proof on, default settings, destructive steps consented),
 * as its own process through the bin. JSON output carries the plan for the budget checks.
 */
function runCommand(...argv: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...argv], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status ?? 2, stdout: result.stdout, stderr: result.stderr };
}

function firstError(stderr: string): string {
  return (stderr.split('\n').find((line) => /\berror\b/.test(line)) ?? stderr.split('\n')[0] ?? '').trim();
}

function planDirection(from: Side, to: Side, budget: Budget | undefined): PlannedDirection {
  const result = runCommand('diff', from.db.url, to.db.url, '--allow-data-loss', '--format', 'json');
  if (result.code === 2)
    return { changes: [], up: [], refused: `schemata diff: ${firstError(result.stderr)}` };
  const output = JSON.parse(result.stdout) as { changes: Change[]; up: PlannedStatement[] };
  const planned: PlannedDirection = { changes: output.changes, up: output.up };
  const budgetProblem = checkBudget(budget, planFacts(output.changes, output.up));
  if (budgetProblem !== undefined) planned.budget = budgetProblem;
  return planned;
}

/** Applies the plan to the source database itself, which is not used again afterwards. */
async function runDirection(from: Side, to: Side, planned: PlannedDirection): Promise<Result> {
  if (planned.refused !== undefined) return { outcome: 'fail', reason: planned.refused };
  const connection = await openServerDatabase(from.db.url);
  try {
    const failure = await applyStatements(connection, planned.up);
    if (failure !== undefined) {
      return {
        outcome: 'fail',
        reason: `apply failed at ${failure.statement.change}: ${failure.error.message}\n  ${failure.statement.sql.split('\n')[0]}`,
      };
    }
  } finally {
    await connection.close();
  }
  const comparison = compareDumpTexts(await dumpSchema(from.db.url), to.dump);
  if (!comparison.equal) return { outcome: 'fail', reason: `pg_dump differs: ${comparison.detail}` };
  // The target database may have been changed by the other direction already: its model, inspected
  // before either was applied, is the target (a model file, as a user gives one).
  const targetFile = join(mkdtempSync(join(tmpdir(), 'schemata-conformance-')), 'target.yaml');
  writeFileSync(targetFile, writeModel(to.inspected.model));
  const again = runCommand('diff', from.db.url, targetFile, '--format', 'summary');
  rmSync(dirname(targetFile), { recursive: true, force: true });
  if (again.code !== 0) {
    return {
      outcome: 'fail',
      reason: `re-diff not empty: ${again.code === 1 ? again.stdout.split('\n').slice(1, 4).join(';').trim() : firstError(again.stderr)}`,
    };
  }
  const reinspected = await openServerDatabase(from.db.url);
  const model = await inspectDatabase(reinspected).finally(() => reinspected.close());
  const after = await countRows(from.db.url, model.model);
  const lost = [...from.rows].filter(([table, n]) => after.has(table) && after.get(table) !== n);
  if (lost.length > 0) {
    return {
      outcome: 'fail',
      reason: `seed rows changed: ${lost.map(([t, n]) => `${t} ${n} -> ${after.get(t)}`).join(', ')}`,
    };
  }
  return planned.budget === undefined
    ? { outcome: 'pass', reason: '' }
    : { outcome: 'fail', reason: planned.budget };
}

async function runCase(path: string, major: number): Promise<Omit<Row, 'name' | 'category'>> {
  const none = { 'a-to-b': undefined, 'b-to-a': undefined };
  const meta = existsSync(join(path, 'meta.json'))
    ? (JSON.parse(readFileSync(join(path, 'meta.json'), 'utf8')) as { minVersion?: number })
    : {};
  if (meta.minVersion !== undefined && meta.minVersion > major)
    return { outcome: 'unsupported', reason: `needs PostgreSQL ${meta.minVersion}`, directions: none };
  const budgets = existsSync(join(path, 'budget.json'))
    ? (JSON.parse(readFileSync(join(path, 'budget.json'), 'utf8')) as Partial<Record<Direction, Budget>>)
    : {};
  const files = (sql: string, seed: string) =>
    [sql, seed].map((f) => join(path, f)).filter((f) => existsSync(f));
  const caseText = ['a.sql', 'b.sql', 'seed.sql', 'seed-b.sql']
    .map((f) => join(path, f))
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  corpusText.push(caseText);
  // Roles are cluster-wide: removed after each case, or after the run when cases run in parallel.
  const roles = jobs === 1 ? await listRoles() : undefined;
  const sides: Side[] = [];
  const databases: ScratchDatabase[] = [];
  try {
    for (const [sql, seed] of [
      ['a.sql', 'seed.sql'],
      ['b.sql', 'seed-b.sql'],
    ] as const) {
      const loaded = await loadSide(files(sql, seed), databases);
      if (loaded.side === undefined)
        return { outcome: 'fail', reason: loaded.error ?? 'not loaded', directions: none };
      sides.push(loaded.side);
    }
    const [a, b] = sides as [Side, Side];
    const unsupported = [...a.inspected.unsupported, ...b.inspected.unsupported];
    if (unsupported.length > 0) {
      return {
        outcome: 'unsupported',
        reason: summariseKinds(unsupported.map((u) => u.kind)),
        directions: none,
      };
    }
    const up = planDirection(a, b, budgets['a-to-b']);
    const down = planDirection(b, a, budgets['b-to-a']);
    const directions = {
      'a-to-b': await runDirection(a, b, up),
      'b-to-a': await runDirection(b, a, down),
    };
    const failed = Object.entries(directions).filter(([, r]) => r.outcome === 'fail');
    return failed.length === 0
      ? { outcome: 'pass', reason: '', directions }
      : { outcome: 'fail', reason: failed.map(([d, r]) => `${d}: ${r.reason}`).join('\n'), directions };
  } finally {
    for (const db of databases) dropLater(db);
    // Roles owning objects go once the databases holding them are gone.
    if (roles !== undefined && [...(await listRoles())].some((role) => !roles.has(role))) {
      await dropping;
      await dropNewRoles(roles, (role) => caseText.toLowerCase().includes(role.toLowerCase()));
    }
  }
}

await loadSqlParser();
const major = await serverMajor();
const cases = readdirSync(dir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'a.sql')))
  .filter((e) => only === undefined || only.split(',').some((part) => e.name.includes(part)))
  .map((e) => e.name)
  .sort();
const rows: Row[] = [];
/** The SQL of every case run: roles are dropped only when a case names them. */
const corpusText: string[] = [];
async function runNext(): Promise<void> {
  const name = cases.shift();
  if (name === undefined) return;
  const started = Date.now();
  const result = await runCase(join(corpus, name), major).catch(
    (error: Error): Omit<Row, 'name' | 'category'> => ({
      outcome: 'fail',
      reason: `error: ${error.message}`,
      directions: { 'a-to-b': undefined, 'b-to-a': undefined },
    }),
  );
  rows.push({ name, category: name.split('--')[0] ?? name, ...result });
  if (verbose || result.outcome === 'fail')
    console.error(`${result.outcome} ${name} (${Date.now() - started} ms) ${result.reason.split('\n')[0]}`);
  await runNext();
}
const rolesBefore = await listRoles();
await Promise.all(Array.from({ length: Math.max(1, jobs) }, runNext));
await dropping;
if (jobs > 1) {
  const text = corpusText.join('\n').toLowerCase();
  await dropNewRoles(rolesBefore, (role) => text.includes(role.toLowerCase()));
}
rows.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));

const count = (list: Row[], outcome: Outcome) => list.filter((r) => r.outcome === outcome).length;
const rate = (list: Row[]) => {
  const inScope = count(list, 'pass') + count(list, 'fail');
  return inScope === 0 ? '-' : `${((100 * count(list, 'pass')) / inScope).toFixed(1)}%`;
};
const lines = [
  '# Diff conformance',
  '',
  'A case passes when both directions (a to b, b to a) pass on the server. Rate = pass / (pass + fail).',
  '',
  '| category | cases | pass (both directions) | fail | unsupported | rate |',
  '|---|---|---|---|---|---|',
];
const categories = [...new Set(rows.map((r) => r.category))].sort();
for (const category of [...categories, 'all']) {
  const list = category === 'all' ? rows : rows.filter((r) => r.category === category);
  lines.push(
    `| ${category} | ${list.length} | ${count(list, 'pass')} | ${count(list, 'fail')} | ${count(list, 'unsupported')} | ${rate(list)} |`,
  );
}
const directionPasses = rows.flatMap((r) => Object.values(r.directions)).filter((d) => d?.outcome === 'pass');
lines.push('', `Directions passing: ${directionPasses.length}.`, '', '## Unsupported', '');
for (const row of rows.filter((r) => r.outcome === 'unsupported')) lines.push(`- ${row.name}: ${row.reason}`);
lines.push('', '## Failures', '');
for (const row of rows.filter((r) => r.outcome === 'fail'))
  lines.push(`- ${row.name}:`, ...row.reason.split('\n').map((l) => `    ${l}`));
const report = `${lines.join('\n')}\n`;
mkdirSync('conformance-out', { recursive: true });
writeFileSync(join('conformance-out', 'diff.md'), report);
console.log(report);
process.exit(count(rows, 'fail') === 0 ? 0 : 1);
