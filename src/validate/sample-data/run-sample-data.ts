// The sample-data step: rows for every table, inserted into the scratch database in foreign-key order,
// and the report section that says how many each table got and what could not be filled, and why.
import { createRequire } from 'node:module';
import type * as FakerModule from '@faker-js/faker';
import { loadSqlParser } from '../../dialects/postgres/types.ts';
import type { ModelPath } from '../../model/model-path.ts';
import type { ValidationContext, ValidationFinding, ValidationSection } from '../validation.ts';
import {
  fillLaterKeys,
  fillTable,
  laterUpdates,
  sequenceResets,
  type FilledTable,
  type FillState,
  type Row,
} from './fill-tables.ts';
import { readDatabaseError, type Database } from '../../db/database.ts';
import { planTables, type TablePlan } from './plan-tables.ts';
import { DEFAULT_SCALE, rowCount } from './row-counts.ts';

/** The rows of one table as their PostgreSQL text forms (null for NULL), in insert order. */
export interface SampleTable {
  schema: string;
  name: string;
  columns: string[];
  /** A column is GENERATED ALWAYS AS IDENTITY: the INSERT overrides it. */
  overriding: boolean;
  /** Its rows go in with the keys of its cycle deferred, in the one transaction of the whole load. */
  deferred: boolean;
  /** As inserted: keys filled later (a broken cycle) are NULL here. */
  rows: Row[];
  /** Statements to run once every table has its rows: keys filled later, sequences moved on. */
  after: string[];
}

export interface SampleData {
  /** In foreign-key order: parents before children. */
  tables: SampleTable[];
}

/** The time sample timestamps fall around, fixed so that a seed always gives the same rows. */
export const SAMPLE_BASE_TIME = Date.UTC(2025, 5, 1);

