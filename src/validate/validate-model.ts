// `schemata validate` as a library call: the model is built in a scratch database (embedded PostgreSQL,
// or a scratch database on the --dev-db server, dropped again however the run ends), filled with sample
// data, and every check runs over it in turn, each returning its own section of the report.
import type { Model } from '../model/model-schema.ts';
import type { Locate } from '../model/model-path.ts';
import type { Diagnostic } from '../model/diagnostics.ts';
import { inStep, type Progress } from '../model/progress.ts';
import { withExplicitNames } from '../model/documentation-merge.ts';
import {
  describeScratch,
  openScratch,
  serverMajorVersion,
  type ScratchSource,
} from '../db/scratch-source.ts';
import { finishSpelling, spellInScratch } from '../dialects/postgres/spell/spell-model.ts';
import type { SectionName, ValidationContext, ValidationFinding, ValidationSection } from './validation.ts';
import { runSampleData, type SampleData } from './sample-data/run-sample-data.ts';
import { runConstraintTests } from './constraint-tests.ts';
import { checkRelationships } from './relationships.ts';
import { checkQueryPlans } from './query-plans.ts';
import { checkIndexAdvice } from './index-advice.ts';
import { checkRollback } from './rollback.ts';
import { checkBackup } from './backup-check.ts';
import { defaultScale } from './sample-data/row-counts.ts';

/** One check of the report: a function over the built, filled scratch database. */
export type ValidationCheck = (ctx: ValidationContext) => Promise<ValidationSection>;

/**
 * The checks that run after the sample data and the constraint tests, in report order. A new check is
 * one more entry here.
 */
export const LATER_CHECKS: readonly { name: SectionName; run: ValidationCheck }[] = [
  { name: 'relationships', run: checkRelationships },
  { name: 'query-plans', run: checkQueryPlans },
  { name: 'index-advice', run: checkIndexAdvice },
  { name: 'rollback', run: checkRollback },
  { name: 'backup', run: checkBackup },
];

export interface ValidateOptions {
  model: Model;
  locate?: Locate | undefined;
  /** Embedded PostgreSQL, or a server on which a scratch database is created and dropped. */
  source: ScratchSource;
  /** Factor on each table's `volume.rows`; by default 0.001 or less (see sample-data/row-counts.ts). */
  scale?: number | undefined;
  seed?: number | undefined;
  /** A migrations directory the model came from: the rollback check applies and reverts it. */
  migrationsDir?: string | undefined;
  /** Dump and restore the sample database (`--backup-check`). */
  backupCheck?: boolean | undefined;
  progress?: Progress | undefined;
}

export interface ValidationReport {
  /** Where it ran: "embedded PostgreSQL 18" or the dev database's host. */
  scratch: string;
  serverVersion: number;
  hasHypopg: boolean;
  seed: number;
  scale: number;
  sections: ValidationSection[];
  /** The rows inserted, in foreign-key order, for `--export`; not part of the JSON report. */
  sampleData?: SampleData | undefined;
}

export const DEFAULT_SEED = 1;

/** The model does not build in PostgreSQL: nothing can be validated (an input error). */
export class ValidationBuildError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics[0]?.message ?? 'the model does not build');
    this.name = 'ValidationBuildError';
  }
}

export async function validateModel(options: ValidateOptions): Promise<ValidationReport> {
  const { source, progress } = options;
  const seed = options.seed ?? DEFAULT_SEED;
  const where = describeScratch(source);
  const scratch = await inStep(progress, `opening a scratch database in ${where}`, () => openScratch(source));
  try {
    const db = scratch.db;
    const built = await inStep(progress, `building the schema in ${where}`, (step) =>
      spellInScratch(options.model, scratch, source, options.locate, undefined, step, progress),
    );
    if (!built.ok) throw new ValidationBuildError(built.diagnostics);
    // PostgreSQL's spelling: every constraint named, patterns expanded, types canonical; the model's
    // documentation (business rules, volumes) carried over onto it.
    const finished = finishSpelling(options.model, built.model, false);
    if (!finished.ok) throw new ValidationBuildError(finished.diagnostics);
    const scale = options.scale ?? defaultScale(tableVolumes(finished.model));
    const ctx: ValidationContext = {
      db,
      model: finished.model,
      ...(options.locate && { locate: options.locate, written: withExplicitNames(options.model) }),
      serverVersion: await serverMajorVersion(db),
      hasHypopg: db.kind === 'server' && (await createHypopg(db)),
      rowCounts: new Map(),
      seed,
      scale,
      ...(source.kind === 'server' && { devDb: source.url }),
      ...(options.migrationsDir !== undefined && { migrationsDir: options.migrationsDir }),
      ...(options.backupCheck && { backupCheck: true }),
      ...(progress && { progress: (message: string) => progress.begin(message).end() }),
    };
    const sections: ValidationSection[] = [];
    const sample = await inStep(progress, 'inserting sample data', () => runSampleData(ctx));
    sections.push(sample.section);
    sections.push(
      await inStep(progress, 'testing constraints', () =>
        guarded('constraints', (c) => runConstraintTests(c, sample), ctx),
      ),
    );
    for (const check of LATER_CHECKS)
      sections.push(
        await inStep(progress, `checking ${check.name}`, () => guarded(check.name, check.run, ctx)),
      );
    return {
      scratch: where,
      serverVersion: ctx.serverVersion,
      hasHypopg: ctx.hasHypopg,
      seed,
      scale,
      sections,
      sampleData: sample.data,
    };
  } finally {
    await scratch.close();
  }
}

/** hypopg is there when the server has it installed; the scratch database is ours to add it to. */
async function createHypopg(db: ValidationContext['db']): Promise<boolean> {
  try {
    await db.exec('CREATE EXTENSION IF NOT EXISTS hypopg');
    return true;
  } catch {
    return false;
  }
}

/** A check that fails unexpectedly is reported as its own finding; the others still run. */
async function guarded(name: SectionName, check: ValidationCheck, ctx: ValidationContext) {
  try {
    return await check(ctx);
  } catch (error) {
    // A check that failed inside a transaction must not leave it open for the next one.
    await ctx.db.exec('ROLLBACK').catch(() => undefined);
    const finding: ValidationFinding = {
      code: 'check-failed',
      severity: 'error',
      message: `the ${name} check failed: ${(error as Error).message}`,
    };
    return {
      name,
      summary: 'failed',
      findings: [finding],
      details: {},
      lines: [],
    } satisfies ValidationSection;
  }
}

/** Every finding of the report, section by section. */
export function allFindings(report: ValidationReport): ValidationFinding[] {
  return report.sections.flatMap((section) => section.findings);
}

export function hasErrorFindings(report: ValidationReport): boolean {
  return allFindings(report).some((finding) => finding.severity === 'error');
}

function tableVolumes(model: Model): (number | undefined)[] {
  return Object.values(model.schemas ?? {}).flatMap((schema) =>
    Object.values(schema.tables ?? {}).map((table) => table.volume?.rows),
  );
}
