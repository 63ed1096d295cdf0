// The proof built into `schemata diff`: the source model is built in a scratch embedded database, the
// up plan applied and the result inspected, which must equal the target; then the down plan applied,
// which must give the source back.
import type { Database } from '../../../db/database.ts';
import {
  EMBEDDED,
  describeScratch,
  openScratch,
  type Scratch,
  type ScratchSource,
} from '../../../db/scratch-source.ts';
import { counted, inStep, type Progress } from '../../../model/progress.ts';
import type { Model } from '../../../model/model-schema.ts';
import { formatDiagnostic } from '../../../model/diagnostics.ts';
import { diffModels } from '../../../diff/diff-models.ts';
import type { Change } from '../../../diff/changes.ts';
import { loadStatements } from '../../../readers/import-sql.ts';
import { inspectDatabase } from '../inspect/inspect-database.ts';
import { modelDdl } from '../spell/spell-model.ts';
import { applyStatements, type ApplyFailure } from './apply-plan.ts';
import type { Plan } from './plan-changes.ts';
import { quoteIdent } from '../quote.ts';

export type VerifyResult =
  | { ok: true }
  | { ok: false; step: 'build'; message: string }
  | { ok: false; step: 'up' | 'down'; failure: ApplyFailure }
  | { ok: false; step: 'up' | 'down'; remaining: Change[] };

export interface VerifyOptions {
  /** Where to prove: an empty database. */
  db?: Database | undefined;
  /** A new scratch database comes from here when no `db` is given (default: embedded). */
  source?: ScratchSource;
  /** Told as the proof builds the source and applies each plan. */
  progress?: Progress | undefined;
}

const SPECIAL_ROLES = new Set(['public', 'current_user', 'session_user', 'current_role']);

/** Every role a model names: owners, grantees, policy roles, default-privilege roles. */
export function rolesNamed(model: Model): Set<string> {
  const names = new Set<string>(Object.keys(model.roles ?? {}));
  const visit = (value: unknown, key: string | undefined): void => {
    if (typeof value === 'string') {
      if (
        (key === 'owner' || key === 'role' || key === 'roles' || key === 'forRole' || key === 'memberOf') &&
        !SPECIAL_ROLES.has(value.toLowerCase())
      )
        names.add(value);
      return;
    }
    if (Array.isArray(value)) for (const item of value) visit(item, key);
    else if (typeof value === 'object' && value !== null)
      for (const [child, inner] of Object.entries(value)) visit(inner, child);
  };
  visit(model.schemas, undefined);
  visit(model.defaultPrivileges, undefined);
  visit(model.roles, undefined);
  return names;
}

/** The roles the target names exist in the scratch cluster before the plan grants to them. */
async function createMissingRoles(db: Database, model: Model, createRole: (name: string) => Promise<void>) {
  const wanted = [...rolesNamed(model)].sort();
  if (wanted.length === 0) return;
  const existing = await db.query<{ rolname: string }>(
    'SELECT rolname FROM pg_roles WHERE rolname = ANY($1::text[])',
    [wanted],
  );
  const have = new Set(existing.map((row) => row.rolname));
  for (const name of wanted) if (!have.has(name)) await createRole(name);
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
  const { progress } = options;
  const where = options.db === undefined ? describeScratch(options.source ?? EMBEDDED) : 'the database given';
  return inStep<VerifyResult>(progress, `proving the plan in ${where}`, async () => {
    const scratch = options.db === undefined ? await openScratch(options.source ?? EMBEDDED) : undefined;
    const database = options.db ?? (scratch as Scratch).db;
    try {
      const createRole = scratch
        ? (name: string) => scratch.createRole(name)
        : (name: string) => database.exec(`CREATE ROLE ${quoteIdent(name)}`);
      const loaded = await inStep(progress, 'building the source', async (step) =>
        // The statements as rendered: splitting their joined text again would parse all of them.
        loadStatements(database, (await modelDdl(from)).statements, {
          batch: 200,
          createRole,
          onLoaded: (done, total) => step.advance(done, total, 'statements'),
        }),
      );
      if (loaded.diagnostics.length > 0) {
        return { ok: false, step: 'build', message: loaded.diagnostics.map(formatDiagnostic).join('\n') };
      }
      await createMissingRoles(database, to, createRole);
      for (const [step, statements, target] of [
        ['up', plan.up, to],
        ['down', plan.down, from],
      ] as const) {
        const failure = await inStep(
          progress,
          `applying the ${step} plan (${counted(statements.length, 'statement')})`,
          (begun) =>
            applyStatements(database, statements, (done) =>
              begun.advance(done, statements.length, 'statements'),
            ),
        );
        if (failure !== undefined) return { ok: false, step, failure };
        const { model } = await inspectDatabase(database, { progress });
        const remaining = diffModels(model, target);
        if (remaining.length > 0) return { ok: false, step, remaining };
      }
      return { ok: true };
    } finally {
      await scratch?.close();
    }
  });
}
