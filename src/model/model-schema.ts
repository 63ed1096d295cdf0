// The model file format, described once. Types come from these schemas (z.infer); the JSON Schema
// shipped for editors is generated from them too (scripts/write-json-schema.ts).
import * as z from 'zod';

export const MODEL_FORMAT_VERSION = 1;

const name = z.string().min(1);
const sqlExpression = z.string().min(1).describe('A PostgreSQL expression, kept as written.');
/**
 * A default of a column, domain or routine argument: SQL text. A model file may write an obvious
 * literal unquoted (`default: 0`, `default: true`); the reader takes it as its SQL text before this
 * schema sees it (readers/literal-defaults.ts), and the JSON Schema for editors accepts it too.
 */
export const DefaultExpressionSchema = z
  .string()
  .min(1)
  .describe(
    'A PostgreSQL expression, kept as written; an unquoted number or boolean is read as its SQL text.',
  );
/** Sequence bounds can exceed what a JSON number holds exactly; such values are written as strings. */
const bigInteger = z.union([z.number().int(), z.string().regex(/^-?[0-9]+$/)]);

/** Documentation metadata that is not DDL but belongs to the model. */
const sensitivity = z
  .enum(['public', 'internal', 'confidential', 'pii', 'restricted'])
  .describe('How sensitive the data is; drives review rules and documentation.');

const volume = z
  .strictObject({
    rows: z.number().int().nonnegative().optional().describe('Estimated row count.'),
    growth: z.string().optional().describe('Expected growth, e.g. "10k rows/day".'),
  })
  .describe('Estimated size of the table.');

const queryPattern = z.strictObject({
  name,
  sql: z.string().optional().describe('The query, as the application runs it.'),
  frequency: z.string().optional().describe('How often it runs, e.g. "1000/s" or "hourly".'),
  description: z.string().optional(),
});

/** Storage parameters, in the order PostgreSQL stores them (the order they are written in). */
export const StorageParametersSchema = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
  .describe('Storage parameters (WITH (...)).');

const renamedFrom = z
  .string()
  .min(1)
  .optional()
  .describe('The name this object had before; diff plans a RENAME instead of drop and create.');

export const ColumnSchema = z.strictObject({
  name,
  renamedFrom,
  type: z
    .string()
    .min(1)
    .describe('Any PostgreSQL type, e.g. "text", "numeric(10,2)", "integer[]", "app.status".'),
  notNull: z.boolean().optional(),
  default: DefaultExpressionSchema.optional(),
  identity: z
    .strictObject({
      generation: z.enum(['always', 'by default']),
      sequenceName: z.string().optional(),
      start: bigInteger.optional(),
      increment: bigInteger.optional(),
      minValue: bigInteger.optional(),
      maxValue: bigInteger.optional(),
      cache: bigInteger.optional(),
      cycle: z.boolean().optional(),
    })
    .optional()
    .describe('GENERATED ALWAYS|BY DEFAULT AS IDENTITY with its sequence options.'),
  generated: sqlExpression.optional().describe('GENERATED ALWAYS AS (expression) STORED.'),
  collation: z.string().optional(),
  storage: z
    .enum(['plain', 'external', 'extended', 'main'])
    .optional()
    .describe("SET STORAGE; left out when it is the type's own."),
  compression: z
    .enum(['pglz', 'lz4'])
    .optional()
    .describe('SET COMPRESSION; the server default when left out.'),
  statisticsTarget: z
    .number()
    .int()
    .min(0)
    .max(10000)
    .optional()
    .describe('SET STATISTICS; the server default when left out.'),
  description: z.string().optional().describe('Becomes the column comment.'),
  sensitivity: sensitivity.optional(),
  tags: z.array(z.string()).optional(),
});

const constraintDocs = {
  description: z.string().optional().describe('Becomes the constraint comment.'),
  businessRule: z.string().optional().describe('The business rule this constraint enforces.'),
  rationale: z.string().optional(),
};

const deferrable = {
  deferrable: z.boolean().optional(),
  initiallyDeferred: z.boolean().optional(),
};

export const PrimaryKeySchema = z.strictObject({
  name: name.optional(),
  renamedFrom,
  columns: z.array(name).min(1),
  include: z.array(name).optional(),
  ...deferrable,
  ...constraintDocs,
});

