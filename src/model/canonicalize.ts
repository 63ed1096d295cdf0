// The canonical form of a model (docs/canonical-form.md), computed in one place: properties at their
// default are left out, lists whose order carries no meaning are sorted by resolved name, numbers take
// one spelling. Only what the reader reads back with the same meaning is left out. Type names are not
// touched here: the reader canonicalises them with the SQL parser (canonicalType).
import { SERIAL_TYPES } from '../dialects/postgres/builtin-types.ts';
import type {
  Check,
  Column,
  Domain,
  EnumDef,
  EventTrigger,
  Exclusion,
  Extension,
  ForeignKey,
  Identity,
  Index,
  IndexKey,
  MaterializedView,
  Model,
  PrimaryKey,
  Project,
  SchemaDef,
  Sequence,
  Table,
  Unique,
} from './model-schema.ts';
import { MODEL_FORMAT_VERSION } from './model-schema.ts';
import { canonicalModelAccess } from './canonicalize-access.ts';
import {
  canonicalAggregate,
  canonicalEventTrigger,
  canonicalMaterializedView,
  canonicalPolicies,
  canonicalRoutine,
  canonicalRules,
  canonicalTriggers,
  canonicalView,
} from './canonicalize-code-objects.ts';
import { canonicalTypeObjects } from './canonicalize-type-objects.ts';
import { compareKeys, setOwnEntry, sortedEntries } from './model-path.ts';
import {
  checkName,
  domainCheckNames,
  exclusionName,
  foreignKeyName,
  indexName,
  namingOf,
  primaryKeyName,
  uniqueName,
  type ResolvedNaming,
} from './naming.ts';

type BigInteger = number | string;
type StorageParameters = NonNullable<Table['with']>;

const PUBLIC_SCHEMA_COMMENT = 'standard public schema';

/** Ranges of the integer types a sequence can have. */
const INTEGER_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

/** Drops properties whose value is undefined, so optional properties are absent rather than undefined. */
function compact<T extends object>(value: { [K in keyof T]: T[K] | undefined }): T {
  const result: Record<string, unknown> = {};
  const properties = value as Record<string, unknown>;
  // Object.keys rather than Object.entries: no pair per property, which shows over thousands of tables.
  for (const key of Object.keys(properties)) {
    const entry = properties[key];
    if (entry !== undefined) result[key] = entry;
  }
  return result as T;
}

function record<T>(entries: [string, T][]): Record<string, T> | undefined {
  if (entries.length === 0) return undefined;
  const result: Record<string, T> = {};
  for (const [key, value] of entries) setOwnEntry(result, key, value);
  return result;
}

function trueOrOmitted(value: boolean | undefined): true | undefined {
  return value === true ? true : undefined;
}

function nonEmpty<T>(list: readonly T[] | undefined): T[] | undefined {
  return list === undefined || list.length === 0 ? undefined : [...list];
}

/** Sorts by name; equal names (an error reported elsewhere) keep their order. */
function sortByName<T>(items: readonly T[], names: readonly string[]): T[] {
  return items
    .map((item, position) => ({ item, name: names[position] ?? '', position }))
    .sort((a, b) => compareKeys(a.name, b.name) || a.position - b.position)
    .map((entry) => entry.item);
}

export function isSerialType(type: string): boolean {
  return Object.hasOwn(SERIAL_TYPES, type.trim().toLowerCase());
}

/** Numbers within JavaScript's safe integers are numbers; larger ones are strings of digits. */
export function canonicalBigInteger(value: BigInteger | undefined): BigInteger | undefined {
  if (value === undefined || typeof value === 'number') return value;
  if (!/^-?[0-9]+$/.test(value)) return value;
  const big = BigInt(value);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(big)
    : big.toString();
}

function toBigInt(value: BigInteger | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  return /^-?[0-9]+$/.test(value) ? BigInt(value) : undefined;
}

interface SequenceOptions {
  start?: BigInteger | undefined;
  increment?: BigInteger | undefined;
  minValue?: BigInteger | undefined;
  maxValue?: BigInteger | undefined;
  cache?: BigInteger | undefined;
  cycle?: boolean | undefined;
}

