// The proof built into `schemata diff`: the source model is built in a scratch embedded database, the
// up plan applied and the result inspected, which must equal the target; then the down plan applied,
// which must give the source back.
import type { Database } from '../../../db/database.ts';
import { EMBEDDED, openScratch, type Scratch, type ScratchSource } from '../../../db/scratch-source.ts';
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

export interface VerifyOptions {
  /** Where to prove: an empty database, or one that holds the source already (`built`). */
  db?: Database | undefined;
  /** `db` holds the source model already (it was spelled there); it is not built again. */
  built?: boolean;
  /** A new scratch database comes from here when no `db` is given (default: embedded). */
  source?: ScratchSource;
}

/**
 * Applies the plan to the source model and compares. Both models should be PostgreSQL's own spelling
 * (see spell/spell-model.ts), from the same PostgreSQL the proof runs on.
 */
export async function verifyPlan(
  from: Model,
  to: Model,
  plan: Plan,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const scratch = options.db === undefined ? await openScratch(options.source ?? EMBEDDED) : undefined;
  const database = options.db ?? (scratch as Scratch).db;
  try {
    if (!options.built) {
      const loaded = await loadSql(database, await generateDdl(from), 'from.sql', {
        ...(scratch && { createRole: (name: string) => scratch.createRole(name) }),
      });
      if (loaded.diagnostics.length > 0) {
        return { ok: false, step: 'build', message: loaded.diagnostics.map(formatDiagnostic).join('\n') };
      }
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
    await scratch?.close();
  }
}
