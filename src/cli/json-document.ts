// `--json`: what a command reports (its results, diagnostics and the objects it left out) as one JSON
// document on standard output, for CI and editors; a failing command too. The document's format is
// described once, here, as a zod schema: docs/json-output.md explains it, schema/cli-output.schema.json
// is generated from it (npm run schema:json), and the tests check every document against it.
import * as z from 'zod';
import type { Diagnostic } from '../model/diagnostics.ts';
import type { UnsupportedObject } from '../dialects/postgres/inspect/inspect-database.ts';
import { FindingSchema, LintSummarySchema } from '../lint/report/json.ts';
import { ValidationDocumentSchema } from '../validate/report/json.ts';

/** Raised when the shape of the document changes incompatibly (a field removed or its meaning changed). */
export const JSON_OUTPUT_VERSION = 1;

export const CLI_OUTPUT_JSON_SCHEMA_PATH = 'schema/cli-output.schema.json';

const DiagnosticSchema = z.object({
  code: z.string().describe('stable code, e.g. "unknown-type"; see the docs of the command'),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  location: z
    .object({
      file: z.string(),
      line: z.number().int().describe('1-based'),
      column: z.number().int().describe('1-based'),
    })
    .optional(),
  object: z.string().optional().describe('the object it is about, when there is no file position'),
  hint: z.string().optional(),
});

const UnsupportedSchema = z.object({
  kind: z.string(),
  name: z.string().describe('qualified, each part quoted as needed'),
  reason: z.string().optional(),
});

const HazardsSchema = z.object({
  locks: z.array(z.object({ mode: z.string(), on: z.string() })),
  rewrite: z.boolean(),
  scan: z.boolean(),
  dataLoss: z.boolean(),
  transactional: z.boolean(),
  backwardIncompatible: z.boolean(),
});

const StatementSchema = z.object({
  sql: z.string(),
  change: z.string().describe('the change it belongs to, e.g. "add column public.orders.note"'),
  hazards: HazardsSchema,
  commitAfter: z.boolean().optional(),
});

const KeySchema = z
  .object({ schema: z.string(), table: z.string().optional(), name: z.string() })
  .describe('the object: its schema, its table (for what is inside a table) and its name');

const ChangeSchema = z
  .object({
    kind: z.string().describe('table, column, index, ...'),
    action: z.enum(['create', 'drop', 'alter', 'rename']),
    key: KeySchema,
  })
  .loose();

const RenameSuggestionSchema = z
  .object({
    kind: z.string(),
    key: KeySchema,
    fromKey: KeySchema,
    reason: z.string(),
    location: DiagnosticSchema.shape.location,
    declaration: z.record(z.string(), z.unknown()).describe('what to add to the model there'),
  })
  .loose();

const MigrationRunSchema = z.object({
  version: z.number().int(),
  label: z.string().describe('e.g. 0002_add_order_notes'),
  direction: z.enum(['up', 'down']),
  transactional: z.boolean().describe('false: it ran outside a transaction, statement by statement'),
  outsideTransactionBecause: z.string().optional().describe('why it ran outside a transaction'),
  statements: z.number().int(),
  resumedAfter: z.number().int().optional().describe('a resumed file: the statements that had run before'),
  executionTimeMs: z.number().int().optional(),
});

const MigrationStatusSchema = z.object({
  version: z.number().int(),
  label: z.string(),
  state: z.enum([
    'applied',
    'pending',
    'baseline',
    'partial',
    'edited',
    'missing',
    'out-of-order',
    'partly-applied',
  ]),
  appliedKind: z.enum(['migration', 'baseline']).optional(),
  appliedAt: z.string().optional().describe('ISO 8601, UTC'),
  appliedBy: z.string().optional().describe('the database user that applied it'),
  executionTimeMs: z.number().int().nullable().optional(),
  checksum: z.string().optional().describe('SHA-256 of the up file as the history records it'),
  fileChecksum: z.string().optional().describe('SHA-256 of the up file in the directory'),
  progress: z
    .object({ direction: z.enum(['up', 'down']), done: z.number().int(), total: z.number().int() })
    .optional()
    .describe('partial: the statements of a file run outside a transaction that are done'),
  down: z.boolean().describe('whether it has a down file'),
  replaces: z
    .array(z.number().int())
    .optional()
    .describe('a squashed migration: the versions of the migrations it replaced'),
  replacedApplied: z
    .boolean()
    .optional()
    .describe('true: the database applied the migrations it replaced, which counts as applying it'),
});

