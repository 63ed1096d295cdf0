// The index-advice check: for each declared pattern that no index serves, candidate indexes made from
// what it asks of the table (equality columns first, then one range column, or the sort columns after
// the equality ones; the join columns), each tried on the sample data: hypothetically with hypopg
// when the server has it, else built for real inside a transaction that is rolled back. A candidate
// is kept when the planner uses it and the plan's cost drops; the cheapest per table is advised, as
// the model YAML to add. Indexes no declared pattern uses are listed too.
import { Document, isSeq } from 'yaml';
import type { Database } from '../db/database.ts';
import type { Table } from '../model/model-schema.ts';
import { quoteIdent, quoteQualified } from '../dialects/postgres/quote.ts';
import { modelTable, type ColumnRef, type TableRef } from './pattern-analysis.ts';
import {
  explainPattern,
  cheaperPlan,
  patternSettings,
  planIndexes,
  planNodes,
  planScans,
  runPatterns,
  type PatternRun,
  type PlanNode,
} from './pattern-plans.ts';
import { patternLocation, patternObject } from './query-plans.ts';
import type { ValidationContext, ValidationFinding, ValidationSection } from './validation.ts';

export interface AdvisedIndex extends TableRef {
  columns: string[];
  /** The patterns it serves, `schema.table.pattern`. */
  patterns: string[];
  rationale: string;
  costBefore: number;
  costAfter: number;
  /** How it was tried: `hypopg` (hypothetical) or `built` (a real index, rolled back). */
  tried: 'hypopg' | 'built';
}

/** Sequential scans are switched off while candidates are tried: the sample is far smaller than the
 * tables will be, and at their expected size the planner would pick an index that serves the filter. */
const SETTINGS = ['enable_seqscan = off'];

export async function checkIndexAdvice(ctx: ValidationContext): Promise<ValidationSection> {
  const patternRuns = await runPatterns(ctx);
  const findings: ValidationFinding[] = [];
  const advised: AdvisedIndex[] = [];
  const method = ctx.hasHypopg ? 'hypopg' : 'built';
  for (const run of patternRuns) {
    if (!run.indexPlan || !run.shape) continue;
    for (const table of unservedTables(run)) {
      ctx.progress?.(`trying indexes on ${table.schema}.${table.table} for ${patternObject(run)}`);
      const best = await bestCandidate(ctx.db, run, table, method);
      if (!best) continue;
      const same = advised.find(
        (a) => a.schema === table.schema && a.table === table.table && sameColumns(a.columns, best.columns),
      );
      if (same) {
        same.patterns.push(patternObject(run));
        same.rationale = rationaleFor(same.patterns, patternRuns, table, same.columns);
        continue;
      }
      advised.push({
        ...table,
        columns: best.columns,
        patterns: [patternObject(run)],
        rationale: rationaleFor([patternObject(run)], patternRuns, table, best.columns),
        costBefore: best.costBefore,
        costAfter: best.costAfter,
        tried: method,
      });
    }
  }
  // An index whose columns lead another advised index on the same table is served by that one.
  for (const shorter of [...advised]) {
    const longer = advised.find(
      (other) =>
        other !== shorter &&
        other.schema === shorter.schema &&
        other.table === shorter.table &&
        other.columns.length > shorter.columns.length &&
        sameColumns(other.columns.slice(0, shorter.columns.length), shorter.columns),
    );
    if (!longer) continue;
    longer.patterns.push(...shorter.patterns.filter((p) => !longer.patterns.includes(p)));
    longer.rationale = rationaleFor(longer.patterns, patternRuns, longer, longer.columns);
    advised.splice(advised.indexOf(shorter), 1);
  }
  const lines: string[] = [];
  for (const advice of advised) {
    const run = patternRuns.find((r) => patternObject(r) === advice.patterns[0]);
    const location = run ? patternLocation(ctx, run) : undefined;
    findings.push({
      code: 'index-advised',
      severity: 'info',
      message: `an index on ${advice.schema}.${advice.table} (${advice.columns.join(', ')}) serves ${advice.patterns.join(', ')} (estimated cost on the sample: ${round(advice.costBefore)} as planned, ${round(advice.costAfter)} with the index)`,
      object: `${advice.schema}.${advice.table}`,
      ...(location && { location }),
      hint: 'add the index to the model (YAML in the report)',
    });
    lines.push(
      `${advice.schema}.${advice.table}: add (tried ${advice.tried === 'hypopg' ? 'with hypopg' : 'by building it'})`,
    );
    for (const line of adviceYaml(advice).trimEnd().split('\n')) lines.push(`  ${line}`);
  }
  const unused = patternRuns.length === 0 ? [] : await unusedIndexes(ctx, patternRuns);
  for (const index of unused) {
    // At the index in the model as written (positions in lists are the written ones).
    const written = ctx.written?.schemas?.[index.schema]?.tables?.[index.table]?.indexes ?? [];
    const at = written.findIndex((i) => i.name === index.name);
    const location = ctx.locate?.([
      'schemas',
      index.schema,
      'tables',
      index.table,
      ...(at >= 0 ? ['indexes', at] : []),
    ]);
    findings.push({
      code: 'unused-index',
      severity: 'info',
      message: `no declared query pattern uses the index ${index.name} on ${index.schema}.${index.table}`,
      object: `${index.schema}.${index.table}.${index.name}`,
      ...(location && { location }),
      hint: 'declare the query it serves as a query pattern, or drop the index',
    });
  }
  if (unused.length > 0)
    lines.push(
      `unused by the declared patterns: ${unused.map((i) => `${i.schema}.${i.table}.${i.name}`).join(', ')}`,
    );
  return {
    name: 'index-advice',
    summary:
      `${advised.length} index${advised.length === 1 ? '' : 'es'} advised` +
      `, ${unused.length} unused index${unused.length === 1 ? '' : 'es'}`,
    findings,
    details: {
      method,
      advised: advised.map((a) => ({ ...a, yaml: adviceYaml(a) })),
      unused,
    },
    lines,
  };
}