/**
 * Leaves out the options equal to PostgreSQL's defaults for a sequence of the given integer type (or of
 * an unknown type, in which case bounds that depend on the type are kept).
 */
function canonicalSequenceOptions(options: SequenceOptions, type: string | undefined): SequenceOptions {
  const range = type === undefined ? undefined : INTEGER_RANGES[type];
  const increment = toBigInt(options.increment) ?? (options.increment === undefined ? 1n : undefined);
  const ascending = increment === undefined ? undefined : increment > 0n;
  const defaultMin = ascending === undefined ? undefined : ascending ? 1n : range?.[0];
  const defaultMax = ascending === undefined ? undefined : ascending ? range?.[1] : -1n;
  const min = toBigInt(options.minValue);
  const max = toBigInt(options.maxValue);
  const effectiveMin = options.minValue === undefined ? defaultMin : min;
  const effectiveMax = options.maxValue === undefined ? defaultMax : max;
  const defaultStart = ascending === undefined ? undefined : ascending ? effectiveMin : effectiveMax;
  const start = toBigInt(options.start);
  const isDefault = (value: bigint | undefined, byDefault: bigint | undefined) =>
    value !== undefined && byDefault !== undefined && value === byDefault;
  return {
    start: isDefault(start, defaultStart) ? undefined : canonicalBigInteger(options.start),
    increment: increment === 1n ? undefined : canonicalBigInteger(options.increment),
    minValue: isDefault(min, defaultMin) ? undefined : canonicalBigInteger(options.minValue),
    maxValue: isDefault(max, defaultMax) ? undefined : canonicalBigInteger(options.maxValue),
    cache: toBigInt(options.cache) === 1n ? undefined : canonicalBigInteger(options.cache),
    cycle: trueOrOmitted(options.cycle),
  };
}

/**
 * Storage parameters keep their order: PostgreSQL stores them in the order given and pg_dump prints
 * them so. Comparisons do not look at the order (diff compares them as sets of settings).
 */
function canonicalStorageParameters(
  parameters: StorageParameters | undefined,
): StorageParameters | undefined {
  return record(
    Object.entries(parameters ?? {}).map(([key, value]): [string, string | number | boolean] => {
      if (typeof value !== 'string') return [key, value];
      if (value === 'true' || value === 'false') return [key, value === 'true'];
      const number = Number(value);
      return [
        key,
        value.trim() !== '' && Number.isFinite(number) && String(number) === value ? number : value,
      ];
    }),
  );
}

interface TableContext {
  naming: ResolvedNaming;
  schema: string;
  tableName: string;
  table: Table;
}

function canonicalIdentity(identity: Identity, context: TableContext, column: Column): Identity {
  const options = canonicalSequenceOptions(identity, column.type);
  return compact<Identity>({
    generation: identity.generation,
    sequenceName:
      identity.sequenceName === `${context.tableName}_${column.name}_seq` ? undefined : identity.sequenceName,
    ...options,
  });
}

function canonicalColumn(column: Column, context: TableContext): Column {
  return compact<Column>({
    name: column.name,
    renamedFrom: column.renamedFrom,
    type: column.type,
    // serial implies NOT NULL.
    notNull: column.notNull === true && !isSerialType(column.type) ? true : undefined,
    default: column.default,
    identity: column.identity && canonicalIdentity(column.identity, context, column),
    generated: column.generated,
    collation: column.collation,
    storage: column.storage,
    compression: column.compression,
    statisticsTarget: column.statisticsTarget,
    description: column.description,
    sensitivity: column.sensitivity,
    tags: column.tags,
  });
}

function canonicalPrimaryKey(primaryKey: PrimaryKey, context: TableContext): PrimaryKey {
  const { naming, schema, tableName, table } = context;
  const templateName = primaryKeyName(naming, schema, tableName, {
    ...table,
    primaryKey: { ...primaryKey, name: undefined },
  });
  return compact<PrimaryKey>({
    ...primaryKey,
    name: primaryKey.name === templateName ? undefined : primaryKey.name,
    include: nonEmpty(primaryKey.include),
    deferrable: trueOrOmitted(primaryKey.deferrable),
    initiallyDeferred: trueOrOmitted(primaryKey.initiallyDeferred),
  });
}