export const CliOutputSchema = z
  .object({
    version: z.literal(JSON_OUTPUT_VERSION).describe('the version of this document format'),
    command: z
      .string()
      .nullable()
      .describe(
        '"generate", "inspect", "import", "diff", "migrate new", "format", "lint", ...; null when none was recognised',
      ),
    exitCode: z.number().int().describe('the exit code: 0 ok, 1 findings, 2 usage or input error'),
    diagnostics: z.array(DiagnosticSchema).describe('errors and warnings, in the order they arose'),
    unsupported: z
      .array(UnsupportedSchema)
      .optional()
      .describe('inspect, import: objects of the database the model cannot express'),
    written: z.array(z.string()).optional().describe('the files or directories written (-o, migrate new)'),
    ddl: z.string().optional().describe('generate: the DDL'),
    model: z.record(z.string(), z.unknown()).optional().describe('inspect, import: the model, without -o'),
    changes: z
      .array(ChangeSchema)
      .optional()
      .describe('diff, migrate new, apply: the changes, in plan order'),
    up: z.array(StatementSchema).optional().describe('diff, migrate new, apply: the up plan'),
    drift: z
      .object({
        replayed: z.array(z.string()).describe('the applied migrations replayed, in order'),
        pendingRenames: z
          .array(
            z.object({
              kind: z.string(),
              schema: z.string(),
              parent: z.string().optional(),
              from: z.string(),
              to: z.string(),
              migration: z.string(),
            }),
          )
          .optional()
          .describe('renames the pending migrations make: the differences they explain are renames'),
        migrations: z
          .array(ChangeSchema)
          .describe('the changes from the replayed state to the database: made outside the migrations'),
        model: z
          .object({ path: z.string(), changes: z.array(ChangeSchema) })
          .optional()
          .describe('with a model: the changes from the database to the model'),
      })
      .optional()
      .describe('migrate drift, migrate up --check-drift: where the database is against its history'),
    applyDrift: z
      .object({
        against: z
          .enum(['last-apply', 'migrations'])
          .describe(
            'what the database was checked against: what the last apply left, or its applied migrations',
          ),
        objects: z
          .array(z.string())
          .describe('each object that drifted: "changed tables public.orders", "added views public.v", ...'),
      })
      .optional()
      .describe('apply: the drift check before applying (absent when the database has no history)'),
    apply: z
      .object({
        checksum: z.string().describe('SHA-256 of the plan as a SQL script, as the history records it'),
        applied: z.boolean().describe('false with --dry-run, or when applying failed'),
        statements: z.number().int().optional(),
        transactional: z.boolean().optional(),
        outsideTransactionBecause: z.string().optional(),
        executionTimeMs: z.number().int().optional(),
      })
      .optional()
      .describe('apply: the plan applied (absent when there was nothing to apply)'),
    down: z.array(StatementSchema).optional().describe('diff, migrate new: the down plan'),
    suggestions: z
      .array(RenameSuggestionSchema)
      .optional()
      .describe('diff, migrate new with --suggest-renames: likely renames to declare'),
    migration: z.string().optional().describe('migrate new: the label of the migration written'),
    migrations: z
      .array(MigrationStatusSchema)
      .optional()
      .describe('migrate status, verify: every migration of the directory and of the history'),
    applied: z
      .array(MigrationRunSchema)
      .optional()
      .describe('migrate up: the migrations applied (with --dry-run: those that would be), in order'),
    reverted: z
      .array(MigrationRunSchema)
      .optional()
      .describe('migrate down: the migrations reverted, in order'),
    dryRun: z.boolean().optional().describe('migrate up --dry-run: nothing ran'),
    baseline: z
      .object({ version: z.number().int(), label: z.string().optional() })
      .optional()
      .describe('migrate baseline: the version the database is taken to be at'),
    repaired: z
      .array(
        z.object({
          version: z.number().int(),
          label: z.string(),
          previousChecksum: z.string(),
          checksum: z.string(),
        }),
      )
      .optional()
      .describe('migrate repair: the changed files whose new checksum was accepted'),
    targets: z
      .array(
        z.object({
          name: z.string().describe('the schema, or host/database[#schema], or the name the file gives'),
          url: z.string().describe('the database, its password masked'),
          schema: z.string().optional().describe("a tenant's schema"),
          outcome: z
            .enum(['ok', 'refused', 'failed', 'invalid', 'busy', 'unreachable', 'skipped', 'odd'])
            .describe('skipped: not started after another target failed; odd: status found problems'),
          applied: z.array(z.string()).describe('up: the migrations applied (with --dry-run: that would be)'),
          appliedCount: z.number().int().optional().describe('status, verify: migrations applied'),
          pending: z.number().int().optional().describe('status, verify: migrations pending'),
          problems: z.number().int().optional().describe('status, verify: problems found'),
          timeMs: z.number().int(),
          diagnostics: z
            .array(DiagnosticSchema)
            .describe("the target's own (also in the top-level list, named)"),
        }),
      )
      .optional()
      .describe('migrate up, status, verify --targets: every target, in the order of the file'),
    summary: z
      .object({
        targets: z.number().int(),
        ok: z.number().int(),
        failed: z.number().int().describe('failed, refused, busy, unreachable or odd'),
        skipped: z.number().int(),
        concurrency: z.number().int(),
        timeMs: z.number().int(),
      })
      .optional()
      .describe('migrate --targets: the counts of the targets by result'),
    tested: z
      .array(
        z.object({
          version: z.number().int(),
          label: z.string(),
          up: z.enum(['ok', 'failed']),
          down: z
            .enum(['ok', 'failed', 'differs', 'missing', 'skipped'])
            .describe(
              'differs: the schema after it is not the one before the up file; missing: no down file',
            ),
          reapply: z
            .enum(['ok', 'failed', 'differs', 'skipped'])
            .describe('the up file run again after the down file'),
        }),
      )
      .optional()
      .describe('migrate test: each migration tested, in order, up to the first that failed'),
    endState: z
      .object({
        model: z.string().describe('the model file or directory'),
        changes: z
          .array(ChangeSchema)
          .describe("from the migrations' end state to the model; none when equal"),
      })
      .optional()
      .describe('migrate test with a model: the end state of the migrations against it'),
    squash: z
      .object({
        migration: z.string().describe('the label of the squashed migration, e.g. 0040_squashed'),
        replaces: z.array(z.number().int()).describe('the versions it replaces, as its header names them'),
        replaced: z.array(z.string()).describe('the labels of the migrations it replaces'),
        removed: z.array(z.string()).describe('the files removed (or, with --dry-run, that would be)'),
        objects: z.number().int().describe('how many objects the squashed migration creates'),
        dryRun: z.boolean(),
      })
      .optional()
      .describe('migrate squash: what was squashed'),
    lockHolder: z
      .object({
        pid: z.number().int(),
        applicationName: z.string().nullable(),
        user: z.string().nullable(),
        clientAddress: z.string().nullable(),
        backendStart: z.string().nullable(),
      })
      .optional()
      .describe('migrate: the session that held the runner lock while this one waited in vain'),
    files: z
      .array(z.string())
      .optional()
      .describe('format: the files rewritten, or with --check those that would change'),
    findings: z
      .array(FindingSchema)
      .optional()
      .describe(
        'lint: the findings left after suppressions, by file and position; diff, migrate new: those of the migration rules over the up plan',
      ),
    lint: LintSummarySchema.optional().describe('lint: what was linted, for which version, and the counts'),
    validation: ValidationDocumentSchema.optional().describe(
      'validate: the sections of the report with their findings and what they measured',
    ),
    output: z
      .string()
      .optional()
      .describe('a command without fields of its own: what it would have printed on standard output'),
  })
  .strict();