export async function runSampleData(
  ctx: ValidationContext,
): Promise<{ section: ValidationSection; data: SampleData; state: FillState; plans: TablePlan[] }> {
  await loadSqlParser();
  const order = planTables(ctx.model);
  // Loaded here, not by every command at start-up.
  const { Faker, base, en } = createRequire(import.meta.url)('@faker-js/faker') as typeof FakerModule;
  const faker = new Faker({ locale: [en, base] });
  faker.seed(ctx.seed);
  const state: FillState = { db: ctx.db, faker, base: SAMPLE_BASE_TIME, filled: new Map() };
  const scale = ctx.scale ?? DEFAULT_SCALE;
  let done = 0;
  const failedCycles = new Map<string, string>();
  // The connection itself while a deferred cycle's transaction is open (state.db is then its wrapper).
  let connection: Database | undefined;
  for (const [index, plan] of order.tables.entries()) {
    const cycle = plan.deferredCycle;
    if (cycle !== undefined && order.tables[index - 1]?.deferredCycle !== cycle)
      connection = await beginDeferred(state);
    const wanted = rowCount(plan.table.volume?.rows, scale);
    await fillTable(plan, wanted, state);
    if (cycle !== undefined && order.tables[index + 1]?.deferredCycle !== cycle) {
      const members = order.tables.filter((p) => p.deferredCycle === cycle);
      state.db = connection ?? state.db;
      connection = undefined;
      const failure = await commitDeferred(members, state);
      if (failure !== undefined) failedCycles.set(cycle, failure);
    }
    done++;
    if (done % 50 === 0) ctx.progress?.(`${done} of ${order.tables.length} tables filled`);
  }
  // The inserted rows are what the later keys update (in memory too, for the export).
  const inserted = new Map([...state.filled].map(([key, table]) => [key, table.rows.map((row) => [...row])]));
  for (const plan of order.tables) await fillLaterKeys(state.filled.get(plan.key) as never, state);
  await ctx.db.exec('ANALYZE');

  const findings: ValidationFinding[] = [];
  const tables: SampleTable[] = [];
  const counts: Record<string, { rows: number; wanted: number; rejected?: number; limitedBy?: string }> = {};
  let total = 0;
  for (const plan of order.tables) {
    const filled = state.filled.get(plan.key);
    if (filled === undefined) continue;
    ctx.rowCounts.set(plan.key, filled.rows.length);
    const rejected = [...filled.rejections.values()].reduce((sum, r) => sum + r.count, 0);
    counts[plan.key] = {
      rows: filled.rows.length,
      wanted: filled.wanted,
      ...(rejected > 0 && { rejected }),
      ...(filled.limitedBy !== undefined && { limitedBy: filled.limitedBy }),
    };
    total += filled.rows.length;
    tables.push({
      schema: plan.schema,
      name: plan.name,
      columns: filled.columns,
      overriding: plan.columns.some((c) => c.identity === 'always'),
      deferred: plan.deferredCycle !== undefined,
      rows: inserted.get(plan.key) ?? [],
      after: [...(filled.later ? laterUpdates(plan, filled.later) : []), ...sequenceResets(plan)],
    });
    findings.push(...tableFindings(ctx, plan, filled));
  }
  for (const cycle of order.cycles) {
    const failure = failedCycles.get(cycle.tables.join(', '));
    if (cycle.deferrable && failure === undefined) continue;
    findings.push({
      code: 'fk-cycle-not-null',
      severity: cycle.deferrable ? 'warning' : 'error',
      message: cycle.deferrable
        ? `the NOT NULL foreign keys ${cycle.foreignKeys.join(', ')} form a cycle; its rows, inserted in one transaction with the keys deferred, were rolled back: ${failure ?? ''}`
        : `the NOT NULL foreign keys ${cycle.foreignKeys.join(', ')} form a cycle that is not deferrable: no table of it can ever get its first row`,
      object: cycle.tables.join(', '),
      ...located(ctx, tablePath(cycle.tables[0] as string, ctx)),
      hint: cycle.deferrable
        ? 'see why the rows were rejected; the tables of the cycle are reported with their reasons'
        : 'make one of the keys nullable, or DEFERRABLE, so the cycle can be closed in one transaction',
    });
  }
  const filledTables = tables.filter((t) => t.rows.length > 0).length;
  const lines = order.tables.map((plan) => {
    const c = counts[plan.key] ?? { rows: 0, wanted: 0 };
    return `${plan.key}: ${c.rows.toLocaleString('en-US')} row${c.rows === 1 ? '' : 's'}${c.rows < c.wanted ? ` of ${c.wanted.toLocaleString('en-US')} wanted${c.limitedBy ? ` (${c.limitedBy})` : ''}` : ''}`;
  });
  return {
    section: {
      name: 'sample-data',
      summary: `${total.toLocaleString('en-US')} rows in ${filledTables} of ${order.tables.length} tables`,
      findings,
      details: { seed: ctx.seed, scale, tables: counts },
      lines,
    },
    data: { tables },
    state,
    plans: order.tables,
  };
}

/**
 * Opens the transaction of a cycle of deferrable NOT NULL keys. Until its COMMIT every statement runs
 * in a savepoint of its own, so a rejected batch (retried row by row) does not abort the transaction.
 */
async function beginDeferred(state: FillState): Promise<Database> {
  const db = state.db;
  await db.exec('BEGIN; SET CONSTRAINTS ALL DEFERRED');
  const inSavepoint = async (run: () => Promise<void>) => {
    await db.exec('SAVEPOINT schemata_sample_rows');
    try {
      await run();
    } catch (error) {
      await db.exec('ROLLBACK TO SAVEPOINT schemata_sample_rows');
      throw error;
    }
    await db.exec('RELEASE SAVEPOINT schemata_sample_rows');
  };
  const copyCsv = db.copyCsv?.bind(db);
  state.db = {
    ...db,
    exec: (sql) => inSavepoint(() => db.exec(sql)),
    ...(copyCsv && { copyCsv: (sql: string, csv: string) => inSavepoint(() => copyCsv(sql, csv)) }),
  };
  return db;
}