function canonicalUnique(unique: Unique, { naming, schema, tableName }: TableContext): Unique {
  const templateName = uniqueName(naming, schema, tableName, { ...unique, name: undefined });
  return compact<Unique>({
    ...unique,
    name: unique.name === templateName ? undefined : unique.name,
    include: nonEmpty(unique.include),
    nullsNotDistinct: trueOrOmitted(unique.nullsNotDistinct),
    deferrable: trueOrOmitted(unique.deferrable),
    initiallyDeferred: trueOrOmitted(unique.initiallyDeferred),
  });
}

function canonicalForeignKey(fk: ForeignKey, { naming, schema, tableName }: TableContext): ForeignKey {
  const templateName = foreignKeyName(naming, schema, tableName, { ...fk, name: undefined });
  return compact<ForeignKey>({
    ...fk,
    name: fk.name === templateName ? undefined : fk.name,
    references: compact<ForeignKey['references']>({
      schema: fk.references.schema === schema ? undefined : fk.references.schema,
      table: fk.references.table,
      columns: fk.references.columns,
    }),
    onDelete: fk.onDelete === 'no action' ? undefined : fk.onDelete,
    onUpdate: fk.onUpdate === 'no action' ? undefined : fk.onUpdate,
    match: fk.match === 'simple' ? undefined : fk.match,
    deferrable: trueOrOmitted(fk.deferrable),
    initiallyDeferred: trueOrOmitted(fk.initiallyDeferred),
    notValid: trueOrOmitted(fk.notValid),
  });
}

function canonicalCheck(check: Check, { naming, schema, tableName, table }: TableContext): Check {
  const templateName = checkName(naming, schema, tableName, table, { ...check, name: undefined });
  return compact<Check>({
    ...check,
    name: check.name === templateName ? undefined : check.name,
    noInherit: trueOrOmitted(check.noInherit),
    notValid: trueOrOmitted(check.notValid),
  });
}

/** `nulls` is the default when it is `last` for ascending and `first` for descending order. */
function canonicalOrder<
  T extends { order?: 'asc' | 'desc' | undefined; nulls?: 'first' | 'last' | undefined },
>(key: T): { order: 'desc' | undefined; nulls: 'first' | 'last' | undefined } {
  const descending = key.order === 'desc';
  const defaultNulls = descending ? 'first' : 'last';
  return {
    order: descending ? 'desc' : undefined,
    nulls: key.nulls === defaultNulls ? undefined : key.nulls,
  };
}

function canonicalExclusion(
  exclusion: Exclusion,
  { naming, schema, tableName, table }: TableContext,
): Exclusion {
  const templateName = exclusionName(naming, schema, tableName, table, { ...exclusion, name: undefined });
  return compact<Exclusion>({
    ...exclusion,
    name: exclusion.name === templateName ? undefined : exclusion.name,
    using: exclusion.using === 'btree' ? undefined : exclusion.using,
    elements: exclusion.elements.map((element) =>
      compact<Exclusion['elements'][number]>({ ...element, ...canonicalOrder(element) }),
    ),
    include: nonEmpty(exclusion.include),
    with: canonicalStorageParameters(exclusion.with),
    deferrable: trueOrOmitted(exclusion.deferrable),
    initiallyDeferred: trueOrOmitted(exclusion.initiallyDeferred),
  });
}

function canonicalIndexKey(key: IndexKey, table: Table): IndexKey {
  if (typeof key === 'string') return key;
  const column = key.column === undefined ? undefined : table.columns.find((c) => c.name === key.column);
  const canonical = compact<Exclude<IndexKey, string>>({
    ...key,
    collation:
      column?.collation !== undefined && key.collation === column.collation ? undefined : key.collation,
    ...canonicalOrder(key),
  });
  const fields = Object.keys(canonical);
  return fields.length === 1 && fields[0] === 'column' && canonical.column !== undefined
    ? canonical.column
    : canonical;
}

