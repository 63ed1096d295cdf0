// One table of the model from its catalog rows: columns (with serial folding and identity options),
// constraints, indexes, and reports of what the model cannot hold.
import type {
  Check,
  Column,
  Exclusion,
  ForeignKey,
  Identity,
  Index,
  IndexKey,
  PrimaryKey,
  Table,
  Unique,
} from '../../../model/model-schema.ts';
import {
  DEFAULT_NAMING,
  applyTemplate,
  checkName,
  exclusionName,
  foreignKeyName,
  indexName,
  uniqueName,
} from '../../../model/naming.ts';
import { compareText } from '../ddl/compare-text.ts';
import { quoteLiteral } from '../quote.ts';
import type { ColumnRow, ConstraintRow, IndexRow, SequenceRow, TableRow } from './catalog-queries.ts';
import { checkExpression, toStorageParameters } from './catalog-values.ts';
import { compact, flag, nonEmpty, optional } from './compact.ts';
import { objectName, type UnsupportedList } from './inspect-result.ts';
import { makeObjectName, truncateIdentifier } from './object-names.ts';
import { hasOptions, sequenceOptions } from './sequence-options.ts';
import { parsePartitionKey } from './partition-key.ts';

/** The catalog rows of one table. */
export interface TableRows {
  table: TableRow;
  /** In column order. */
  columns: readonly ColumnRow[];
  constraints: readonly ConstraintRow[];
  indexes: readonly IndexRow[];
}

/** Lookups across the tables of the model. */
export interface TableLookups {
  /** Identity sequences by their column (`columnKey`). */
  identity: ReadonlyMap<string, SequenceRow>;
  /** Sequences OWNED BY a column, by that column (`columnKey`). */
  ownedBy: ReadonlyMap<string, readonly SequenceRow[]>;
  /** Column names by column number, by table oid. */
  columnNames: ReadonlyMap<string, ReadonlyMap<number, string>>;
  /** The inspected schemas. */
  schemas: ReadonlySet<string>;
  /** Columns by table oid, in column order: a partition's or child's columns are compared with its parent's. */
  columns?: ReadonlyMap<string, readonly ColumnRow[]>;
}

export interface AssembledTable {
  table: Table;
  /** Sequences folded into serial columns: they are not written as sequences of their own. */
  serialSequences: SequenceRow[];
}

type IndexMethod = NonNullable<Index['method']>;
const METHODS: ReadonlySet<string> = new Set<IndexMethod>(['btree', 'hash', 'gin', 'gist', 'spgist', 'brin']);

function isModelledMethod(method: string): method is IndexMethod {
  return METHODS.has(method);
}

const SERIAL_TYPES: ReadonlyMap<string, string> = new Map([
  ['smallint', 'smallserial'],
  ['integer', 'serial'],
  ['bigint', 'bigserial'],
]);

