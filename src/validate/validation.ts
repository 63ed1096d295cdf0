// What `schemata validate` reports: one section per kind of check, each with its findings and the
// facts it measured. Every check is a function over a ValidationContext that returns a section, so
// the checks are independent and the command runs the ones that apply.
import type { Database } from '../db/database.ts';
import type { Model } from '../model/model-schema.ts';
import type { Locate } from '../model/model-path.ts';
import type { SourceLocation } from '../model/diagnostics.ts';

export type SectionName =
  'sample-data' | 'constraints' | 'query-plans' | 'index-advice' | 'relationships' | 'rollback' | 'backup';

export interface ValidationFinding {
  /** Stable kebab-case code, e.g. `check-always-true`, `seq-scan-on-large-table`. */
  code: string;
  /** `error` fails the run (exit 1); `warning` and `info` are reported only. */
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** The object it is about, qualified: `public.orders.chk_total`. */
  object?: string;
  location?: SourceLocation;
  hint?: string;
  /** The business rule (or rationale) the model gives for the object, quoted in the report. */
  businessRule?: string;
}

export interface ValidationSection {
  name: SectionName;
  /** One line for the summary, e.g. `1,240 rows in 42 tables`. */
  summary: string;
  findings: ValidationFinding[];
  /** Facts for the JSON and Markdown reports (plans, row counts, advised indexes); JSON-serialisable. */
  details: Record<string, unknown>;
  /** Extra lines for the text report, already worded. */
  lines: string[];
}

export interface ValidationContext {
  /** The scratch database, with the schema built (and, after the sample-data step, its rows). */
  db: Database;
  model: Model;
  locate?: Locate;
  /**
   * The model as written, every constraint named (withExplicitNames): `locate` takes its paths, whose
   * list positions can differ from the spelled model's.
   */
  written?: Model;
  /** The scratch database's major version. */
  serverVersion: number;
  /** hypopg can be created in the scratch database (a server that has it installed). */
  hasHypopg: boolean;
  /** Rows inserted per table (`schema.table`), filled by the sample-data step. */
  rowCounts: Map<string, number>;
  /** Deterministic seed for everything random. */
  seed: number;
  progress?: (message: string) => void;
  /** The `--scale` factor the sample data used (row counts are `volume.rows` times it). */
  scale?: number;
  /** The --dev-db server the scratch database is on (absent on embedded PostgreSQL). */
  devDb?: string;
  /** A migrations directory given as the source: the rollback check applies and reverts it. */
  migrationsDir?: string;
  /** `--backup-check` was given: dump and restore the sample database. */
  backupCheck?: boolean;
}