function canonicalIndex(index: Index, { naming, schema, tableName, table }: TableContext): Index {
  const templateName = indexName(naming, schema, tableName, table, { ...index, name: undefined });
  return compact<Index>({
    ...index,
    name: index.name === templateName ? undefined : index.name,
    unique: trueOrOmitted(index.unique),
    method: index.method === 'btree' ? undefined : index.method,
    columns: index.columns.map((key) => canonicalIndexKey(key, table)),
    include: nonEmpty(index.include),
    nullsNotDistinct: trueOrOmitted(index.nullsNotDistinct),
    with: canonicalStorageParameters(index.with),
  });
}

function canonicalTable(schema: string, tableName: string, table: Table, naming: ResolvedNaming): Table {
  const context: TableContext = { naming, schema, tableName, table };
  const names = (
    items: readonly { name?: string | undefined }[] | undefined,
    resolve: (i: number) => string,
  ) => (items ?? []).map((_, i) => resolve(i));
  const uniques = table.uniques ?? [];
  const foreignKeys = table.foreignKeys ?? [];
  const checks = table.checks ?? [];
  const exclusions = table.exclusions ?? [];
  const indexes = table.indexes ?? [];
  const sorted = <T>(items: T[], resolved: string[], canonical: (item: T) => T) =>
    nonEmpty(sortByName(items, resolved).map(canonical));
  return compact<Table>({
    ...table,
    unlogged: trueOrOmitted(table.unlogged),
    with: canonicalStorageParameters(table.with),
    columns: table.columns.map((column) => canonicalColumn(column, context)),
    primaryKey: table.primaryKey && canonicalPrimaryKey(table.primaryKey, context),
    uniques: sorted(
      uniques,
      names(uniques, (i) => uniqueName(naming, schema, tableName, uniques[i] as Unique)),
      (u) => canonicalUnique(u, context),
    ),
    foreignKeys: sorted(
      foreignKeys,
      names(foreignKeys, (i) => foreignKeyName(naming, schema, tableName, foreignKeys[i] as ForeignKey)),
      (fk) => canonicalForeignKey(fk, context),
    ),
    checks: sorted(
      checks,
      names(checks, (i) => checkName(naming, schema, tableName, table, checks[i] as Check)),
      (c) => canonicalCheck(c, context),
    ),
    exclusions: sorted(
      exclusions,
      names(exclusions, (i) => exclusionName(naming, schema, tableName, table, exclusions[i] as Exclusion)),
      (x) => canonicalExclusion(x, context),
    ),
    indexes: sorted(
      indexes,
      names(indexes, (i) => indexName(naming, schema, tableName, table, indexes[i] as Index)),
      (x) => canonicalIndex(x, context),
    ),
    rowSecurity: trueOrOmitted(table.rowSecurity),
    forceRowSecurity: trueOrOmitted(table.forceRowSecurity),
    policies: canonicalPolicies(table.policies),
    triggers: canonicalTriggers(table.triggers),
    rules: canonicalRules(table.rules),
  });
}

/** A materialized view's indexes are named by the templates like a table's, on a table without columns. */
function canonicalMaterializedViewIndexes(
  schema: string,
  viewName: string,
  indexes: readonly Index[] | undefined,
  naming: ResolvedNaming,
): Index[] | undefined {
  if (indexes === undefined || indexes.length === 0) return undefined;
  const table: Table = { columns: [] };
  const context: TableContext = { naming, schema, tableName: viewName, table };
  const resolved = indexes.map((index) => indexName(naming, schema, viewName, table, index));
  return sortByName(indexes, resolved).map((index) => canonicalIndex(index, context));
}

type DomainCheck = NonNullable<Domain['checks']>[number];

/**
 * Domain checks sorted by resolved name. Their names are left out only when PostgreSQL would choose the
 * very same names for them unnamed (`<domain>_check`, `<domain>_check1`, ...), checked by resolving the
 * unnamed list again rather than by reasoning about it.
 */