export const UniqueSchema = z.strictObject({
  name: name.optional(),
  renamedFrom,
  columns: z.array(name).min(1),
  include: z.array(name).optional(),
  nullsNotDistinct: z.boolean().optional(),
  ...deferrable,
  ...constraintDocs,
});

const referentialAction = z.enum(['no action', 'restrict', 'cascade', 'set null', 'set default']);

export const ForeignKeySchema = z.strictObject({
  name: name.optional(),
  renamedFrom,
  columns: z.array(name).min(1),
  references: z.strictObject({
    schema: name.optional().describe("Defaults to the referencing table's schema."),
    table: name,
    columns: z.array(name).min(1),
  }),
  onDelete: referentialAction.optional(),
  onDeleteColumns: z
    .array(name)
    .min(1)
    .optional()
    .describe(
      'With onDelete "set null" or "set default": only these foreign key columns are set (PostgreSQL 15+); all of them by default.',
    ),
  onUpdate: referentialAction.optional(),
  match: z.enum(['simple', 'full']).optional(),
  ...deferrable,
  notValid: z.boolean().optional(),
  ...constraintDocs,
});

export const CheckSchema = z.strictObject({
  name: name.optional(),
  renamedFrom,
  expression: sqlExpression,
  noInherit: z.boolean().optional(),
  notValid: z.boolean().optional(),
  ...constraintDocs,
});

export const ExclusionSchema = z.strictObject({
  name: name.optional(),
  renamedFrom,
  using: z.enum(['btree', 'hash', 'gist', 'spgist', 'gin', 'brin']).optional(),
  elements: z
    .array(
      z.strictObject({
        column: name.optional(),
        expression: sqlExpression.optional(),
        opclass: z.string().optional(),
        order: z.enum(['asc', 'desc']).optional(),
        nulls: z.enum(['first', 'last']).optional(),
        operator: z.string().min(1),
      }),
    )
    .min(1),
  include: z.array(name).optional(),
  where: sqlExpression.optional(),
  with: StorageParametersSchema.optional(),
  ...deferrable,
  ...constraintDocs,
});

export const IndexKeySchema = z.union([
  name.describe('A column name.'),
  z.strictObject({
    column: name.optional(),
    expression: sqlExpression.optional(),
    collation: z.string().optional(),
    opclass: z.string().optional(),
    order: z.enum(['asc', 'desc']).optional(),
    nulls: z.enum(['first', 'last']).optional(),
  }),
]);

export const IndexSchema = z.strictObject({
  name: name.optional(),
  renamedFrom,
  unique: z.boolean().optional(),
  method: z.enum(['btree', 'hash', 'gin', 'gist', 'spgist', 'brin']).optional(),
  columns: z.array(IndexKeySchema).min(1),
  include: z.array(name).optional(),
  where: sqlExpression.optional(),
  nullsNotDistinct: z.boolean().optional(),
  with: StorageParametersSchema.optional(),
  description: z.string().optional().describe('Becomes the index comment.'),
  rationale: z.string().optional().describe('Why the index exists: which query it serves.'),
});

// Ownership and privileges; see docs/model-files.md#ownership-and-privileges.
export const PRIVILEGES = [
  'all',
  'select',
  'insert',
  'update',
  'delete',
  'truncate',
  'references',
  'trigger',
  'maintain',
  'usage',
  'create',
  'execute',
] as const;

const role = z
  .string()
  .min(1)
  .describe('A role name, PUBLIC for every role, or CURRENT_USER for the role that runs the DDL.');

export const GrantSchema = z.strictObject({
  role,
  privileges: z.array(z.enum(PRIVILEGES)).min(1),
  columns: z.array(name).min(1).optional().describe('Column privileges (tables, views).'),
  withGrantOption: z.boolean().optional(),
});

export const RevokeSchema = z
  .strictObject({ role, privileges: z.array(z.enum(PRIVILEGES)).min(1) })
  .describe('A privilege the object kind grants by default (to PUBLIC or the owner), taken away.');

/** The object classes of ALTER DEFAULT PRIVILEGES ... ON; routines is another name for functions. */
export const DEFAULT_PRIVILEGE_OBJECTS = [
  'tables',
  'sequences',
  'functions',
  'routines',
  'types',
  'schemas',
] as const;