/**
 * Fills the cycle's forward keys, whose rows hold stand-ins till now, and commits (state.db is the
 * connection again); the reason when the transaction could not commit, whose rows are then gone from
 * every table of the cycle.
 */
async function commitDeferred(members: readonly TablePlan[], state: FillState): Promise<string | undefined> {
  const { db } = state;
  let reason: string | undefined;
  for (const plan of members) {
    const filled = state.filled.get(plan.key) as FilledTable;
    if (!(await fillLaterKeys(filled, state, true)))
      reason ??= `${plan.key}: ${filled.problems.at(-1) ?? ''}`;
  }
  if (reason === undefined) {
    try {
      await db.exec('COMMIT');
      return undefined;
    } catch (error) {
      reason = readDatabaseError(error).message;
    }
  }
  await db.exec('ROLLBACK').catch(() => {});
  for (const plan of members) {
    const filled = state.filled.get(plan.key) as FilledTable;
    filled.rows = [];
    delete filled.maker;
    filled.problems.push(`the rows of its cycle were rolled back: ${reason}`);
  }
  return reason;
}

function tablePath(key: string, ctx: ValidationContext): ModelPath {
  const plan = planOf(key, ctx);
  return ['schemas', plan.schema, 'tables', plan.name];
}

function planOf(key: string, ctx: ValidationContext): { schema: string; name: string } {
  for (const [schema, def] of Object.entries(ctx.model.schemas ?? {}))
    for (const name of Object.keys(def.tables ?? {}))
      if (`${schema}.${name}` === key) return { schema, name };
  const dot = key.indexOf('.');
  return { schema: key.slice(0, dot), name: key.slice(dot + 1) };
}

function located(ctx: ValidationContext, path: ModelPath): Pick<ValidationFinding, 'location'> {
  const location = ctx.locate?.(path);
  return location ? { location } : {};
}

function tableFindings(
  ctx: ValidationContext,
  plan: TablePlan,
  filled: NonNullable<ReturnType<FillState['filled']['get']>>,
): ValidationFinding[] {
  const findings: ValidationFinding[] = [];
  const where = located(ctx, ['schemas', plan.schema, 'tables', plan.name]);
  const short = filled.rows.length < filled.wanted && filled.limitedBy === undefined;
  if (!short) return findings;
  const checks = new Map(plan.checks.map((c) => [c.name, c]));
  const rejections = [...filled.rejections].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
  // Checks sample data could not satisfy, named on their own with their business rule.
  for (const [constraint, rejection] of rejections) {
    const check = checks.get(constraint);
    if (check === undefined) continue;
    findings.push({
      code: 'check-not-satisfied',
      severity: 'warning',
      message: `sample rows could not satisfy the check ${constraint} (${check.expression}); ${rejection.count} rows were rejected`,
      object: `${plan.key}.${constraint}`,
      ...where,
      ...(check.businessRule !== undefined && { businessRule: check.businessRule }),
      hint: 'sample data solves comparisons, BETWEEN, IN lists, lengths, simple patterns and AND/OR of them; others are left to chance',
    });
  }
  if (plan.blocked !== undefined) return findings;
  // A check's rejections are named here too (briefly: the check has its own finding above), so that
  // the table's finding always says why it is short.
  const reasons = [
    ...filled.problems,
    ...rejections.map(([constraint, r]) =>
      checks.has(constraint)
        ? `${r.count} rows rejected by the check ${constraint}`
        : `${r.count} rows rejected: ${r.message}`,
    ),
  ];
  findings.push({
    code: filled.rows.length === 0 ? 'table-not-filled' : 'table-partly-filled',
    severity: 'warning',
    message: `${plan.key} got ${filled.rows.length} of ${filled.wanted} rows${reasons.length > 0 ? `: ${reasons.slice(0, 3).join('; ')}` : ''}`,
    object: plan.key,
    ...where,
    hint: 'a trigger, a policy or a constraint schemata cannot read may reject its rows; see the reasons',
  });
  return findings;
}