export type CliOutput = z.infer<typeof CliOutputSchema>;

/** What a command has to report, collected while it runs and printed as one document at the end. */
export class JsonReport {
  readonly diagnostics: Diagnostic[] = [];
  unsupported: UnsupportedObject[] | undefined;
  /** The command's own fields (ddl, model, changes, ...). */
  fields: Partial<Omit<CliOutput, 'version' | 'command' | 'exitCode' | 'diagnostics' | 'unsupported'>> = {};
  /** Text a command printed on standard output without fields of its own. */
  printed = '';

  constructor(public command: string | null) {}

  render(exitCode: number): string {
    const document: CliOutput = {
      version: JSON_OUTPUT_VERSION,
      command: this.command,
      exitCode,
      diagnostics: this.diagnostics.map(plainDiagnostic),
      ...(this.unsupported && { unsupported: this.unsupported }),
      ...this.fields,
      ...(this.printed !== '' && this.fields.output === undefined && { output: this.printed }),
    };
    return `${JSON.stringify(document, null, 2)}\n`;
  }
}

/** The documented fields of a diagnostic only, in a fixed order. */
function plainDiagnostic(d: Diagnostic): z.infer<typeof DiagnosticSchema> {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...(d.location && {
      location: { file: d.location.file, line: d.location.line, column: d.location.column },
    }),
    ...(d.object !== undefined && { object: d.object }),
    ...(d.hint !== undefined && { hint: d.hint }),
  };
}

/** The JSON Schema as the text committed to schema/cli-output.schema.json. */
export function renderCliOutputJsonSchema(): string {
  const { $schema, ...rest } = z.toJSONSchema(CliOutputSchema, { io: 'output' });
  const schema = {
    $schema,
    title: 'schemata --json output',
    description: 'The document a schemata command prints with --json. See docs/json-output.md.',
    ...rest,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