export const DefaultPrivilegesSchema = z
  .strictObject({
    forRole: z
      .string()
      .min(1)
      .optional()
      .describe('FOR ROLE: whose new objects; left out for the role that runs the DDL.'),
    on: z.enum(DEFAULT_PRIVILEGE_OBJECTS),
    grants: z.array(GrantSchema.omit({ columns: true })).optional(),
    revokes: z
      .array(RevokeSchema)
      .optional()
      .describe('Built-in default privileges taken away (database-wide entries only).'),
  })
  .describe('ALTER DEFAULT PRIVILEGES: privileges objects created later receive.');

const defaultPrivileges = z
  .array(DefaultPrivilegesSchema)
  .optional()
  .describe("Privileges of objects created later (ALTER DEFAULT PRIVILEGES), not of the model's own.");

/** Owner and privileges, shared by every object kind that has them. */
const access = {
  owner: z
    .string()
    .min(1)
    .optional()
    .describe('The owning role; left out when the role that runs the DDL owns the object.'),
  grants: z.array(GrantSchema).optional().describe('Privileges granted beyond the defaults.'),
  revokes: z.array(RevokeSchema).optional().describe('Default privileges revoked.'),
};

// Triggers, policies and rules belong to a table (or view); see docs/model-files.md.
const triggerState = z
  .enum(['origin', 'replica', 'always', 'disabled'])
  .optional()
  .describe('origin (the default) fires except in replicas; ENABLE REPLICA/ALWAYS, DISABLE.');

export const TriggerSchema = z.strictObject({
  name,
  timing: z.enum(['before', 'after', 'instead of']),
  events: z.array(z.enum(['insert', 'update', 'delete', 'truncate'])).min(1),
  updateOf: z.array(name).optional().describe('UPDATE OF these columns.'),
  forEach: z.enum(['row', 'statement']).optional().describe('Defaults to statement.'),
  when: sqlExpression.optional(),
  referencing: z
    .strictObject({ oldTable: name.optional(), newTable: name.optional() })
    .optional()
    .describe('REFERENCING OLD TABLE AS ... NEW TABLE AS ... (transition tables).'),
  function: z
    .string()
    .min(1)
    .describe('The trigger function, e.g. "audit.log_change"; public may be left out.'),
  arguments: z.array(z.string()).optional(),
  constraint: z.boolean().optional().describe('CREATE CONSTRAINT TRIGGER.'),
  from: z
    .string()
    .min(1)
    .optional()
    .describe(
      "A constraint trigger's FROM table (the other table of a referential constraint), schema-qualified.",
    ),
  ...deferrable,
  enabled: triggerState,
  description: z.string().optional(),
  rationale: z.string().optional(),
});

export const PolicySchema = z.strictObject({
  name,
  restrictive: z.boolean().optional().describe('AS RESTRICTIVE; policies are permissive by default.'),
  command: z.enum(['all', 'select', 'insert', 'update', 'delete']).optional(),
  roles: z.array(name).optional().describe('Defaults to PUBLIC.'),
  using: sqlExpression.optional(),
  withCheck: sqlExpression.optional(),
  description: z.string().optional(),
  businessRule: z.string().optional(),
});

export const RuleSchema = z.strictObject({
  name,
  definition: z.string().min(1).describe('The whole CREATE RULE statement, as pg_get_ruledef prints it.'),
  enabled: triggerState,
  description: z.string().optional(),
});

// Partitioning and inheritance; see docs/model-files.md#partitioned-tables.
export const PartitionKeySchema = z.union([
  name.describe('A column name.'),
  z.strictObject({
    column: name.optional(),
    expression: sqlExpression.optional(),
    collation: z.string().optional(),
    opclass: z.string().optional(),
  }),
]);

const tableReference = z.strictObject({
  schema: name.optional().describe("Defaults to the table's own schema."),
  table: name,
});

// Design patterns a table opts into; expanded into concrete objects by src/model/patterns/ (docs/patterns.md).
const actorSetting = z
  .string()
  .min(1)
  .optional()
  .describe('A setting naming the acting user (current_setting(name, true)); current_user when unset.');

