// What a lint rule is: plain data (code, severity, rationale, fix, examples) and a check function over
// a model (design, naming, documentation, performance and security review) or over parsed SQL
// statements (migration safety). The engine runs the checks; rules only report.
import type { SourceLocation } from '../model/diagnostics.ts';
import type { ModelPath } from '../model/model-path.ts';
import type { Model } from '../model/model-schema.ts';

export type LintSeverity = 'error' | 'warning' | 'info';

export type RuleCategory = 'design' | 'naming' | 'documentation' | 'performance' | 'security' | 'migration';

/** A value a project may set for a rule in the config's `lint.rules.<code>.options`. */
export type RuleOptionValue = string | number | boolean | readonly string[];

export interface RuleOption {
  description: string;
  default: RuleOptionValue;
}

/** The page `docs/rules/<code>.md` and the rule's help are made from these. */
export interface RuleExamples {
  /** A model file (YAML) for model rules, SQL for migration rules; must produce a finding of this rule. */
  bad: string;
  /** The same made right; must produce no finding of this rule. */
  good: string;
  /** Migration rules: SQL that exists before the example runs (tables the example alters). */
  setup?: string;
  /** The PostgreSQL major version the examples are linted for, for a rule that only holds for some (default: the newest supported). */
  targetVersion?: number;
}

interface RuleData {
  /** Stable kebab-case code, e.g. `table-without-primary-key`; never reused for another meaning. */
  code: string;
  category: RuleCategory;
  /** Severity when the config does not set one. */
  severity: LintSeverity;
  /** Off unless the config turns it on (conventions that not every project follows). */
  optIn?: boolean;
  /**
   * Migration rules whose hazard grows with the table (a lock held while rows are scanned, rewritten or
   * indexed): with a database given, the finding names the table's estimated rows, and on a table
   * under the small-table size an error is lowered to a warning.
   */
  sizeDependent?: boolean;
  /** One line: what the rule asks for. */
  summary: string;
  /** Why it matters, a short paragraph. */
  rationale: string;
  /** What to change: for model rules the model change, for migration rules the safe rewrite. */
  fix: string;
  examples: RuleExamples;
  options?: Readonly<Record<string, RuleOption>>;
  /** Rules of other linters this one covers, e.g. `squawk: require-concurrent-index-creation`. */
  related?: readonly string[];
  /** A deliberate difference from the related rules, said on the rule's page. */
  differences?: string;
}

/** What a check reports; the engine adds the code, severity and location. */
export interface Report {
  /** One line naming the object, e.g. `table public.orders has no primary key`. */
  message: string;
  /** The object's qualified name, e.g. `public.orders.customer_id`. */
  object?: string;
  /** A fix for this finding when it says more than the rule's general fix. */
  fix?: string;
}

export interface ModelReport extends Report {
  /** Where in the model the finding is, e.g. ['schemas', 'public', 'tables', 'orders']. */
  path: ModelPath;
}

export interface ModelLintContext {
  /** The model with its patterns expanded. */
  model: Model;
  /** The PostgreSQL major version the design targets (default: the newest supported). */
  targetVersion: number;
  /** This rule's options, config over defaults. */
  option(name: string): RuleOptionValue;
  report(report: ModelReport): void;
}

export interface ModelRule extends RuleData {
  kind: 'model';
  check(context: ModelLintContext): void;
}

/** One statement of a SQL file, parsed by libpg-query. */
export interface LintStatement {
  /** The libpg-query node of the statement, e.g. `{ IndexStmt: {...} }`. */
  node: Record<string, unknown>;
  /** The statement's text as written. */
  sql: string;
  file: string;
  /** Position of the statement's first character. */
  location: SourceLocation;
  /** Byte offset of the statement in its file's text. */
  offset: number;
  /** Whether an explicit BEGIN (or the runner's transaction) is open when the statement runs. */
  inTransaction: boolean;
}

export interface StatementReport extends Report {
  statement: LintStatement;
  /** A position inside the statement when it is more exact than its start. */
  location?: SourceLocation;
}

/** What the rules know about the database the statements run against, as the files before left it. */
export interface SchemaKnowledge {
  /** The schema before the file: from earlier migration files, or the database given with --db. */
  before: Model;
  /** Whether a table (schema-qualified, `public.t` when unqualified) was created earlier in the same file. */
  createdInFile(table: string, before: LintStatement): boolean;
  /** Estimated rows of a table when a database was given. */
  rowEstimate(table: string): number | undefined;
}

export interface MigrationLintContext {
  /** Every statement of the file being linted, in order. */
  statements: readonly LintStatement[];
  schema: SchemaKnowledge;
  targetVersion: number;
  option(name: string): RuleOptionValue;
  report(report: StatementReport): void;
}

export interface MigrationRule extends RuleData {
  kind: 'migration';
  check(context: MigrationLintContext): void;
}

export type Rule = ModelRule | MigrationRule;

/** A finding as the engine returns it. */
export interface Finding {
  code: string;
  severity: LintSeverity;
  category: RuleCategory;
  message: string;
  object?: string;
  fix: string;
  /** A file position when the input came from files. */
  location?: SourceLocation;
  /** Model findings: where in the model. */
  path?: ModelPath;
}

/** A rule's settings where a finding is, config over the rule's defaults. */
export interface ResolvedRule {
  enabled: boolean;
  severity: LintSeverity;
  options: Readonly<Record<string, RuleOptionValue>>;
}

/** Where a finding is, for settings that the config gives per path or per schema. */
export interface FindingPlace {
  file?: string;
  schema?: string;
}

export interface LintSettings {
  /** The PostgreSQL major version the model or migrations target. */
  targetVersion: number;
  resolve(rule: Rule, place: FindingPlace): ResolvedRule;
  /** Estimated rows of a table (`schema.table`) when a database was given. */
  rowEstimate?(table: string): number | undefined;
}

/** Settings with every rule at its defaults (opt-in rules off). */
export function defaultLintSettings(targetVersion: number): LintSettings {
  return {
    targetVersion,
    resolve: (rule) => ({
      enabled: rule.optIn !== true,
      severity: rule.severity,
      options: Object.fromEntries(Object.entries(rule.options ?? {}).map(([name, o]) => [name, o.default])),
    }),
  };
}
