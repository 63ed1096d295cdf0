// The model file format, described once. Types come from these schemas (z.infer); the JSON Schema
// shipped for editors is generated from them too (scripts/write-json-schema.ts).
import { z } from 'zod';

export const MODEL_FORMAT_VERSION = 1;

const name = z.string().min(1);
const sqlExpression = z.string().min(1).describe('A PostgreSQL expression, kept as written.');
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

const storageParameters = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
  .describe('Storage parameters (WITH (...)).');

export const ColumnSchema = z.strictObject({
  name,
  type: z
    .string()
    .min(1)
    .describe('Any PostgreSQL type, e.g. "text", "numeric(10,2)", "integer[]", "app.status".'),
  notNull: z.boolean().optional(),
  default: sqlExpression.optional(),
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
  columns: z.array(name).min(1),
  include: z.array(name).optional(),
  ...deferrable,
  ...constraintDocs,
});

export const UniqueSchema = z.strictObject({
  name: name.optional(),
  columns: z.array(name).min(1),
  include: z.array(name).optional(),
  nullsNotDistinct: z.boolean().optional(),
  ...deferrable,
  ...constraintDocs,
});

const referentialAction = z.enum(['no action', 'restrict', 'cascade', 'set null', 'set default']);

export const ForeignKeySchema = z.strictObject({
  name: name.optional(),
  columns: z.array(name).min(1),
  references: z.strictObject({
    schema: name.optional().describe("Defaults to the referencing table's schema."),
    table: name,
    columns: z.array(name).min(1),
  }),
  onDelete: referentialAction.optional(),
  onUpdate: referentialAction.optional(),
  match: z.enum(['simple', 'full']).optional(),
  ...deferrable,
  notValid: z.boolean().optional(),
  ...constraintDocs,
});

export const CheckSchema = z.strictObject({
  name: name.optional(),
  expression: sqlExpression,
  noInherit: z.boolean().optional(),
  notValid: z.boolean().optional(),
  ...constraintDocs,
});

export const ExclusionSchema = z.strictObject({
  name: name.optional(),
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
  with: storageParameters.optional(),
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
  unique: z.boolean().optional(),
  method: z.enum(['btree', 'hash', 'gin', 'gist', 'spgist', 'brin']).optional(),
  columns: z.array(IndexKeySchema).min(1),
  include: z.array(name).optional(),
  where: sqlExpression.optional(),
  nullsNotDistinct: z.boolean().optional(),
  with: storageParameters.optional(),
  description: z.string().optional().describe('Becomes the index comment.'),
  rationale: z.string().optional().describe('Why the index exists: which query it serves.'),
});

export const TableSchema = z.strictObject({
  description: z.string().optional().describe('Purpose of the table; becomes its comment.'),
  unlogged: z.boolean().optional(),
  with: storageParameters.optional(),
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
});

export const EnumSchema = z.strictObject({
  values: z.array(z.string()),
  description: z.string().optional(),
});

export const DomainSchema = z.strictObject({
  type: z.string().min(1),
  notNull: z.boolean().optional(),
  default: sqlExpression.optional(),
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

export const SchemaSchema = z.strictObject({
  description: z.string().optional(),
  enums: z.record(z.string(), EnumSchema).optional(),
  domains: z.record(z.string(), DomainSchema).optional(),
  sequences: z.record(z.string(), SequenceSchema).optional(),
  tables: z.record(z.string(), TableSchema).optional(),
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

export const ProjectSchema = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  postgres: z.number().int().min(13).max(18).optional().describe('Target PostgreSQL major version.'),
  naming: NamingSchema.optional().describe('Templates for names not given explicitly.'),
});

/** One model file. A model directory is several such files merged. */
export const ModelFileSchema = z.strictObject({
  schemata: z.literal(MODEL_FORMAT_VERSION).optional().describe('Model format version.'),
  project: ProjectSchema.optional(),
  extensions: z.record(z.string(), ExtensionSchema).optional(),
  schemas: z.record(z.string(), SchemaSchema).optional(),
});

export type Model = z.infer<typeof ModelFileSchema>;
export type Project = z.infer<typeof ProjectSchema>;
export type Naming = z.infer<typeof NamingSchema>;
export type SchemaDef = z.infer<typeof SchemaSchema>;
export type Extension = z.infer<typeof ExtensionSchema>;
export type Table = z.infer<typeof TableSchema>;
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