export const TablePatternsSchema = z.strictObject({
  timestamps: z
    .union([
      z.literal(true),
      z.strictObject({
        version: z
          .boolean()
          .optional()
          .describe('A version column the trigger increments (optimistic locking).'),
        createdBy: z
          .boolean()
          .optional()
          .describe('created_by/updated_by columns maintained by the trigger.'),
        actorSetting,
      }),
    ])
    .optional()
    .describe('created_at/updated_at timestamptz not null default now() and a trigger that maintains them.'),
  softDelete: z
    .union([z.literal(true), z.strictObject({ view: name.optional().describe('Defaults to <table>_live.') })])
    .optional()
    .describe('deleted_at, partial unique indexes (WHERE deleted_at IS NULL) and a view of live rows.'),
  audit: z
    .union([
      z.literal(true),
      z.strictObject({
        table: z
          .enum(['shared', 'per-table'])
          .optional()
          .describe('One audit_log per schema (the default) or <table>_audit.'),
        actorSetting,
      }),
    ])
    .optional()
    .describe('An audit table and the trigger that fills it with old and new rows as jsonb.'),
  partitionedByTime: z
    .strictObject({
      column: name.describe('The date, timestamp or timestamptz column the table is partitioned by.'),
      interval: z.enum(['day', 'week', 'month', 'year']).optional().describe('Defaults to month.'),
      start: z
        .string()
        .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/)
        .describe('YYYY-MM-DD: the first partition starts here (a Monday for weeks, the 1st for months).'),
      count: z
        .number()
        .int()
        .min(1)
        .max(1000)
        .optional()
        .describe('Partitions created from start; defaults to 3.'),
      premake: z
        .number()
        .int()
        .min(0)
        .max(1000)
        .optional()
        .describe('Partitions the function makes ahead of the current one; defaults to 3.'),
      defaultPartition: z.boolean().optional().describe('A DEFAULT partition; defaults to true.'),
    })
    .optional()
    .describe(
      'PARTITION BY RANGE (column), partitions per interval from start, a DEFAULT partition and a function <table>_create_partitions(ahead) that makes the next ones.',
    ),
});

/** Grants and revokes of an object that has no owner of its own. */
const SequencePrivilegesSchema = z.strictObject({
  grants: z.array(GrantSchema).optional(),
  revokes: z.array(RevokeSchema).optional(),
});

export const TableSchema = z.strictObject({
  patterns: TablePatternsSchema.optional(),
  renamedFrom,
  ...access,
  sequencePrivileges: z
    .record(z.string(), SequencePrivilegesSchema)
    .optional()
    .describe(
      "Privileges on a serial or identity column's sequence beyond the defaults, keyed by the column.",
    ),
  description: z.string().optional().describe('Purpose of the table; becomes its comment.'),
  unlogged: z.boolean().optional(),
  with: StorageParametersSchema.optional(),
  partitionBy: z
    .strictObject({
      strategy: z.enum(['range', 'list', 'hash']),
      columns: z.array(PartitionKeySchema).min(1),
    })
    .optional()
    .describe('PARTITION BY RANGE|LIST|HASH (keys): a partitioned table.'),
  partitionOf: tableReference
    .extend({
      bound: z.string().min(1).describe('FOR VALUES ... or DEFAULT, as pg_get_expr(relpartbound) prints it.'),
    })
    .optional()
    .describe("A partition of another table; its columns are the parent's."),
  inherits: z.array(tableReference).min(1).optional().describe('INHERITS (parents), in order.'),
  clusterOn: name.optional().describe('ALTER TABLE ... CLUSTER ON this index (or key constraint).'),
  replicaIdentity: z
    .union([z.enum(['full', 'nothing']), z.strictObject({ index: name })])
    .optional()
    .describe('REPLICA IDENTITY FULL, NOTHING or USING INDEX; the primary key (DEFAULT) when left out.'),
  columns: z.array(ColumnSchema),
  primaryKey: PrimaryKeySchema.optional(),
  uniques: z.array(UniqueSchema).optional(),
  foreignKeys: z.array(ForeignKeySchema).optional(),
  checks: z.array(CheckSchema).optional(),
  exclusions: z.array(ExclusionSchema).optional(),
  indexes: z.array(IndexSchema).optional(),
  dataOwner: z.string().optional().describe('Team or person accountable for the data.'),
  subjectArea: z.string().optional(),
  tags: z.array(z.string()).optional(),
  sensitivity: sensitivity.optional(),
  retention: z.string().optional().describe('How long rows are kept, e.g. "7 years".'),
  volume: volume.optional(),
  keyRationale: z.string().optional().describe('Why the primary key was chosen.'),
  queryPatterns: z.array(queryPattern).optional(),
  rowSecurity: z.boolean().optional().describe('ENABLE ROW LEVEL SECURITY.'),
  forceRowSecurity: z.boolean().optional().describe('FORCE ROW LEVEL SECURITY (applies to the owner too).'),
  policies: z.array(PolicySchema).optional(),
  triggers: z.array(TriggerSchema).optional(),
  rules: z.array(RuleSchema).optional(),
});