function canonicalDomainChecks(domainName: string, checks: readonly DomainCheck[] | undefined) {
  if (checks === undefined || checks.length === 0) return undefined;
  const resolved = domainCheckNames(domainName, checks);
  const ordered = sortByName(
    checks.map((check, i) => ({ check, name: resolved[i] ?? '' })),
    resolved,
  );
  const unnamed = ordered.map(({ check }) => ({ ...check, name: undefined }));
  const reresolved = domainCheckNames(domainName, unnamed);
  const namesImplied = ordered.every(({ name }, i) => reresolved[i] === name);
  return ordered.map(({ check }) =>
    compact<DomainCheck>({
      ...check,
      name: namesImplied ? undefined : check.name,
      notValid: trueOrOmitted(check.notValid),
    }),
  );
}

function canonicalDomain(domainName: string, domain: Domain): Domain {
  return compact<Domain>({
    ...domain,
    notNull: trueOrOmitted(domain.notNull),
    checks: canonicalDomainChecks(domainName, domain.checks),
  });
}

function canonicalSequence(sequence: Sequence): Sequence {
  const type = sequence.type ?? 'bigint';
  return compact<Sequence>({
    ...sequence,
    type: type === 'bigint' ? undefined : type,
    ...canonicalSequenceOptions(sequence, type),
    unlogged: trueOrOmitted(sequence.unlogged),
  });
}

function canonicalSchema(schemaName: string, schema: SchemaDef, naming: ResolvedNaming): SchemaDef {
  return compact<SchemaDef>({
    description:
      schemaName === 'public' && schema.description === PUBLIC_SCHEMA_COMMENT
        ? undefined
        : schema.description,
    owner: schema.owner,
    grants: schema.grants,
    revokes: schema.revokes,
    defaultPrivileges: schema.defaultPrivileges,
    enums: record(sortedEntries(schema.enums).map(([name, e]): [string, EnumDef] => [name, { ...e }])),
    domains: record(sortedEntries(schema.domains).map(([name, d]) => [name, canonicalDomain(name, d)])),
    sequences: record(sortedEntries(schema.sequences).map(([name, s]) => [name, canonicalSequence(s)])),
    tables: record(
      sortedEntries(schema.tables).map(([name, t]) => [name, canonicalTable(schemaName, name, t, naming)]),
    ),
    views: record(sortedEntries(schema.views).map(([name, v]) => [name, canonicalView(v)])),
    materializedViews: record(
      sortedEntries(schema.materializedViews).map(([name, v]) => [
        name,
        compact<MaterializedView>({
          ...canonicalMaterializedView(v),
          indexes: canonicalMaterializedViewIndexes(schemaName, name, v.indexes, naming),
        }),
      ]),
    ),
    functions: record(sortedEntries(schema.functions).map(([name, f]) => [name, canonicalRoutine(f)])),
    procedures: record(sortedEntries(schema.procedures).map(([name, p]) => [name, canonicalRoutine(p)])),
    aggregates: record(sortedEntries(schema.aggregates).map(([name, a]) => [name, canonicalAggregate(a)])),
    ...canonicalTypeObjects(schemaName, schema),
  });
}

/** The canonical form of a model; the input is not changed. Works on invalid models too. */
export function canonicalizeModel(model: Model): Model {
  const naming = namingOf(model);
  const schemas = sortedEntries(model.schemas).map(([name, schema]): [string, SchemaDef] => [
    name,
    canonicalSchema(name, schema, naming),
  ]);
  return canonicalModelAccess(
    compact<Model>({
      schemata: MODEL_FORMAT_VERSION,
      project: model.project && compact<Project>({ ...model.project }),
      extensions: record(
        sortedEntries(model.extensions).map(([name, e]): [string, Extension] => [name, { ...e }]),
      ),
      // An empty schema map still declares nothing; a schema with no objects declares the schema.
      schemas: record(schemas),
      eventTriggers: record(
        sortedEntries(model.eventTriggers).map(([name, e]): [string, EventTrigger] => [
          name,
          canonicalEventTrigger(e),
        ]),
      ),
      roles: model.roles,
      defaultPrivileges: model.defaultPrivileges,
    }),
  );
}