/** The model YAML that adds the index, placed under its schema and table. */
export function adviceYaml(advice: AdvisedIndex): string {
  const document = new Document({
    schemas: {
      [advice.schema]: {
        tables: { [advice.table]: { indexes: [{ columns: advice.columns, rationale: advice.rationale }] } },
      },
    },
  });
  const columns = document.getIn(
    ['schemas', advice.schema, 'tables', advice.table, 'indexes', 0, 'columns'],
    true,
  );
  if (isSeq(columns)) columns.flow = true;
  return document.toString({ lineWidth: 0 });
}

/** Tables the pattern filters, joins or sorts on whose scan no index drives, even without seq scans. */
function unservedTables(run: PatternRun): TableRef[] {
  const shape = run.shape;
  if (!shape || !run.indexPlan) return [];
  const scans = planScans(run.indexPlan.Plan);
  // Still sorting with sorts switched off: no index gives the order.
  const sorted =
    run.sortPlan !== undefined && planNodes(run.sortPlan.Plan).some((n) => n['Node Type'] === 'Sort');
  return shape.tables.filter((table) => {
    const on = (ref: ColumnRef) => ref.schema === table.schema && ref.table === table.table;
    const asked =
      shape.filters.some(on) || shape.joins.some(([a, b]) => on(a) || on(b)) || shape.orderBy.some(on);
    if (!asked) return false;
    const served = scans.some((s) => on({ ...s, column: '' }) && s.indexed);
    return !served || (sorted && shape.orderBy.some(on));
  });
}

interface Candidate {
  columns: string[];
  costBefore: number;
  costAfter: number;
}

/** Column lists to try, in the order they are preferred when costs tie. */
export function candidateColumns(run: PatternRun, table: TableRef, existing: string[][]): string[][] {
  const shape = run.shape;
  if (!shape) return [];
  const on = (ref: ColumnRef) => ref.schema === table.schema && ref.table === table.table;
  const unique = (columns: string[]) => [...new Set(columns)];
  const equality = unique(shape.filters.filter((f) => on(f) && f.kind === 'equality').map((f) => f.column));
  const range = unique(shape.filters.filter((f) => on(f) && f.kind === 'range').map((f) => f.column));
  const order = unique(shape.orderBy.filter(on).map((o) => o.column));
  const joins = unique(
    shape.joins
      .flatMap(([a, b]) => [a, b])
      .filter(on)
      .map((c) => c.column),
  ).filter((c) => !equality.includes(c));
  const candidates: string[][] = [];
  if (range.length > 0) candidates.push(unique([...equality, range[0] as string]));
  if (order.length > 0 && (range.length === 0 || range[0] === order[0]))
    candidates.push(unique([...equality, ...order]));
  if (equality.length > 0) candidates.push(equality);
  for (const join of joins) candidates.push(unique([...equality, join]), [join]);
  const seen = new Set<string>();
  return candidates.filter((columns) => {
    const key = JSON.stringify(columns);
    if (columns.length === 0 || seen.has(key)) return false;
    seen.add(key);
    return !existing.some((index) => sameColumns(index.slice(0, columns.length), columns));
  });
}