export const EnumSchema = z.strictObject({
  renamedFrom,
  ...access,
  values: z.array(z.string()),
  renamedValues: z
    .record(z.string(), z.string())
    .optional()
    .describe('Values renamed since the previous version: new value -> the value it was renamed from.'),
  description: z.string().optional(),
});

export const DomainSchema = z.strictObject({
  type: z.string().min(1),
  ...access,
  notNull: z.boolean().optional(),
  default: DefaultExpressionSchema.optional(),
  collation: z.string().optional(),
  checks: z
    .array(
      z.strictObject({
        name: name.optional(),
        expression: sqlExpression.describe('Refers to the value as VALUE.'),
        notValid: z.boolean().optional(),
        ...constraintDocs,
      }),
    )
    .optional(),
  description: z.string().optional(),
});

export const SequenceSchema = z.strictObject({
  type: z.enum(['smallint', 'integer', 'bigint']).optional(),
  ...access,
  start: bigInteger.optional(),
  increment: bigInteger.optional(),
  minValue: bigInteger.optional(),
  maxValue: bigInteger.optional(),
  cache: bigInteger.optional(),
  cycle: z.boolean().optional(),
  unlogged: z.boolean().optional(),
  ownedBy: z
    .strictObject({ table: name, column: name })
    .optional()
    .describe('The column (in the same schema) whose drop drops the sequence.'),
  description: z.string().optional(),
});

const viewDefinition = z
  .string()
  .min(1)
  .describe('The query, as pg_get_viewdef(oid, true) prints it, without the trailing semicolon.');

export const ViewSchema = z.strictObject({
  renamedFrom,
  description: z.string().optional(),
  ...access,
  definition: viewDefinition,
  checkOption: z.enum(['local', 'cascaded']).optional().describe('WITH LOCAL|CASCADED CHECK OPTION.'),
  securityBarrier: z.boolean().optional(),
  securityInvoker: z.boolean().optional(),
  with: StorageParametersSchema.optional().describe('Other view options (WITH (...)).'),
  triggers: z.array(TriggerSchema).optional(),
  rules: z.array(RuleSchema).optional(),
  dataOwner: z.string().optional(),
  subjectArea: z.string().optional(),
  tags: z.array(z.string()).optional(),
  rationale: z.string().optional(),
});

export const MaterializedViewSchema = z.strictObject({
  renamedFrom,
  description: z.string().optional(),
  ...access,
  definition: viewDefinition,
  withNoData: z.boolean().optional().describe('Created WITH NO DATA; otherwise populated.'),
  with: StorageParametersSchema.optional(),
  indexes: z.array(IndexSchema).optional(),
  clusterOn: name.optional().describe('ALTER MATERIALIZED VIEW ... CLUSTER ON this index.'),
  dataOwner: z.string().optional(),
  subjectArea: z.string().optional(),
  tags: z.array(z.string()).optional(),
  rationale: z.string().optional(),
});

export const RoutineArgumentSchema = z.strictObject({
  name: name.optional(),
  type: z.string().min(1),
  mode: z.enum(['in', 'out', 'inout', 'variadic']).optional().describe('Defaults to in.'),
  default: DefaultExpressionSchema.optional(),
});

