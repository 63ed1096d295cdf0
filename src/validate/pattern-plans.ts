// Running the declared query patterns on the sample data: parameters filled with real values from the
// columns they are compared with, the plan read with EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) inside a
// transaction that is rolled back (a pattern may write), and again without sequential scans to learn
// whether an index can serve each filter at all. The query-plan and index-advice checks share the
// result, worked out once per validation run.
import type { Database } from '../db/database.ts';
import { readDatabaseError } from '../db/database.ts';
import { quoteIdent, quoteLiteral, quoteQualified } from '../dialects/postgres/quote.ts';
import { loadSqlParser } from '../dialects/postgres/types.ts';
import {
  analysePattern,
  declaredPatterns,
  type DeclaredPattern,
  type ParameterUse,
  type PatternShape,
} from './pattern-analysis.ts';
import type { ValidationContext } from './validation.ts';

/** One node of a plan, as EXPLAIN (FORMAT JSON) prints it (the fields read here). */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Schema?: string;
  Alias?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  'Sort Key'?: string[];
  'Total Cost'?: number;
  /** PostgreSQL 18: the node is of a kind switched off (enable_* = off). */
  Disabled?: boolean;
  'Plan Rows'?: number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

export interface ExplainedPlan {
  Plan: PlanNode;
  'Execution Time'?: number;
  'Planning Time'?: number;
}

export interface PatternRun {
  pattern: DeclaredPattern;
  shape?: PatternShape;
  /** The values given to $1..$n, as text. */
  parameters: (string | null)[];
  /** The plan on the sample data (EXPLAIN ANALYZE). */
  plan?: ExplainedPlan;
  /** The plan when sequential scans are off: which indexes can serve the pattern. */
  indexPlan?: ExplainedPlan;
  /** When the plan sorts: the plan with sorts and sequential scans off (can an index give the order?). */
  sortPlan?: ExplainedPlan;
  error?: string;
}

/**
 * Settings for every plan of the pattern: a parameter without a sample value (an empty table) would
 * be NULL, which the planner folds away (`col = NULL` is never true), so such a pattern is planned
 * generically, as for any value.
 */
export function patternSettings(run: Pick<PatternRun, 'parameters'>, extra: string[] = []): string[] {
  return run.parameters.includes(null) ? ['plan_cache_mode = force_generic_plan', ...extra] : extra;
}

const runs = new WeakMap<ValidationContext, Promise<PatternRun[]>>();

/** Every declared pattern with SQL, run once per context. */
export function runPatterns(ctx: ValidationContext): Promise<PatternRun[]> {
  let result = runs.get(ctx);
  if (result === undefined) {
    result = runAll(ctx);
    runs.set(ctx, result);
  }
  return result;
}

async function runAll(ctx: ValidationContext): Promise<PatternRun[]> {
  await loadSqlParser();
  const patterns = declaredPatterns(ctx.model);
  if (patterns.length > 0) await ctx.db.exec('ANALYZE');
  const result: PatternRun[] = [];
  for (const [index, pattern] of patterns.entries()) {
    ctx.progress?.(`explaining ${pattern.schema}.${pattern.table}.${pattern.name}`);
    result.push(await runPattern(ctx, pattern, index));
  }
  return result;
}

async function runPattern(
  ctx: ValidationContext,
  pattern: DeclaredPattern,
  index: number,
): Promise<PatternRun> {
  const run: PatternRun = { pattern, parameters: [] };
  try {
    run.shape = analysePattern(pattern.sql, ctx.model, pattern.schema);
  } catch (error) {
    run.error = `it does not parse: ${(error as Error).message}`;
    return run;
  }
  try {
    run.parameters = await fillParameters(ctx.db, run.shape);
    run.plan = await explainPattern(ctx.db, pattern.sql, run.parameters, {
      analyze: true,
      index,
      schema: pattern.schema,
      settings: patternSettings(run),
    });
    run.indexPlan = await explainPattern(ctx.db, pattern.sql, run.parameters, {
      analyze: false,
      index,
      schema: pattern.schema,
      settings: patternSettings(run, ['enable_seqscan = off']),
    });
    if (planNodes(run.plan.Plan).some((node) => node['Node Type'] === 'Sort'))
      run.sortPlan = await explainPattern(ctx.db, pattern.sql, run.parameters, {
        analyze: false,
        index,
        schema: pattern.schema,
        settings: patternSettings(run, ['enable_seqscan = off', 'enable_sort = off']),
      });
  } catch (error) {
    const e = readDatabaseError(error);
    run.error = e.message + (e.detail ? ` (${e.detail})` : '');
  }
  return run;
}

/**
 * A value for every parameter from the column it is compared with: the median value for an equality,
 * the first and third quartile for the two ends of a range, so the range holds rows. A parameter
 * compared with nothing the model knows gets NULL.
 */