async function bestCandidate(
  db: Database,
  run: PatternRun,
  table: TableRef,
  method: 'hypopg' | 'built',
): Promise<Candidate | undefined> {
  const existing = await existingIndexes(db, table);
  // Reported: the cost of the plan chosen on the sample. Judged: the candidate's plan against the
  // plan without it, both with sequential scans off (as at the table's expected size).
  const costBefore = run.plan?.Plan['Total Cost'] ?? 0;
  const baseline = run.sortPlan?.Plan ?? run.indexPlan?.Plan;
  if (!baseline) return undefined;
  let bestPlan: PlanNode | undefined;
  let best: Candidate | undefined;
  for (const [number, columns] of candidateColumns(
    run,
    table,
    existing.map((i) => i.columns),
  ).entries()) {
    const name = `schemata_candidate_${number}`;
    const definition = `CREATE INDEX ${quoteIdent(name)} ON ${quoteQualified(table.schema, table.table)} (${columns.map(quoteIdent).join(', ')})`;
    const before =
      method === 'hypopg'
        ? [
            'CREATE EXTENSION IF NOT EXISTS hypopg',
            'SELECT hypopg_reset()',
            `SELECT * FROM hypopg_create_index(${quoteSqlText(definition)})`,
          ]
        : [definition];
    let plan;
    try {
      plan = await explainPattern(db, run.pattern.sql, run.parameters, {
        analyze: false,
        index: number,
        schema: run.pattern.schema,
        settings: patternSettings(run, run.sortPlan ? [...SETTINGS, 'enable_sort = off'] : SETTINGS),
        before,
      });
    } finally {
      if (method === 'hypopg') await db.query('SELECT hypopg_reset()').catch(() => undefined);
    }
    const known = new Set(existing.map((i) => i.name));
    const uses = planScans(plan.Plan).some(
      (s) =>
        s.schema === table.schema && s.table === table.table && s.index !== undefined && !known.has(s.index),
    );
    if (
      uses &&
      cheaperPlan(plan.Plan, baseline) &&
      (bestPlan === undefined || cheaperPlan(plan.Plan, bestPlan))
    ) {
      bestPlan = plan.Plan;
      best = { columns, costBefore, costAfter: plan.Plan['Total Cost'] ?? 0 };
    }
  }
  return best;
}

/** The SQL text of a literal: hypopg takes the CREATE INDEX statement as a string. */
function quoteSqlText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

interface CatalogIndex extends TableRef {
  name: string;
  columns: string[];
  constraint: boolean;
}

async function existingIndexes(db: Database, table: TableRef): Promise<CatalogIndex[]> {
  return (await catalogIndexes(db)).filter((i) => i.schema === table.schema && i.table === table.table);
}

/** The indexes of every user table, with their key columns and whether a constraint owns them. */
async function catalogIndexes(db: Database): Promise<CatalogIndex[]> {
  const rows = await db.query<{
    schema: string;
    table: string;
    name: string;
    columns: string[] | null;
    constraint: boolean;
  }>(
    `SELECT n.nspname AS schema, t.relname AS "table", i.relname AS name,
            (SELECT array_agg(a.attname::text ORDER BY k.ord)
               FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS columns,
            EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid) AS "constraint"
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
        AND n.nspname NOT LIKE 'pg_temp%'
      ORDER BY 1, 2, 3`,
  );
  return rows.map((row) => ({ ...row, columns: row.columns ?? [] }));
}

/** Indexes (not those of keys and unique constraints) that no pattern's plans use. */
async function unusedIndexes(ctx: ValidationContext, patternRuns: PatternRun[]): Promise<CatalogIndex[]> {
  const used = new Set<string>();
  for (const run of patternRuns)
    for (const plan of [run.plan, run.indexPlan, run.sortPlan])
      if (plan) for (const name of planIndexes(plan.Plan)) used.add(name);
  const schemas = new Set(Object.keys(ctx.model.schemas ?? {}));
  return (await catalogIndexes(ctx.db)).filter((index) => {
    if (index.constraint || !schemas.has(index.schema) || used.has(index.name)) return false;
    const table = modelTable(ctx.model, index);
    return table !== undefined && !servesForeignKey(table, index.columns);
  });
}

/**
 * An index led by the columns of one of its table's foreign keys serves that key (a parent's delete
 * or key update looks the children up through it) whether or not a declared pattern reads it, as the
 * lint rule on unindexed foreign keys asks.
 */
function servesForeignKey(table: Table, columns: readonly string[]): boolean {
  return (table.foreignKeys ?? []).some((foreignKey) => {
    const lead = new Set(columns.slice(0, foreignKey.columns.length));
    return foreignKey.columns.length > 0 && foreignKey.columns.every((column) => lead.has(column));
  });
}

function rationaleFor(patterns: string[], runs: PatternRun[], table: TableRef, columns: string[]): string {
  const described = patterns.map((object) => {
    const run = runs.find((r) => patternObject(r) === object);
    const frequency = run?.pattern.frequency === undefined ? '' : ` (${run.pattern.frequency})`;
    return `${run?.pattern.name ?? object}${frequency}`;
  });
  const first = runs.find((r) => patternObject(r) === patterns[0])?.shape;
  const uses = columns.map((column) => {
    const on = (ref: ColumnRef) =>
      ref.schema === table.schema && ref.table === table.table && ref.column === column;
    const filter = first?.filters.find(on);
    if (filter) return `${filter.kind} on ${column}`;
    if (first?.orderBy.some(on)) return `order by ${column}`;
    return `join on ${column}`;
  });
  return `Serves the query pattern${patterns.length === 1 ? '' : 's'} ${described.join(', ')}: ${uses.join(', ')}.`;
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((column, i) => column === b[i]);
}

function round(cost: number): string {
  return cost.toFixed(2);
}