/** A function or procedure, keyed by its signature: `name(integer, text)`. */
export const RoutineSchema = z.strictObject({
  renamedFrom: z
    .string()
    .min(1)
    .optional()
    .describe('The name (without arguments) this routine had before; diff plans a RENAME.'),
  description: z.string().optional(),
  ...access,
  language: z.string().min(1),
  arguments: z.array(RoutineArgumentSchema).optional(),
  returns: z
    .string()
    .min(1)
    .optional()
    .describe('As pg_get_function_result prints it: "integer", "SETOF text", "TABLE(a integer)", "trigger".'),
  volatility: z.enum(['immutable', 'stable', 'volatile']).optional().describe('Defaults to volatile.'),
  window: z.boolean().optional().describe('A window function (WINDOW), written in C or internal.'),
  strict: z.boolean().optional(),
  securityDefiner: z.boolean().optional(),
  leakproof: z.boolean().optional(),
  parallel: z.enum(['safe', 'restricted', 'unsafe']).optional().describe('Defaults to unsafe.'),
  cost: z.number().nonnegative().optional(),
  rows: z.number().nonnegative().optional(),
  set: z
    .record(z.string(), z.string())
    .optional()
    .describe('SET configuration parameters, e.g. search_path: "public, pg_temp" (as PostgreSQL stores it).'),
  body: z.string().optional().describe('The body as written (AS $$...$$), or the symbol of a C function.'),
  sqlBody: z
    .string()
    .optional()
    .describe('A SQL-standard body (BEGIN ATOMIC ... END or RETURN ...), as PostgreSQL prints it.'),
  library: z.string().optional().describe("The object file of a C function (AS 'library', 'symbol')."),
  rationale: z.string().optional(),
  tags: z.array(z.string()).optional(),
});

/** An aggregate, keyed by its signature: `name(integer)`, `name(ORDER BY integer)`. */
export const AggregateSchema = z.strictObject({
  description: z.string().optional(),
  ...access,
  arguments: z
    .array(RoutineArgumentSchema)
    .optional()
    .describe('Direct arguments of an ordered-set aggregate, or all.'),
  orderBy: z
    .array(RoutineArgumentSchema)
    .optional()
    .describe('Aggregated arguments of an ordered-set aggregate.'),
  hypothetical: z.boolean().optional(),
  sfunc: z.string().min(1),
  stype: z.string().min(1),
  sspace: z.number().int().optional(),
  finalfunc: z.string().optional(),
  finalfuncExtra: z.boolean().optional(),
  finalfuncModify: z.enum(['read_only', 'shareable', 'read_write']).optional(),
  combinefunc: z.string().optional(),
  serialfunc: z.string().optional(),
  deserialfunc: z.string().optional(),
  initcond: z.string().optional(),
  msfunc: z.string().optional(),
  minvfunc: z.string().optional(),
  mstype: z.string().optional(),
  msspace: z.number().int().optional(),
  mfinalfunc: z.string().optional(),
  mfinalfuncExtra: z.boolean().optional(),
  mfinalfuncModify: z.enum(['read_only', 'shareable', 'read_write']).optional(),
  minitcond: z.string().optional(),
  sortop: z.string().optional(),
  parallel: z.enum(['safe', 'restricted', 'unsafe']).optional(),
});

export const EventTriggerSchema = z.strictObject({
  event: z.enum(['ddl_command_start', 'ddl_command_end', 'sql_drop', 'table_rewrite', 'login']),
  tags: z.array(z.string()).optional().describe('WHEN TAG IN (...)'),
  function: z.string().min(1),
  enabled: z.enum(['origin', 'replica', 'always', 'disabled']).optional(),
  owner: z
    .string()
    .optional()
    .describe('The owning role (a superuser); left out when the role that runs the DDL owns it.'),
  description: z.string().optional(),
});

// Composite types, range types, collations, statistics and text search; see docs/model-files.md#types.
export const CompositeTypeSchema = z.strictObject({
  attributes: z
    .array(
      z.strictObject({
        name,
        type: z.string().min(1),
        collation: z.string().optional(),
        description: z.string().optional().describe('Becomes the attribute comment.'),
      }),
    )
    .describe('The attributes, in order (CREATE TYPE ... AS (...)).'),
  description: z.string().optional(),
});

export const RangeTypeSchema = z.strictObject({
  subtype: z.string().min(1),
  subtypeOpclass: z.string().optional().describe("Defaults to the subtype's default btree operator class."),
  collation: z.string().optional(),
  canonical: z.string().optional().describe('The canonical function (it must exist before the range type).'),
  subtypeDiff: z.string().optional().describe('The subtype_diff function.'),
  multirangeTypeName: z
    .string()
    .optional()
    .describe('Defaults to the name with range replaced by multirange.'),
  description: z.string().optional(),
});

export const CollationSchema = z.strictObject({
  provider: z.enum(['libc', 'icu', 'builtin']).optional().describe('Defaults to libc.'),
  locale: z.string().optional().describe('Sets lc_collate and lc_ctype together (libc), or the ICU locale.'),
  lcCollate: z.string().optional(),
  lcCtype: z.string().optional(),
  deterministic: z.boolean().optional().describe('Defaults to true.'),
  rules: z.string().optional().describe('ICU tailoring rules (PostgreSQL 16 and later).'),
  description: z.string().optional(),
});