const ACTIONS: Readonly<Record<string, ForeignKey['onDelete']>> = {
  a: undefined,
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

/** REPLICA IDENTITY USING INDEX is reported on the index. */
/** relreplident: d default (the primary key), n nothing, f full, i an index. */
function replicaIdentity(row: TableRow, indexes: readonly IndexRow[]): Table['replicaIdentity'] {
  if (row.replica_identity === 'f') return 'full';
  if (row.replica_identity === 'n') return 'nothing';
  const index = row.replica_identity === 'i' ? indexes.find((i) => i.replica_identity) : undefined;
  return index ? { index: index.name } : undefined;
}

export function columnKey(tableOid: string, columnNumber: number): string {
  return `${tableOid}/${columnNumber}`;
}

/** The object with its name first, or without a name when the naming template gives the same one. */
function named<T extends object>(actual: string, templateName: string, object: T): T & { name?: string } {
  return actual === truncateIdentifier(templateName) ? object : { name: actual, ...object };
}

/** Bit 1 of indoption is DESC, bit 2 NULLS FIRST; the defaults (ASC NULLS LAST, DESC NULLS FIRST) are left out. */
function keyOrdering(option: number): Pick<Exclusion['elements'][number], 'order' | 'nulls'> {
  const descending = (option & 1) !== 0;
  const nullsFirst = (option & 2) !== 0;
  return compact({
    order: descending ? 'desc' : undefined,
    nulls: descending === nullsFirst ? undefined : nullsFirst ? 'first' : 'last',
  });
}

/** Names column numbers of a table in the model. */
function columnNamer(lookups: TableLookups, tableOid: string): (number: number) => string {
  const names = lookups.columnNames.get(tableOid);
  return (number) => {
    const name = names?.get(number);
    if (name === undefined) throw new Error(`table ${tableOid} has no column number ${number}`);
    return name;
  };
}

export function assembleTable(
  rows: TableRows,
  lookups: TableLookups,
  unsupported: UnsupportedList,
): AssembledTable {
  const { table: row } = rows;
  const schema = row.schema;
  const tableName = objectName(schema, row.name);
  reportTableProperties(row, tableName, unsupported);

  const serialSequences: SequenceRow[] = [];
  const columns: Column[] = [];
  const parentColumns = inheritedColumns(row, lookups);
  for (const columnRow of rows.columns) {
    const parentColumn = parentColumns?.get(columnRow.name);
    if (parentColumn && !columnRow.is_local) {
      const override = inheritedColumn(row, columnRow, parentColumn, unsupported);
      if (override) columns.push(override);
      continue;
    }
    const key = columnKey(row.oid, columnRow.number);
    const serial = serialSequence(row, columnRow, lookups.ownedBy.get(key));
    if (serial) serialSequences.push(serial);
    const column = assembleColumn(row, columnRow, serial, lookups.identity.get(key), unsupported);
    if (column) columns.push(column);
  }
  // Templates for checks, exclusions and indexes look at the table's columns.
  const draft: Table = { columns };
  const columnName = columnNamer(lookups, row.oid);
  const indexesByOid = new Map(rows.indexes.map((index) => [index.oid, index]));
  const backingIndexes = new Set<string>();

  let primaryKey: PrimaryKey | undefined;
  const uniques: [string, Unique][] = [];
  const foreignKeys: [string, ForeignKey][] = [];
  const checks: [string, Check][] = [];
  const exclusions: [string, Exclusion][] = [];
  for (const constraint of rows.constraints) {
    const name = objectName(schema, row.name, constraint.name);
    // conkey names the columns of keys and foreign keys; an exclusion's elements come from its index.
    const constrained = constraint.type === 'x' ? [] : constraint.column_numbers.map(columnName);
    const index = constraint.index_oid === null ? undefined : indexesByOid.get(constraint.index_oid);
    if (index && 'pux'.includes(constraint.type)) backingIndexes.add(index.oid);
    // What a partition or child has from its parent is the parent's, as PostgreSQL creates it.
    if (constraint.inherited) {
      reportInheritedKey(row, constraint, constrained, name, unsupported);
      continue;
    }
    if (!constraint.is_local && (constraint.type === 'c' || constraint.type === 'n')) continue;
    if (constraint.type === 'n') {
      reportNotNull(row, constraint, constrained[0] ?? '', name, unsupported);
      continue;
    }
    if (!constraint.enforced) {
      unsupported.add('constraint', name, 'NOT ENFORCED');
      continue;
    }
    if (constraint.period) {
      unsupported.add('constraint', name, 'WITHOUT OVERLAPS or PERIOD');
      continue;
    }
    const common = {
      deferrable: flag(constraint.deferrable),
      initiallyDeferred: flag(constraint.initially_deferred),
    };
    const description = optional(constraint.description);
    switch (constraint.type) {
      case 'p': {
        reportBackingIndex(schema, name, index, true, unsupported);
        const key = compact<PrimaryKey>({
          columns: constrained,
          include: index && nonEmpty(includedColumns(index, columnName)),
          ...common,
          description,
        });
        const template = applyTemplate(DEFAULT_NAMING.primaryKey, {
          schema,
          table: row.name,
          columns: constrained,
        });
        primaryKey = named(constraint.name, template, key);
        break;
      }
      case 'u': {
        reportBackingIndex(schema, name, index, true, unsupported);
        const unique = compact<Unique>({
          columns: constrained,
          include: index && nonEmpty(includedColumns(index, columnName)),
          nullsNotDistinct: flag(index?.nulls_not_distinct ?? false),
          ...common,
          description,
        });
        const template = uniqueName(DEFAULT_NAMING, schema, row.name, unique);
        uniques.push([constraint.name, named(constraint.name, template, unique)]);
        break;
      }
      case 'f': {
        const foreignKey = assembleForeignKey(row, constraint, name, constrained, lookups, unsupported);
        if (foreignKey) {
          const template = foreignKeyName(DEFAULT_NAMING, schema, row.name, foreignKey);
          foreignKeys.push([constraint.name, named(constraint.name, template, foreignKey)]);
        }
        break;
      }
      case 'c': {
        if (constraint.definition === null) throw new Error(`check ${name} has no definition`);
        const check = compact<Check>({
          expression: checkExpression(constraint.definition),
          noInherit: flag(constraint.no_inherit),
          notValid: flag(!constraint.validated),
          description,
        });
        const template = checkName(DEFAULT_NAMING, schema, row.name, draft, check);
        checks.push([constraint.name, named(constraint.name, template, check)]);
        break;
      }
      case 'x': {
        if (!index) throw new Error(`exclusion constraint ${name} has no index`);
        const exclusion = assembleExclusion(constraint, index, name, columnName, unsupported);
        if (exclusion) {
          reportBackingIndex(schema, name, index, false, unsupported);
          const template = exclusionName(DEFAULT_NAMING, schema, row.name, draft, exclusion);
          exclusions.push([constraint.name, named(constraint.name, template, exclusion)]);
        }
        break;
      }
      default:
        throw new Error(`constraint ${name} has unexpected type ${constraint.type}`);
    }
  }

  const indexes: [string, Index][] = [];
  for (const index of rows.indexes) {
    if (backingIndexes.has(index.oid)) continue;
    const model = assembleIndex(schema, index, columnName, unsupported);
    if (!model) continue;
    // An index attached to the parent's under the name PostgreSQL gives it is the parent's index.
    if (index.attached && index.name === attachedIndexName(row.name, index)) continue;
    const template = indexName(DEFAULT_NAMING, schema, row.name, draft, model);
    indexes.push([index.name, named(index.name, template, model)]);
  }

  const table = compact<Table>({
    description: optional(row.description),
    unlogged: flag(row.unlogged),
    with: toStorageParameters(row.options, row.toast_options),
    ...partitioning(row),
    clusterOn: optional(rows.indexes.find((index) => index.clustered)?.name ?? null),
    replicaIdentity: replicaIdentity(row, rows.indexes),
    columns,
    primaryKey,
    uniques: sortedByName(uniques),
    foreignKeys: sortedByName(foreignKeys),
    checks: sortedByName(checks),
    exclusions: sortedByName(exclusions),
    indexes: sortedByName(indexes),
  });
  return { table, serialSequences };
}

/** Constraints and indexes are written in the order of their names (resolved names equal the actual ones). */
function sortedByName<T>(entries: [string, T][]): T[] | undefined {
  return nonEmpty(entries.sort(([a], [b]) => compareText(a, b)).map(([, item]) => item));
}

function reportTableProperties(row: TableRow, tableName: string, unsupported: UnsupportedList) {
  if (row.tablespace !== null) {
    unsupported.add('tablespace', tableName, `table in tablespace ${row.tablespace}`);
  }
  if (row.access_method !== null && row.access_method !== 'heap') {
    unsupported.add('table access method', tableName, `USING ${row.access_method}`);
  }
  // Row-level security is the table's rowSecurity and forceRowSecurity (assemble-code-objects.ts).
}

/** Column settings the model has no place for; the column's name is only built when one is set. */
const COLUMN_SETTINGS = [['custom_options', 'column options', 'SET (attribute options)']] as const;

const STORAGE = { p: 'plain', e: 'external', x: 'extended', m: 'main' } as const;
const COMPRESSION = { p: 'pglz', l: 'lz4' } as const;

/** SET STORAGE, COMPRESSION and STATISTICS of a column, when not the defaults. */
function columnSettings(row: ColumnRow): Pick<Column, 'storage' | 'compression' | 'statisticsTarget'> {
  return compact({
    storage: row.storage === null ? undefined : STORAGE[row.storage as keyof typeof STORAGE],
    compression:
      row.compression === null ? undefined : COMPRESSION[row.compression as keyof typeof COMPRESSION],
    statisticsTarget: optional(row.statistics_target),
  });
}

function reportColumnProperties(table: TableRow, column: ColumnRow, unsupported: UnsupportedList) {
  for (const [flagName, kind, reason] of COLUMN_SETTINGS) {
    if (column[flagName]) unsupported.add(kind, objectName(table.schema, table.name, column.name), reason);
  }
}

/**
 * The sequence a serial column stands for: the column is NOT NULL with default
 * `nextval('<sequence>'::regclass)`, and the sequence is owned by it, named `<table>_<column>_seq` as
 * PostgreSQL names it, of the column's type, with default options, no comment, and the table's
 * persistence.
 */
function serialSequence(
  table: TableRow,
  column: ColumnRow,
  owned: readonly SequenceRow[] | undefined,
): SequenceRow | undefined {
  if (!owned || !SERIAL_TYPES.has(column.type) || !column.not_null || column.default_expression === null) {
    return undefined;
  }
  const sequence = owned.find(
    (s) => column.default_expression === `nextval(${quoteLiteral(s.reference)}::regclass)`,
  );
  if (
    !sequence ||
    sequence.schema !== table.schema ||
    sequence.name !== makeObjectName(table.name, column.name, 'seq') ||
    sequence.type !== column.type ||
    sequence.description !== null ||
    sequence.unlogged !== table.unlogged ||
    hasOptions(sequenceOptions(sequence))
  ) {
    return undefined;
  }
  return sequence;
}

function assembleColumn(
  table: TableRow,
  row: ColumnRow,
  serial: SequenceRow | undefined,
  identitySequence: SequenceRow | undefined,
  unsupported: UnsupportedList,
): Column | undefined {
  if (row.generated === 'v') {
    unsupported.add(
      'generated column',
      objectName(table.schema, table.name, row.name),
      'virtual generated column',
    );
    return undefined;
  }
  reportColumnProperties(table, row, unsupported);
  const collation = optional(row.collation);
  const description = optional(row.description);
  if (serial) {
    return compact<Column>({
      name: row.name,
      type: SERIAL_TYPES.get(row.type),
      collation,
      ...columnSettings(row),
      description,
    });
  }
  return compact<Column>({
    name: row.name,
    type: row.type,
    notNull: flag(row.not_null),
    default: optional(row.default_expression),
    identity: assembleIdentity(table, row, identitySequence, unsupported),
    generated: row.generated === 's' ? optional(row.generation_expression) : undefined,
    collation,
    ...columnSettings(row),
    description,
  });
}

function assembleIdentity(
  table: TableRow,
  column: ColumnRow,
  sequence: SequenceRow | undefined,
  unsupported: UnsupportedList,
): Identity | undefined {
  if (column.identity === '') return undefined;
  const generation = column.identity === 'a' ? 'always' : 'by default';
  if (!sequence) return { generation };
  const sequenceName = objectName(sequence.schema, sequence.name);
  if (sequence.schema !== table.schema) {
    unsupported.add(
      'identity sequence',
      sequenceName,
      `in another schema than ${objectName(table.schema, table.name)}`,
    );
  }
  if (sequence.type !== column.type) {
    unsupported.add('identity sequence', sequenceName, `AS ${sequence.type}`);
  }
  if (sequence.unlogged !== table.unlogged) {
    unsupported.add('identity sequence', sequenceName, sequence.unlogged ? 'UNLOGGED' : 'LOGGED');
  }
  if (sequence.description !== null) {
    unsupported.add('comment', sequenceName, 'comment on an identity sequence');
  }
  return compact<Identity>({
    generation,
    sequenceName:
      sequence.name === makeObjectName(table.name, column.name, 'seq') ? undefined : sequence.name,
    ...sequenceOptions(sequence),
  });
}

function assembleForeignKey(
  table: TableRow,
  constraint: ConstraintRow,
  name: string,
  columns: string[],
  lookups: TableLookups,
  unsupported: UnsupportedList,
): ForeignKey | undefined {
  const { referenced_schema: schema, referenced_table: referenced } = constraint;
  if (schema === null || referenced === null) throw new Error(`foreign key ${name} references no table`);
  // A table outside the inspected schemas is referenced by name; one inside them that the model
  // leaves out (partitioned, a partition, inheriting) cannot be.
  const inModel = constraint.referenced_columns === null;
  const partitioned = constraint.referenced_kind === 'p' || constraint.referenced_is_partition === true;
  if (!inModel && (partitioned || constraint.referenced_kind !== 'r' || lookups.schemas.has(schema))) {
    const kind =
      constraint.referenced_kind === 'p'
        ? 'partitioned table '
        : constraint.referenced_is_partition
          ? 'partition '
          : '';
    unsupported.add(
      'foreign key',
      name,
      `references ${kind}${objectName(schema, referenced)}, which is not in the model`,
    );
    return undefined;
  }
  const referencedColumns =
    constraint.referenced_columns ??
    constraint.referenced_column_numbers.map(columnNamer(lookups, constraint.referenced_table_oid ?? ''));
  return compact<ForeignKey>({
    columns,
    references: compact<ForeignKey['references']>({
      schema: schema === table.schema ? undefined : schema,
      table: referenced,
      columns: referencedColumns,
    }),
    onDelete: ACTIONS[constraint.on_delete],
    onDeleteColumns: nonEmpty(
      constraint.delete_set_column_numbers?.map(columnNamer(lookups, table.oid)) ?? [],
    ),
    onUpdate: ACTIONS[constraint.on_update],
    match: constraint.match === 'f' ? 'full' : undefined,
    deferrable: flag(constraint.deferrable),
    initiallyDeferred: flag(constraint.initially_deferred),
    notValid: flag(!constraint.validated),
    description: optional(constraint.description),
  });
}

function assembleExclusion(
  constraint: ConstraintRow,
  index: IndexRow,
  name: string,
  columnName: (number: number) => string,
  unsupported: UnsupportedList,
): Exclusion | undefined {
  if (!isModelledMethod(index.method)) {
    unsupported.add('constraint', name, `exclusion constraint USING ${index.method}`);
    return undefined;
  }
  if (index.collations.some((collation) => collation !== null)) {
    unsupported.add('constraint', name, 'exclusion constraint with a COLLATE clause');
    return undefined;
  }
  const elements = keyPositions(index).map((k) => {
    const number = index.column_numbers[k] ?? 0;
    const operator = constraint.operators?.[k];
    if (operator === undefined) {
      throw new Error(`exclusion constraint ${name} has no operator for key ${k + 1}`);
    }
    return compact<Exclusion['elements'][number]>({
      column: number > 0 ? columnName(number) : undefined,
      expression: number > 0 ? undefined : optional(index.key_definitions[k]),
      opclass: optional(index.opclasses[k]),
      ...keyOrdering(index.key_options[k] ?? 0),
      operator,
    });
  });
  return compact<Exclusion>({
    using: index.method === 'btree' ? undefined : index.method,
    elements,
    include: nonEmpty(includedColumns(index, columnName)),
    where: optional(index.predicate),
    with: toStorageParameters(index.options),
    deferrable: flag(constraint.deferrable),
    initiallyDeferred: flag(constraint.initially_deferred),
    description: optional(constraint.description),
  });
}

export function assembleIndex(
  schema: string,
  index: IndexRow,
  columnName: (number: number) => string,
  unsupported: UnsupportedList,
): Index | undefined {
  const name = objectName(schema, index.name);
  if (!isModelledMethod(index.method)) {
    unsupported.add('index', name, `USING ${index.method}`);
    return undefined;
  }
  if (!index.valid) {
    unsupported.add('index', name, 'invalid (an interrupted CREATE INDEX CONCURRENTLY)');
    return undefined;
  }
  reportIndexSettings(schema, index, unsupported);
  const columns = keyPositions(index).map((k): IndexKey => {
    const number = index.column_numbers[k] ?? 0;
    const key = compact<Exclude<IndexKey, string>>({
      column: number > 0 ? columnName(number) : undefined,
      expression: number > 0 ? undefined : optional(index.key_definitions[k]),
      collation: optional(index.collations[k]),
      opclass: optional(index.opclasses[k]),
      ...keyOrdering(index.key_options[k] ?? 0),
    });
    return key.column !== undefined && Object.keys(key).length === 1 ? key.column : key;
  });
  return compact<Index>({
    unique: flag(index.is_unique),
    method: index.method === 'btree' ? undefined : index.method,
    columns,
    include: nonEmpty(includedColumns(index, columnName)),
    where: optional(index.predicate),
    nullsNotDistinct: flag(index.nulls_not_distinct),
    with: toStorageParameters(index.options),
    description: optional(index.description),
  });
}

function keyPositions(index: IndexRow): number[] {
  return Array.from({ length: index.key_count }, (_, k) => k);
}

/** INCLUDE columns follow the key columns in indkey. */
function includedColumns(index: IndexRow, columnName: (number: number) => string): string[] {
  return index.column_numbers.slice(index.key_count).map(columnName);
}

/** What an index can carry that neither an index nor a constraint of the model holds. */
function reportIndexSettings(schema: string, index: IndexRow, unsupported: UnsupportedList) {
  const name = objectName(schema, index.name);
  if (index.tablespace !== null) {
    unsupported.add('tablespace', name, `index in tablespace ${index.tablespace}`);
  }
  if (index.custom_column_settings) {
    unsupported.add('index column settings', name, 'SET STATISTICS or options');
  }
}

/**
 * The index of a primary key, unique or exclusion constraint: its comment, and for keys its storage
 * parameters, have no place in the model.
 */
function reportBackingIndex(
  schema: string,
  constraintName: string,
  index: IndexRow | undefined,
  isKey: boolean,
  unsupported: UnsupportedList,
) {
  if (!index) return;
  reportIndexSettings(schema, index, unsupported);
  if (index.description !== null) {
    unsupported.add('comment', objectName(schema, index.name), 'comment on the index of a constraint');
  }
  if (isKey && index.options?.length) {
    unsupported.add('storage parameters', constraintName, `index WITH (${index.options.join(', ')})`);
  }
}

/** NOT NULL constraints (PostgreSQL 18) are the columns' notNull; only what that cannot say is reported. */
function reportNotNull(
  table: TableRow,
  constraint: ConstraintRow,
  column: string,
  name: string,
  unsupported: UnsupportedList,
) {
  if (!constraint.validated) unsupported.add('not-null constraint', name, 'NOT VALID');
  else if (constraint.no_inherit) unsupported.add('not-null constraint', name, 'NO INHERIT');
  else if (constraint.name !== makeObjectName(table.name, column, 'not_null')) {
    unsupported.add('not-null constraint', name, 'named');
  }
  if (constraint.description !== null) unsupported.add('comment', name, 'comment on a not-null constraint');
}

/** partitionBy, partitionOf and inherits of a table. */
function partitioning(row: TableRow): Pick<Table, 'partitionBy' | 'partitionOf' | 'inherits'> {
  const parents = row.parent_names.map((table, i) => {
    const parentSchema = row.parent_schemas[i] ?? row.schema;
    return compact<{ schema?: string; table: string }>({
      schema: parentSchema === row.schema ? undefined : parentSchema,
      table,
    });
  });
  const [parent] = parents;
  return compact<Pick<Table, 'partitionBy' | 'partitionOf' | 'inherits'>>({
    partitionBy: row.partition_key === null ? undefined : parsePartitionKey(row.partition_key),
    partitionOf:
      row.partition_bound === null || parent === undefined
        ? undefined
        : { ...parent, bound: row.partition_bound },
    inherits: row.partition_bound === null ? nonEmpty(parents) : undefined,
  });
}

/** The columns a partition or inheritance child gets from its parents, by name (first parent first). */
function inheritedColumns(row: TableRow, lookups: TableLookups): Map<string, ColumnRow> | undefined {
  if (row.parent_oids.length === 0) return undefined;
  const columns = new Map<string, ColumnRow>();
  for (const parentOid of row.parent_oids) {
    for (const column of lookups.columns?.get(parentOid) ?? []) {
      if (!columns.has(column.name)) columns.set(column.name, column);
    }
  }
  return columns;
}

/**
 * A column only inherited is left out. A partition's column may have a default, NOT NULL and a comment
 * of its own (CREATE TABLE ... PARTITION OF ... (column WITH OPTIONS ...)); an inheritance child's
 * non-local column cannot say so in the model.
 */
function inheritedColumn(
  table: TableRow,
  column: ColumnRow,
  parent: ColumnRow,
  unsupported: UnsupportedList,
): Column | undefined {
  const name = objectName(table.schema, table.name, column.name);
  const ownDefault =
    column.default_expression !== null && column.default_expression !== parent.default_expression
      ? column.default_expression
      : undefined;
  const ownNotNull = column.not_null && !parent.not_null;
  const isPartition = table.partition_bound !== null;
  if (column.default_expression === null && parent.default_expression !== null) {
    unsupported.add('inherited column', name, 'no default where the parent has one');
  }
  if (!isPartition && (ownDefault !== undefined || ownNotNull || column.description !== null)) {
    unsupported.add(
      'inherited column',
      name,
      'default, NOT NULL or comment of its own on an inherited column',
    );
    return undefined;
  }
  if (ownDefault === undefined && !ownNotNull && column.description === null) return undefined;
  return compact<Column>({
    name: column.name,
    type: column.type,
    notNull: flag(ownNotNull),
    default: ownDefault,
    description: optional(column.description),
  });
}

/**
 * A partition's copy of its parent's primary key or unique constraint is made by PostgreSQL, named
 * `<partition>_pkey` or `<partition>_<columns>_key`; another name has no place in the model.
 */
function reportInheritedKey(
  table: TableRow,
  constraint: ConstraintRow,
  columns: readonly string[],
  name: string,
  unsupported: UnsupportedList,
) {
  const expected =
    constraint.type === 'p'
      ? makeObjectName(table.name, undefined, 'pkey')
      : makeObjectName(table.name, columns.join('_'), 'key');
  if (constraint.name !== expected) {
    unsupported.add('constraint', name, "a partition's copy of its parent's key, with a name of its own");
  }
  if (constraint.description !== null) unsupported.add('comment', name, "comment on a partition's key");
}

/**
 * The name PostgreSQL gives a partition's index that it creates for an index of the parent:
 * `<partition>_<index column names>_idx`, the index's column names being those it chose itself.
 */
function attachedIndexName(table: string, index: IndexRow): string {
  return makeObjectName(table, index.index_column_names.join('_'), 'idx');
}
