// The query-plan check: each declared query pattern's plan on the sample data, its shape (scans and
// the indexes they use, sorts, estimated against actual rows, time), and what would hurt at the
// table's expected size. The sample is small, so the planner may rightly scan a table that will hold
// millions of rows; what matters is whether an index CAN serve the pattern, which the plan with
// sequential scans (and sorts) switched off shows.
import type { Table } from '../model/model-schema.ts';
import { modelTable } from './pattern-analysis.ts';
import { planNodes, planScans, runPatterns, type PatternRun, type PlanNode } from './pattern-plans.ts';
import type { ValidationContext, ValidationFinding, ValidationSection } from './validation.ts';

/** Tables expected to hold more rows than this (model `volume.rows`) must not need a full scan. */
export const LARGE_TABLE_ROWS = 10_000;

export function expectedRows(table: Table | undefined): number | undefined {
  return table?.volume?.rows;
}

export function patternObject(run: PatternRun): string {
  return `${run.pattern.schema}.${run.pattern.table}.${run.pattern.name}`;
}

export function patternLocation(ctx: ValidationContext, run: PatternRun) {
  const { schema, table, index } = run.pattern;
  return ctx.locate?.(['schemas', schema, 'tables', table, 'queryPatterns', index, 'sql']);
}

export async function checkQueryPlans(ctx: ValidationContext): Promise<ValidationSection> {
  const patternRuns = await runPatterns(ctx);
  const findings: ValidationFinding[] = [];
  const lines: string[] = [];
  const patterns: Record<string, unknown>[] = [];
  for (const run of patternRuns) {
    const object = patternObject(run);
    const location = patternLocation(ctx, run);
    const at = location ? { location } : {};
    const frequency = run.pattern.frequency === undefined ? '' : ` (${run.pattern.frequency})`;
    lines.push(`${object}${frequency}`);
    if (run.error !== undefined || run.plan === undefined) {
      findings.push({
        code: 'query-pattern-failed',
        severity: 'error',
        message: `query pattern ${object} does not run: ${run.error ?? 'no plan'}`,
        object,
        ...at,
        hint: 'correct the SQL of the pattern in the model',
      });
      lines.push(`  fails: ${run.error ?? 'no plan'}`);
      patterns.push({ pattern: object, sql: run.pattern.sql, error: run.error });
      continue;
    }
    const plan = run.plan.Plan;
    for (const line of describePlan(plan, 1)) lines.push(line);
    // The measured time goes in the details (executionMs), not in the report's lines: the same model
    // and seed print the same report.
    const time = run.plan['Execution Time'];
    const patternFindings = judgePlan(ctx, run);
    for (const finding of patternFindings) findings.push({ ...finding, object, ...at });
    patterns.push({
      pattern: object,
      sql: run.pattern.sql,
      ...(run.pattern.frequency !== undefined && { frequency: run.pattern.frequency }),
      parameters: run.parameters,
      scans: planScans(plan),
      indexScans: run.indexPlan ? planScans(run.indexPlan.Plan) : [],
      sorts: planNodes(plan)
        .filter((node) => node['Node Type'] === 'Sort')
        .map((node) => node['Sort Key'] ?? []),
      estimatedRows: plan['Plan Rows'],
      actualRows: plan['Actual Rows'],
      executionMs: time,
      planningMs: run.plan['Planning Time'],
      plan: describePlan(plan, 0),
    });
  }
  const failed = patternRuns.filter((run) => run.error !== undefined).length;
  return {
    name: 'query-plans',
    summary:
      patternRuns.length === 0
        ? 'no query patterns with SQL in the model'
        : `${plural(patternRuns.length, 'query pattern')} explained` +
          (failed > 0 ? `, ${failed} failed` : ''),
    findings,
    details: { largeTableRows: LARGE_TABLE_ROWS, patterns },
    lines,
  };
}

/** Sequential scans of tables expected to be large that no index can serve, and sorts no index gives. */
function judgePlan(ctx: ValidationContext, run: PatternRun): Omit<ValidationFinding, 'object'>[] {
  const findings: Omit<ValidationFinding, 'object'>[] = [];
  const plan = (run.plan as NonNullable<PatternRun['plan']>).Plan;
  const indexScans = run.indexPlan ? planScans(run.indexPlan.Plan) : [];
  const seen = new Set<string>();
  for (const scan of planScans(plan)) {
    if (scan.type !== 'Seq Scan') continue;
    const key = `${scan.schema}.${scan.table}`;
    const rows = expectedRows(modelTable(ctx.model, scan));
    if (rows === undefined || rows <= LARGE_TABLE_ROWS || seen.has(key)) continue;
    seen.add(key);
    const served = indexScans.some((s) => s.schema === scan.schema && s.table === scan.table && s.indexed);
    if (served) continue;
    const filtered = run.shape?.filters.some((f) => f.schema === scan.schema && f.table === scan.table);
    findings.push({
      code: 'seq-scan-on-large-table',
      severity: 'warning',
      message: `${patternObject(run)} scans all of ${key} (expected ${rows.toLocaleString('en-US')} rows): no index serves it`,
      hint: filtered
        ? 'add the index advised in the index-advice section'
        : 'the pattern reads the whole table; filter it, or accept the scan',
    });
  }
  const sorts = planNodes(plan).filter((node) => node['Node Type'] === 'Sort');
  if (sorts.length > 0 && run.sortPlan) {
    const stillSorts = planNodes(run.sortPlan.Plan).some((node) => node['Node Type'] === 'Sort');
    const large = (run.shape?.orderBy ?? []).some(
      (o) => (expectedRows(modelTable(ctx.model, o)) ?? 0) > LARGE_TABLE_ROWS,
    );
    if (stillSorts && large)
      findings.push({
        code: 'sort-without-index',
        severity: 'warning',
        message: `${patternObject(run)} sorts by ${(sorts[0]?.['Sort Key'] ?? []).join(', ')}: no index gives that order`,
        hint: 'an index on the filter columns followed by the sort columns returns rows already in order',
      });
  }
  return findings;
}

/** The plan as an indented tree: node type, relation, index, sort key, estimated and actual rows. */
export function describePlan(node: PlanNode, depth: number): string[] {
  const parts = [node['Node Type']];
  if (node['Index Name'] !== undefined) parts.push(`using ${node['Index Name']}`);
  if (node['Relation Name'] !== undefined)
    parts.push(`on ${node.Schema === undefined ? '' : `${node.Schema}.`}${node['Relation Name']}`);
  if (node['Sort Key'] !== undefined) parts.push(`by ${node['Sort Key'].join(', ')}`);
  const estimated = node['Plan Rows'];
  const actual = node['Actual Rows'];
  const rows =
    actual === undefined
      ? `rows est ${estimated ?? '?'}`
      : `rows est ${estimated ?? '?'} actual ${actual}${(node['Actual Loops'] ?? 1) > 1 ? ` x${node['Actual Loops']}` : ''}`;
  const line = `${'  '.repeat(depth)}${parts.join(' ')} (${rows})`;
  return [line, ...(node.Plans ?? []).flatMap((child) => describePlan(child, depth + 1))];
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