export const StatisticsSchema = z.strictObject({
  table: name.describe("The table, in the schema given by tableSchema or the statistics object's own."),
  tableSchema: name.optional(),
  kinds: z
    .array(z.enum(['ndistinct', 'dependencies', 'mcv']))
    .min(1)
    .optional()
    .describe('Defaults to all kinds.'),
  columns: z.array(name).optional().describe('Columns, in table order.'),
  expressions: z.array(sqlExpression).optional(),
  statisticsTarget: z.number().int().min(-1).optional().describe('ALTER STATISTICS ... SET STATISTICS.'),
  description: z.string().optional(),
});

export const TextSearchDictionarySchema = z.strictObject({
  template: z.string().min(1).describe('e.g. "simple", "snowball", "public.my_template".'),
  options: z.record(z.string(), z.string()).optional().describe('Template options, e.g. stopwords: english.'),
  description: z.string().optional(),
});

export const TextSearchConfigurationSchema = z.strictObject({
  parser: z.string().min(1).describe('e.g. "default".'),
  mappings: z
    .record(z.string(), z.array(z.string().min(1)).min(1))
    .optional()
    .describe('Token type -> dictionaries, in order.'),
  description: z.string().optional(),
});

export const SchemaSchema = z.strictObject({
  renamedFrom,
  ...access,
  defaultPrivileges: defaultPrivileges.describe('ALTER DEFAULT PRIVILEGES IN SCHEMA: grants only.'),
  description: z.string().optional(),
  enums: z.record(z.string(), EnumSchema).optional(),
  domains: z.record(z.string(), DomainSchema).optional(),
  compositeTypes: z.record(z.string(), CompositeTypeSchema).optional(),
  rangeTypes: z.record(z.string(), RangeTypeSchema).optional(),
  collations: z.record(z.string(), CollationSchema).optional(),
  statistics: z.record(z.string(), StatisticsSchema).optional().describe('Extended statistics objects.'),
  textSearchDictionaries: z.record(z.string(), TextSearchDictionarySchema).optional(),
  textSearchConfigurations: z.record(z.string(), TextSearchConfigurationSchema).optional(),
  sequences: z.record(z.string(), SequenceSchema).optional(),
  tables: z.record(z.string(), TableSchema).optional(),
  views: z.record(z.string(), ViewSchema).optional(),
  materializedViews: z.record(z.string(), MaterializedViewSchema).optional(),
  functions: z
    .record(z.string(), RoutineSchema)
    .optional()
    .describe('Keyed by signature: name(integer, text).'),
  procedures: z.record(z.string(), RoutineSchema).optional().describe('Keyed by signature: name(integer).'),
  aggregates: z.record(z.string(), AggregateSchema).optional().describe('Keyed by signature: name(integer).'),
});

export const ExtensionSchema = z.strictObject({
  schema: name.optional(),
  version: z.string().optional(),
  description: z.string().optional(),
});

export const NamingSchema = z.strictObject({
  primaryKey: z.string().optional(),
  foreignKey: z.string().optional(),
  unique: z.string().optional(),
  check: z.string().optional(),
  exclusion: z.string().optional(),
  index: z.string().optional(),
});

const dropReason = z.string().optional().describe('Why the object goes, for reviewers.');

/**
 * An object the model no longer has and whose data may be deleted: diff and `migrate new` plan its
 * drop without --allow-data-loss. Only these objects are consented; the record stays harmless once
 * the drop has run.
 */
export const RecordedDropSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('schema'), name, reason: dropReason }),
  z.strictObject({ kind: z.enum(['table', 'sequence']), schema: name, name, reason: dropReason }),
  z.strictObject({ kind: z.literal('column'), schema: name, table: name, name, reason: dropReason }),
  z.strictObject({
    kind: z.literal('enumValue'),
    schema: name,
    enum: name,
    name: z.string().describe('The enum value removed.'),
    reason: dropReason,
  }),
]);