export async function fillParameters(db: Database, shape: PatternShape): Promise<(string | null)[]> {
  const values: (string | null)[] = [];
  for (let number = 1; number <= shape.parameterCount; number++) {
    const use = shape.parameters.get(number);
    values.push(use ? await sampleValue(db, use) : null);
  }
  return values;
}

async function sampleValue(db: Database, use: ParameterUse): Promise<string | null> {
  const column = quoteIdent(use.column);
  const table = quoteQualified(use.schema, use.table);
  const fraction = use.bound === 'lower' ? 0.25 : use.bound === 'upper' ? 0.75 : 0.5;
  const [row] = await db.query<{ value: string | null }>(
    `SELECT ${column}::text AS value FROM ${table} WHERE ${column} IS NOT NULL ORDER BY ${column}` +
      ` OFFSET (SELECT floor(count(${column}) * ${fraction})::bigint FROM ${table}) LIMIT 1`,
  );
  return row?.value ?? null;
}

export interface ExplainOptions {
  analyze: boolean;
  /** Distinguishes the prepared statement's name. */
  index: number;
  /** `name = value` settings for this plan only (SET LOCAL). */
  settings?: string[];
  /** The schema the pattern's unqualified names are looked up in first (the declaring table's). */
  schema?: string;
  /** Statements run first in the same transaction (a candidate index), rolled back with it. */
  before?: string[];
}

/**
 * EXPLAIN of the pattern with the given values, in a transaction that is rolled back: a pattern
 * that writes leaves nothing behind, and neither do `before` statements.
 */
export async function explainPattern(
  db: Database,
  sql: string,
  values: readonly (string | null)[],
  options: ExplainOptions,
): Promise<ExplainedPlan> {
  const name = `schemata_pattern_${options.index}`;
  // VERBOSE names each relation's schema.
  const explain = options.analyze ? 'ANALYZE, BUFFERS, VERBOSE, FORMAT JSON' : 'VERBOSE, FORMAT JSON';
  const text = sql.trim().replace(/;\s*$/, '');
  const execute =
    values.length === 0
      ? `EXECUTE ${name}`
      : `EXECUTE ${name}(${values.map((v) => (v === null ? 'NULL' : quoteLiteral(v))).join(', ')})`;
  await db.exec('BEGIN');
  try {
    if (options.schema !== undefined)
      await db.exec(`SET LOCAL search_path = ${quoteIdent(options.schema)}, public`);
    for (const setting of options.settings ?? []) await db.exec(`SET LOCAL ${setting}`);
    for (const statement of options.before ?? []) await db.query(statement);
    await db.exec(`PREPARE ${name} AS ${text}`);
    const [row] = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (${explain}) ${execute}`);
    const value = row?.['QUERY PLAN'];
    const parsed = (typeof value === 'string' ? JSON.parse(value) : value) as ExplainedPlan[];
    return parsed[0] as ExplainedPlan;
  } finally {
    await db.exec('ROLLBACK');
    // A prepared statement outlives the transaction it was made in, even one rolled back.
    await db.exec(`DEALLOCATE ${name}`).catch(() => undefined);
  }
}

/**
 * Plans compared as the planner compares them: fewer disabled nodes first (PostgreSQL 18 counts them;
 * before 18 their penalty is inside the cost), then the lower cost.
 */
export function cheaperPlan(a: PlanNode, b: PlanNode): boolean {
  const count = (plan: PlanNode) => planNodes(plan).filter((node) => node.Disabled === true).length;
  const disabled = count(a) - count(b);
  if (disabled !== 0) return disabled < 0;
  return (a['Total Cost'] ?? Infinity) < (b['Total Cost'] ?? Infinity);
}

/** Every node of a plan, depth first. */
export function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

const SCAN_TYPES = new Set(['Seq Scan', 'Index Scan', 'Index Only Scan', 'Bitmap Heap Scan']);

export interface Scan {
  type: string;
  schema: string;
  table: string;
  index?: string;
  /** True when an index condition (not a full index walk) drives the scan. */
  indexed: boolean;
}

/** The scans of base tables, with the index each uses (a bitmap scan's index from its child). */
export function planScans(plan: PlanNode): Scan[] {
  return planNodes(plan)
    .filter((node) => SCAN_TYPES.has(node['Node Type']) && node['Relation Name'] !== undefined)
    .map((node) => {
      const bitmap = node['Node Type'] === 'Bitmap Heap Scan';
      const indexNode = bitmap ? planNodes(node).find((n) => n['Node Type'] === 'Bitmap Index Scan') : node;
      const index = indexNode?.['Index Name'];
      return {
        type: node['Node Type'],
        schema: node.Schema ?? 'public',
        table: node['Relation Name'] as string,
        ...(index !== undefined && { index }),
        indexed: indexNode?.['Index Cond'] !== undefined,
      };
    });
}

/** The indexes a plan uses. */
export function planIndexes(plan: PlanNode): string[] {
  return planNodes(plan)
    .map((node) => node['Index Name'])
    .filter((name): name is string => name !== undefined);
}
