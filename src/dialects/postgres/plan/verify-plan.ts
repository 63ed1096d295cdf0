// The proof built into `schemata diff`: the source model is built in a scratch embedded database, the
// up plan applied and the result inspected, which must equal the target; then the down plan applied,
// which must give the source back.
import { openEmbeddedDatabase, type Database } from '../../../db/database.ts';
import type { Model } from '../../../model/model-schema.ts';
import { formatDiagnostic } from '../../../model/diagnostics.ts';
import { diffModels } from '../../../diff/diff-models.ts';
import type { Change } from '../../../diff/changes.ts';
import { loadSql } from '../../../readers/import-sql.ts';
import { inspectDatabase } from '../inspect/inspect-database.ts';
import { generateDdl } from '../render-ddl.ts';
import { applyStatements, type ApplyFailure } from './apply-plan.ts';
import type { Plan } from './plan-changes.ts';

export type VerifyResult =
  | { ok: true }
  | { ok: false; step: 'build'; message: string }
  | { ok: false; step: 'up' | 'down'; failure: ApplyFailure }
  | { ok: false; step: 'up' | 'down'; remaining: Change[] };

/** Applies the plan to the source model in `db` (a fresh embedded database when absent). */
export async function verifyPlan(from: Model, to: Model, plan: Plan, db?: Database): Promise<VerifyResult> {
  const database = db ?? (await openEmbeddedDatabase());
  try {
    const loaded = await loadSql(database, await generateDdl(from), 'from.sql');
    if (loaded.diagnostics.length > 0) {
      return { ok: false, step: 'build', message: loaded.diagnostics.map(formatDiagnostic).join('\n') };
    }
    for (const [step, statements, target] of [
      ['up', plan.up, to],
      ['down', plan.down, from],
    ] as const) {
      const failure = await applyStatements(database, statements);
      if (failure !== undefined) return { ok: false, step, failure };
      const { model } = await inspectDatabase(database);
      const remaining = diffModels(model, target);
      if (remaining.length > 0) return { ok: false, step, remaining };
    }
    return { ok: true };
  } finally {
    if (db === undefined) await database.close();
  }
}