export const ProjectSchema = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  postgres: z.number().int().min(13).max(18).optional().describe('Target PostgreSQL major version.'),
  naming: NamingSchema.optional().describe('Templates for names not given explicitly.'),
  drops: z
    .array(RecordedDropSchema)
    .optional()
    .describe('Objects dropped on purpose: their data loss is accepted without --allow-data-loss.'),
});

export const RoleSchema = z
  .strictObject({
    login: z.boolean().optional(),
    superuser: z.boolean().optional(),
    createDatabase: z.boolean().optional(),
    createRole: z.boolean().optional(),
    inherit: z.boolean().optional().describe('Defaults to true.'),
    bypassRowSecurity: z.boolean().optional(),
    memberOf: z.array(name).optional(),
    description: z.string().optional(),
  })
  .describe('A role the model refers to. Roles are cluster-wide: created only when asked (--create-roles).');

/** One model file. A model directory is several such files merged. */
export const ModelFileSchema = z.strictObject({
  schemata: z.literal(MODEL_FORMAT_VERSION).optional().describe('Model format version.'),
  project: ProjectSchema.optional(),
  extensions: z.record(z.string(), ExtensionSchema).optional(),
  schemas: z.record(z.string(), SchemaSchema).optional(),
  eventTriggers: z.record(z.string(), EventTriggerSchema).optional().describe('Database-wide.'),
  roles: z.record(z.string(), RoleSchema).optional().describe('Cluster-wide; see RoleSchema.'),
  defaultPrivileges: defaultPrivileges.describe('Database-wide ALTER DEFAULT PRIVILEGES.'),
});

export type Model = z.infer<typeof ModelFileSchema>;
export type Project = z.infer<typeof ProjectSchema>;
export type Naming = z.infer<typeof NamingSchema>;
export type RecordedDrop = z.infer<typeof RecordedDropSchema>;
export type SchemaDef = z.infer<typeof SchemaSchema>;
export type Extension = z.infer<typeof ExtensionSchema>;
export type Table = z.infer<typeof TableSchema>;
export type TablePatterns = z.infer<typeof TablePatternsSchema>;
export type Column = z.infer<typeof ColumnSchema>;
export type PrimaryKey = z.infer<typeof PrimaryKeySchema>;
export type Unique = z.infer<typeof UniqueSchema>;
export type ForeignKey = z.infer<typeof ForeignKeySchema>;
export type Check = z.infer<typeof CheckSchema>;
export type Exclusion = z.infer<typeof ExclusionSchema>;
export type Index = z.infer<typeof IndexSchema>;
export type IndexKey = z.infer<typeof IndexKeySchema>;
export type EnumDef = z.infer<typeof EnumSchema>;
export type Domain = z.infer<typeof DomainSchema>;
export type Sequence = z.infer<typeof SequenceSchema>;
export type Identity = NonNullable<Column['identity']>;
export type PartitionKey = z.infer<typeof PartitionKeySchema>;
export type PartitionBy = NonNullable<Table['partitionBy']>;
export type PartitionOf = NonNullable<Table['partitionOf']>;
export type Trigger = z.infer<typeof TriggerSchema>;
export type Policy = z.infer<typeof PolicySchema>;
export type Rule = z.infer<typeof RuleSchema>;
export type View = z.infer<typeof ViewSchema>;
export type MaterializedView = z.infer<typeof MaterializedViewSchema>;
export type Routine = z.infer<typeof RoutineSchema>;
export type RoutineArgument = z.infer<typeof RoutineArgumentSchema>;
export type Aggregate = z.infer<typeof AggregateSchema>;
export type EventTrigger = z.infer<typeof EventTriggerSchema>;

export type CompositeType = z.infer<typeof CompositeTypeSchema>;
export type RangeType = z.infer<typeof RangeTypeSchema>;
export type Collation = z.infer<typeof CollationSchema>;
export type Statistics = z.infer<typeof StatisticsSchema>;
export type TextSearchDictionary = z.infer<typeof TextSearchDictionarySchema>;
export type TextSearchConfiguration = z.infer<typeof TextSearchConfigurationSchema>;
export type Grant = z.infer<typeof GrantSchema>;
export type Revoke = z.infer<typeof RevokeSchema>;
export type DefaultPrivileges = z.infer<typeof DefaultPrivilegesSchema>;
export type DefaultPrivilegeObjects = DefaultPrivileges['on'];
export type Privilege = (typeof PRIVILEGES)[number];
export type Role = z.infer<typeof RoleSchema>;
