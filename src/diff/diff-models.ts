// Compares two models into typed changes. Both are put in canonical form first, so equal models give
// no changes; documentation that PostgreSQL does not hold (business rules, owners, volumes, ...) is
// not compared. Renames are never guessed: the target model declares them (`renamedFrom`, enum
// `renamedValues`). A constraint or index whose name comes from a naming template is renamed with its
// table or column, since its template name follows them.
import { withInheritedColumns } from '../model/validate-partitions.ts';
import { DOCUMENTATION_FIELDS } from '../model/model-only-fields.ts';
import { canonicalizeModel } from '../model/canonicalize.ts';
import { expandPatterns } from '../model/patterns/expand-patterns.ts';
import type {
  Check,
  Column,
  Routine,
  View,
  Domain,
  EnumDef,
  Exclusion,
  Extension,
  ForeignKey,
  Index,
  Model,
  PrimaryKey,
  SchemaDef,
  Sequence,
  Table,
  Unique,
} from '../model/model-schema.ts';
import { ownEntry, setOwnEntry, sortedEntries } from '../model/model-path.ts';
import { resolveTableNames, type TableNames } from '../model/naming.ts';
import { quoteIdent } from '../dialects/postgres/quote.ts';
import { makeObjectName } from '../dialects/postgres/inspect/object-names.ts';
import { SERIAL_TYPES } from '../dialects/postgres/builtin-types.ts';
import { identityTypes, routineKey } from '../dialects/postgres/ddl/routine.ts';
import { findSqlReferences, referenceKey } from '../dialects/postgres/ddl/sql-references.ts';
import {
  reverseChanges,
  type Change,
  type EnumColumnUse,
  type ForeignKeyChange,
  type ObjectKey,
} from './changes.ts';
import { replacesEnum } from './objects/in-place.ts';
import { accessName, diffAccess } from './objects/diff-access.ts';
import {
  addCheckRebuilds,
  addCodeObjectRebuilds,
  diffCodeObjects,
  dropsObject,
} from './objects/diff-code-objects.ts';

/** Owner and privileges: changes of their own (objects/diff-access.ts). */
const ACCESS = new Set(['owner', 'grants', 'revokes']);

/** Table properties compared here; columns, constraints and indexes are changes of their own. */
const TABLE_PROPERTIES = [
  'unlogged',
  'with',
  'description',
  'rowSecurity',
  'forceRowSecurity',
  'replicaIdentity',
  'clusterOn',
  'partitionOf',
] as const;

/** Whether two values are equal as JSON, whatever their key order (undefined entries count as absent). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameJson(item ?? null, other[i] ?? null));
  }
  const x = Object.entries(a).filter(([, v]) => v !== undefined);
  const y = b as Record<string, unknown>;
  return (
    x.length === Object.values(y).filter((v) => v !== undefined).length &&
    x.every(([key, value]) => Object.hasOwn(y, key) && sameJson(value, y[key]))
  );
}

/** The properties (other than documentation and `name`) whose values differ. */
function changedProperties(before: object, after: object, only?: readonly string[]): string[] {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = only ?? [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((key) => key !== 'name' && !DOCUMENTATION_FIELDS.has(key) && !ACCESS.has(key))
    .filter((key) => !sameJson(b[key], a[key]))
    .sort();
}

function withoutDocumentation<T extends object>(value: T): T {
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) if (!DOCUMENTATION_FIELDS.has(key)) result[key] = entry;
  return result as T;
}

/** The canonical spelling of a type defined in the model (format_type with search_path = public). */
export function modelTypeName(schema: string, name: string): string {
  return schema === 'public' ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

interface TableRef {
  schema: string;
  name: string;
  table: Table;
}

function tablesOf(model: Model): TableRef[] {
  return sortedEntries(model.schemas).flatMap(([schema, def]) =>
    sortedEntries(def.tables).map(([name, table]) => ({ schema, name, table })),
  );
}

/**
 * PostgreSQL keeps an identity sequence's name when its table or column is renamed. A sequence with
 * the name PostgreSQL chose (`<table>_<column>_seq`) keeps that name as the source column's explicit
 * one, so the plan renames it to the name the target implies, as a table created anew would have.
 */
function keepIdentitySequenceName(column: Column, oldTable: string, table: string, oldColumn: string): void {
  const identity = column.identity;
  if (identity === undefined || identity.sequenceName !== undefined) return;
  const oldName = makeObjectName(oldTable, oldColumn, 'seq');
  if (oldName !== makeObjectName(table, column.name, 'seq')) identity.sequenceName = oldName;
}

function rekey<T>(map: Record<string, T> | undefined, from: string, to: string): void {
  if (map === undefined || !Object.hasOwn(map, from)) return;
  const value = map[from] as T;
  delete map[from];
  setOwnEntry(map, to, value);
}

/** Renames applied to a copy of the source model, and the rename changes they stand for. */
class RenameApplier {
  readonly changes: Change[] = [];
  /** Source names of renamed schemas, and of renamed tables and enums (by target schema and name). */
  private readonly oldSchema = new Map<string, string>();
  private readonly oldObject = new Map<string, string>();
  /** Each source table's resolved constraint and index names before any rename. */
  private readonly namesBefore = new Map<Table, { names: TableNames; key: ObjectKey }>();

  constructor(
    readonly model: Model,
    private readonly target: Model,
  ) {
    for (const { schema, name, table } of tablesOf(model)) {
      this.namesBefore.set(table, {
        names: resolveTableNames(model, schema, name, table),
        key: { schema, name },
      });
    }
  }

  /** The source-model key of an object inside a table or enum that may itself have been renamed. */
  private sourceKey(schema: string, parent: string, name: string): ObjectKey {
    return {
      schema: this.oldSchema.get(schema) ?? schema,
      table: this.oldObject.get(`${schema}\0${parent}`) ?? parent,
      name,
    };
  }

  apply(): void {
    this.renameSchemas();
    this.renameEnums();
    this.renameTables();
    this.renameColumns();
    this.renameConstraintsExplicitly();
    this.renameConstraintsByName();
    this.renameCodeObjects();
  }

  /** Views, materialized views, functions and procedures that declare the name they had before. */
  private renameCodeObjects(): void {
    for (const [schemaName, schema] of sortedEntries(this.target.schemas)) {
      const source = ownEntry(this.model.schemas, schemaName);
      if (source === undefined) continue;
      for (const [kind, field] of [
        ['view', 'views'],
        ['materializedView', 'materializedViews'],
        ['function', 'functions'],
        ['procedure', 'procedures'],
      ] as const) {
        for (const [name, value] of sortedEntries(
          schema[field] as Record<string, View | Routine> | undefined,
        )) {
          const old = value.renamedFrom;
          if (old === undefined) continue;
          const routine = kind === 'function' || kind === 'procedure';
          const types = routine ? identityTypes(kind, (value as Routine).arguments) : [];
          const oldKey = routine ? routineKey(old, types) : old;
          const objects = source[field] as Record<string, View | Routine> | undefined;
          const previous = ownEntry(objects, oldKey);
          if (previous === undefined || ownEntry(objects, name) !== undefined) continue;
          rekey(objects, oldKey, name);
          this.changes.push({
            kind,
            action: 'rename',
            key: { schema: schemaName, name },
            fromKey: { schema: this.oldSchema.get(schemaName) ?? schemaName, name: oldKey },
            before: withoutDocumentation(previous),
            after: withoutDocumentation(value),
            changed: [],
          } as Change);
        }
      }
    }
  }

  private renameSchemas(): void {
    for (const [name, schema] of sortedEntries(this.target.schemas)) {
      const old = schema.renamedFrom;
      if (old === undefined || ownEntry(this.model.schemas, name) || !ownEntry(this.model.schemas, old))
        continue;
      rekey(this.model.schemas, old, name);
      this.oldSchema.set(name, old);
      this.changes.push({
        kind: 'schema',
        action: 'rename',
        key: { schema: name, name },
        fromKey: { schema: old, name: old },
        changed: [],
      });
      for (const { table } of tablesOf(this.model)) {
        for (const fk of table.foreignKeys ?? []) {
          if (fk.references.schema === old) fk.references.schema = name;
        }
      }
      this.retype((type) =>
        type.startsWith(`${quoteIdent(old)}.`)
          ? `${quoteIdent(name)}.${type.slice(quoteIdent(old).length + 1)}`
          : type,
      );
      for (const extension of Object.values(this.model.extensions ?? {})) {
        if (extension.schema === old) extension.schema = name;
      }
    }
  }

  /** Rewrites every column and domain type. */
  private retype(map: (type: string) => string): void {
    for (const { table } of tablesOf(this.model))
      for (const column of table.columns) column.type = map(column.type);
    for (const [, schema] of sortedEntries(this.model.schemas)) {
      for (const [, domain] of sortedEntries(schema.domains)) domain.type = map(domain.type);
    }
  }

  private renameEnums(): void {
    for (const [schemaName, schema] of sortedEntries(this.target.schemas)) {
      const source = ownEntry(this.model.schemas, schemaName);
      if (source === undefined) continue;
      for (const [name, enumDef] of sortedEntries(schema.enums)) {
        const old = enumDef.renamedFrom;
        if (old !== undefined && !ownEntry(source.enums, name) && ownEntry(source.enums, old)) {
          rekey(source.enums, old, name);
          this.oldObject.set(`${schemaName}\0${name}`, old);
          this.changes.push({
            kind: 'enum',
            action: 'rename',
            key: { schema: schemaName, name },
            fromKey: { schema: this.oldSchema.get(schemaName) ?? schemaName, name: old },
            changed: [],
            usedBy: { before: [], after: [] },
          });
          const oldType = modelTypeName(schemaName, old);
          const newType = modelTypeName(schemaName, name);
          this.retype((type) =>
            type === oldType ? newType : type === `${oldType}[]` ? `${newType}[]` : type,
          );
        }
        const sourceEnum = ownEntry(source.enums, name);
        if (sourceEnum === undefined) continue;
        for (const [value, oldValue] of sortedEntries(enumDef.renamedValues)) {
          const at = sourceEnum.values.indexOf(oldValue);
          if (at < 0 || sourceEnum.values.includes(value)) continue;
          sourceEnum.values[at] = value;
          this.changes.push({
            kind: 'enumValue',
            action: 'rename',
            key: { schema: schemaName, table: name, name: value },
            fromKey: this.sourceKey(schemaName, name, oldValue),
            changed: [],
          });
        }
      }
    }
  }

  private renameTables(): void {
    for (const { schema, name, table } of tablesOf(this.target)) {
      const old = table.renamedFrom;
      const source = ownEntry(this.model.schemas, schema);
      if (
        old === undefined ||
        source === undefined ||
        ownEntry(source.tables, name) ||
        !ownEntry(source.tables, old)
      )
        continue;
      rekey(source.tables, old, name);
      this.oldObject.set(`${schema}\0${name}`, old);
      for (const column of ownEntry(source.tables, name)?.columns ?? [])
        keepIdentitySequenceName(column, old, name, column.name);
      this.changes.push({
        kind: 'table',
        action: 'rename',
        key: { schema, name },
        fromKey: { schema: this.oldSchema.get(schema) ?? schema, name: old },
        changed: [],
      });
      for (const ref of tablesOf(this.model)) {
        for (const fk of ref.table.foreignKeys ?? []) {
          if ((fk.references.schema ?? ref.schema) === schema && fk.references.table === old)
            fk.references.table = name;
        }
      }
      for (const [, sequence] of sortedEntries(source.sequences)) {
        if (sequence.ownedBy?.table === old) sequence.ownedBy.table = name;
      }
    }
  }

  private renameColumns(): void {
    for (const { schema, name, table: targetTable } of tablesOf(this.target)) {
      const table = ownEntry(ownEntry(this.model.schemas, schema)?.tables, name);
      if (table === undefined) continue;
      for (const column of targetTable.columns) {
        const old = column.renamedFrom;
        if (old === undefined || table.columns.some((c) => c.name === column.name)) continue;
        const sourceColumn = table.columns.find((c) => c.name === old);
        if (sourceColumn === undefined) continue;
        sourceColumn.name = column.name;
        keepIdentitySequenceName(sourceColumn, name, name, old);
        this.changes.push({
          kind: 'column',
          action: 'rename',
          key: { schema, table: name, name: column.name },
          fromKey: this.sourceKey(schema, name, old),
          changed: [],
        });
        renameColumnIn(table, old, column.name);
        for (const ref of tablesOf(this.model)) {
          for (const fk of ref.table.foreignKeys ?? []) {
            if ((fk.references.schema ?? ref.schema) === schema && fk.references.table === name) {
              fk.references.columns = fk.references.columns.map((c) => (c === old ? column.name : c));
            }
          }
        }
        for (const [, sequence] of sortedEntries(ownEntry(this.model.schemas, schema)?.sequences)) {
          if (sequence.ownedBy?.table === name && sequence.ownedBy.column === old)
            sequence.ownedBy.column = column.name;
        }
      }
    }
  }

  /** A declared constraint or index rename becomes the source object's explicit new name. */
  private renameConstraintsExplicitly(): void {
    for (const { schema, name, table: targetTable } of tablesOf(this.target)) {
      const table = ownEntry(ownEntry(this.model.schemas, schema)?.tables, name);
      const before = table && this.namesBefore.get(table);
      if (table === undefined || before === undefined) continue;
      const lists = [
        [targetTable.uniques, table.uniques, before.names.uniques],
        [targetTable.checks, table.checks, before.names.checks],
        [targetTable.exclusions, table.exclusions, before.names.exclusions],
        [targetTable.foreignKeys, table.foreignKeys, before.names.foreignKeys],
        [targetTable.indexes, table.indexes, before.names.indexes],
        [
          targetTable.primaryKey && [targetTable.primaryKey],
          table.primaryKey && [table.primaryKey],
          before.names.primaryKey === undefined ? [] : [before.names.primaryKey],
        ],
      ] as const;
      const targetNames = resolveTableNames(this.target, schema, name, targetTable);
      const allTargetNames = new Set([
        targetNames.primaryKey,
        ...targetNames.uniques,
        ...targetNames.checks,
        ...targetNames.exclusions,
        ...targetNames.foreignKeys,
        ...targetNames.indexes,
      ]);
      const targetLists = [
        targetNames.uniques,
        targetNames.checks,
        targetNames.exclusions,
        targetNames.foreignKeys,
        targetNames.indexes,
        targetNames.primaryKey === undefined ? [] : [targetNames.primaryKey],
      ];
      lists.forEach(([targets, sources, sourceNames], l) => {
        (targets ?? []).forEach((target: { renamedFrom?: string | undefined }, i) => {
          const newName = targetLists[l]?.[i];
          const at = target.renamedFrom === undefined ? -1 : sourceNames.indexOf(target.renamedFrom);
          const source = sources?.[at] as { name?: string | undefined } | undefined;
          if (newName === undefined || source === undefined || sourceNames.includes(newName)) return;
          if (!allTargetNames.has(newName)) return;
          source.name = newName;
        });
      });
    }
  }

  /** Every constraint or index whose resolved name changed (explicitly, or by its template) is renamed. */
  private renameConstraintsByName(): void {
    for (const { schema, name, table } of tablesOf(this.model)) {
      const before = this.namesBefore.get(table);
      if (before === undefined) continue;
      const after = resolveTableNames(this.model, schema, name, table);
      const pairs: [keyof typeof CONSTRAINT_KIND, string | undefined, string | undefined][] = [
        ['primaryKey', before.names.primaryKey, after.primaryKey],
      ];
      for (const kind of ['uniques', 'checks', 'exclusions', 'foreignKeys', 'indexes'] as const) {
        before.names[kind].forEach((old, i) => pairs.push([kind, old, after[kind][i]]));
      }
      for (const [list, old, now] of pairs) {
        if (old === undefined || now === undefined || old === now) continue;
        this.changes.push({
          kind: CONSTRAINT_KIND[list],
          action: 'rename',
          key: { schema, table: name, name: now },
          fromKey: this.sourceKey(schema, name, old),
          changed: [],
        } as Change);
      }
    }
  }
}

const CONSTRAINT_KIND = {
  primaryKey: 'primaryKey',
  uniques: 'unique',
  checks: 'check',
  exclusions: 'exclusion',
  foreignKeys: 'foreignKey',
  indexes: 'index',
} as const;

/** Rewrites a column name in a table's constraints and indexes. */
function renameColumnIn(table: Table, old: string, name: string): void {
  const map = (columns: string[]) => columns.map((c) => (c === old ? name : c));
  if (table.primaryKey) {
    table.primaryKey.columns = map(table.primaryKey.columns);
    if (table.primaryKey.include) table.primaryKey.include = map(table.primaryKey.include);
  }
  for (const unique of table.uniques ?? []) {
    unique.columns = map(unique.columns);
    if (unique.include) unique.include = map(unique.include);
  }
  for (const fk of table.foreignKeys ?? []) fk.columns = map(fk.columns);
  for (const exclusion of table.exclusions ?? []) {
    for (const element of exclusion.elements) if (element.column === old) element.column = name;
    if (exclusion.include) exclusion.include = map(exclusion.include);
  }
  for (const index of table.indexes ?? []) {
    index.columns = index.columns.map((key) =>
      typeof key === 'string'
        ? key === old
          ? name
          : key
        : key.column === old
          ? { ...key, column: name }
          : key,
    );
    if (index.include) index.include = map(index.include);
  }
}

/** A table whose constraints and indexes all carry their resolved names. */
function namedTable(model: Model, schema: string, name: string, table: Table): Table {
  const names = resolveTableNames(model, schema, name, table);
  const at = (list: string[], i: number) => list[i] as string;
  const result: Table = { ...table };
  if (table.primaryKey && names.primaryKey !== undefined)
    result.primaryKey = { ...table.primaryKey, name: names.primaryKey };
  if (table.uniques) result.uniques = table.uniques.map((u, i) => ({ ...u, name: at(names.uniques, i) }));
  if (table.checks) result.checks = table.checks.map((c, i) => ({ ...c, name: at(names.checks, i) }));
  if (table.exclusions)
    result.exclusions = table.exclusions.map((x, i) => ({ ...x, name: at(names.exclusions, i) }));
  if (table.foreignKeys) {
    result.foreignKeys = table.foreignKeys.map((fk, i) => ({
      ...fk,
      name: at(names.foreignKeys, i),
      references: { ...fk.references, schema: fk.references.schema ?? schema },
    }));
  }
  if (table.indexes) result.indexes = table.indexes.map((x, i) => ({ ...x, name: at(names.indexes, i) }));
  return result;
}

/** The model with every table named; only the maps on the way to a table are copied, not the objects. */
function namedModel(model: Model): Model {
  if (model.schemas === undefined) return model;
  const schemas: Record<string, SchemaDef> = {};
  for (const [schemaName, schema] of sortedEntries(model.schemas)) {
    const copy: SchemaDef = { ...schema };
    if (schema.tables !== undefined) {
      const tables: Record<string, Table> = {};
      for (const [name, table] of sortedEntries(schema.tables))
        setOwnEntry(tables, name, namedTable(model, schemaName, name, table));
      copy.tables = tables;
    }
    setOwnEntry(schemas, schemaName, copy);
  }
  return { ...model, schemas };
}

/** Maps keyed by name: created, dropped, and kept entries. */
function matchEntries<T>(
  before: Readonly<Record<string, T>> | undefined,
  after: Readonly<Record<string, T>> | undefined,
): { created: [string, T][]; dropped: [string, T][]; kept: [string, T, T][] } {
  const created: [string, T][] = [];
  const dropped: [string, T][] = [];
  const kept: [string, T, T][] = [];
  for (const [name, value] of sortedEntries(before)) {
    const other = ownEntry(after, name);
    if (other === undefined) dropped.push([name, value]);
    else kept.push([name, value, other]);
  }
  for (const [name, value] of sortedEntries(after))
    if (ownEntry(before, name) === undefined) created.push([name, value]);
  return { created, dropped, kept };
}

function byName<T extends { name?: string | undefined }>(list: readonly T[] | undefined): Record<string, T> {
  const result: Record<string, T> = {};
  for (const item of list ?? []) if (item.name !== undefined) setOwnEntry(result, item.name, item);
  return result;
}

/** The columns whose type is the type (an enum or domain), or an array of it. */
function typeUses(model: Model, schema: string, name: string): EnumColumnUse[] {
  const type = modelTypeName(schema, name);
  return tablesOf(model).flatMap((ref) =>
    ref.table.columns.flatMap((column): EnumColumnUse[] => {
      if (column.type !== type && column.type !== `${type}[]`) return [];
      const use: EnumColumnUse = {
        schema: ref.schema,
        table: ref.name,
        column: column.name,
        array: column.type !== type,
      };
      if (column.default !== undefined) use.default = column.default;
      return [use];
    }),
  );
}

type Builder = (change: Change) => void;

/** Whether any object of the model declares `renamedFrom` or `renamedValues`. */
function declaresRenames(model: Model): boolean {
  const declares = (item: object | undefined) =>
    item !== undefined && ('renamedFrom' in item || 'renamedValues' in item);
  return sortedEntries(model.schemas).some(
    ([, schema]) =>
      declares(schema) ||
      sortedEntries(schema.enums).some(([, e]) => declares(e)) ||
      [schema.views, schema.materializedViews, schema.functions, schema.procedures].some((objects) =>
        sortedEntries(objects as Record<string, object> | undefined).some(([, o]) => declares(o)),
      ) ||
      sortedEntries(schema.tables).some(
        ([, table]) =>
          declares(table) ||
          declares(table.primaryKey) ||
          [
            table.columns,
            table.uniques,
            table.checks,
            table.exclusions,
            table.foreignKeys,
            table.indexes,
          ].some((list) => (list ?? []).some(declares)),
      ),
  );
}

/** The typed changes that take the `from` model to the `to` model; empty when they are equal. */
export function diffModels(from: Model, to: Model): Change[] {
  // Changes are between concrete objects: pattern options are expanded first.
  const target = canonicalizeModel(expandPatterns(to));
  // Renames rewrite a copy of the source model; without a declared rename there is nothing to do.
  const source = canonicalizeModel(expandPatterns(from));
  const renames = declaresRenames(target) ? new RenameApplier(clone(source), target) : undefined;
  renames?.apply();
  const before = namedModel(renames?.model ?? source);
  const after = namedModel(target);
  const changes: Change[] = [...(renames?.changes ?? [])];
  const add: Builder = (change) => changes.push(change);

  diffExtensions(before, after, add);
  const schemas = matchEntries(before.schemas, after.schemas);
  for (const [name, schema] of schemas.created)
    add({
      kind: 'schema',
      action: 'create',
      key: { schema: name, name },
      after: schemaProperties(schema),
      changed: [],
    });
  for (const [name, old, now] of schemas.kept) {
    const changed = changedProperties(schemaProperties(old), schemaProperties(now), ['description']);
    if (changed.length > 0)
      add({
        kind: 'schema',
        action: 'alter',
        key: { schema: name, name },
        before: schemaProperties(old),
        after: schemaProperties(now),
        changed,
      });
  }
  const schemaNames = [
    ...new Set([...Object.keys(before.schemas ?? {}), ...Object.keys(after.schemas ?? {})]),
  ].sort();
  for (const schema of schemaNames) {
    const old = ownEntry(before.schemas, schema) ?? {};
    const now = ownEntry(after.schemas, schema) ?? {};
    diffEnums(schema, old, now, before, after, add);
    diffSimple('domain', schema, old.domains, now.domains, add);
    diffSimple('sequence', schema, old.sequences, now.sequences, add);
    diffTables(schema, old, now, add, { before, after });
  }
  for (const [name, schema] of schemas.dropped)
    add({
      kind: 'schema',
      action: 'drop',
      key: { schema: name, name },
      before: schemaProperties(schema),
      changed: [],
    });
  diffCodeObjects(before, after, add, (o, n) => changedProperties(o, n), withoutDocumentation);
  for (const change of changes)
    if (change.kind === 'domain' && ['type', 'collation'].some((p) => change.changed.includes(p)))
      change.usedBy = {
        before: typeUses(before, change.key.schema, change.key.name),
        after: typeUses(after, change.key.schema, change.key.name),
      };
  keepSerialSequences(changes);
  addForeignKeyRebuilds(changes, after);
  addCodeObjectRebuilds(changes, before, after);
  addCheckRebuilds(changes, before, after);
  addEnumRebuilds(changes, before, after);
  const recreated = (list: readonly Change[]) =>
    new Set(list.filter(dropsObject).flatMap((change) => accessName(change) ?? []));
  changes.push(...diffAccess(before, after, recreated(changes), recreated(reverseChanges(changes))));
  return changes;
}

/**
 * Checks, indexes and exclusion constraints whose expressions use a column of an enum the plan
 * replaces, or name the enum: as each column moves to the new type PostgreSQL rebuilds them from
 * expressions that still compare with the old type (`operator does not exist`), and the old type
 * cannot be dropped while they name it. So they are dropped before the swap and added after it
 * (`rebuild`, or `rebuildReverse` when the reverse plan replaces the enum).
 */
function addEnumRebuilds(changes: Change[], before: Model, after: Model): void {
  const forward = replacedEnumKeys(changes);
  const backward = replacedEnumKeys(reverseChanges(changes));
  if (forward.length === 0 && backward.length === 0) return;
  const columnsBefore = enumColumns(before, forward);
  const columnsAfter = enumColumns(after, backward);
  const reason = 'an enum its expressions use is replaced';
  for (const { schema, name, table } of tablesOf(after)) {
    const old = ownEntry(ownEntry(before.schemas, schema)?.tables, name);
    if (old === undefined) continue;
    const olds = new Map(expressionParts(old).map((part) => [`${part.kind}\0${part.name}`, part]));
    const tableKey = `${schema}\0${name}`;
    for (const part of expressionParts(table)) {
      const was = olds.get(`${part.kind}\0${part.name}`);
      if (was === undefined) continue;
      const ahead = usesEnums(was.expressions, forward, columnsBefore.get(tableKey));
      const back = usesEnums(part.expressions, backward, columnsAfter.get(tableKey));
      if (!ahead && !back) continue;
      const key = { schema, table: name, name: part.name };
      const existing = changes.find(
        (c) =>
          c.kind === part.kind &&
          c.action === 'alter' &&
          c.key.schema === schema &&
          c.key.table === name &&
          c.key.name === part.name,
      );
      const change = (existing ??
        changes[
          changes.push({
            kind: part.kind,
            action: 'alter',
            key,
            before: withoutDocumentation(was.value),
            after: withoutDocumentation(part.value),
            changed: [],
          } as Change) - 1
        ]) as Change & { rebuild?: string; rebuildReverse?: string };
      if (ahead) change.rebuild ??= reason;
      if (back) change.rebuildReverse ??= reason;
    }
  }
}

/** The enums this (one-directional) change list replaces: values removed or reordered. */
function replacedEnumKeys(changes: readonly Change[]): ObjectKey[] {
  return changes.flatMap((change) =>
    change.kind === 'enum' &&
    change.action === 'alter' &&
    change.changed.includes('values') &&
    replacesEnum(change.before?.values ?? [], change.after?.values ?? [])
      ? [change.key]
      : [],
  );
}

/** The columns of the enums (or arrays of them), by `schema\0table`. */
function enumColumns(model: Model, enums: readonly ObjectKey[]): Map<string, Set<string>> {
  const columns = new Map<string, Set<string>>();
  for (const use of enums.flatMap((e) => typeUses(model, e.schema, e.name))) {
    const key = `${use.schema}\0${use.table}`;
    columns.set(key, (columns.get(key) ?? new Set()).add(use.column));
  }
  return columns;
}

interface ExpressionPart {
  kind: 'check' | 'index' | 'exclusion';
  name: string;
  value: Check | Index | Exclusion;
  expressions: string[];
}

/** A table's checks, indexes and exclusion constraints with the SQL expressions each one holds. */
function expressionParts(table: Table): ExpressionPart[] {
  const where = (part: { where?: string | undefined }) => (part.where === undefined ? [] : [part.where]);
  return [
    ...(table.checks ?? []).map((check): ExpressionPart => ({
      kind: 'check',
      name: check.name as string,
      value: check,
      expressions: [check.expression],
    })),
    ...(table.indexes ?? []).map((index): ExpressionPart => ({
      kind: 'index',
      name: index.name as string,
      value: index,
      expressions: [
        ...index.columns.flatMap((key) => (typeof key === 'string' ? [] : (key.expression ?? []))),
        ...where(index),
      ],
    })),
    ...(table.exclusions ?? []).map((exclusion): ExpressionPart => ({
      kind: 'exclusion',
      name: exclusion.name as string,
      value: exclusion,
      expressions: [...exclusion.elements.flatMap((e) => e.expression ?? []), ...where(exclusion)],
    })),
  ];
}

/** Whether the expressions name one of the enums or use one of the table's columns of them. */
function usesEnums(
  expressions: readonly string[],
  enums: readonly ObjectKey[],
  columns: ReadonlySet<string> | undefined,
): boolean {
  if (expressions.length === 0 || enums.length === 0) return false;
  const references = findSqlReferences(`SELECT ${expressions.map((e) => `(${e})`).join(', ')}`);
  return (
    enums.some((e) => references.relations.has(referenceKey(e.schema, e.name))) ||
    [...references.columns].some((column) => columns?.has(column) === true)
  );
}

/**
 * A column turned out of `serial` while the model gains a sequence of the serial's name (or into it
 * while the model loses one) keeps the sequence and its position: the sequence's create or drop
 * becomes an alter from or to what `serial` stands for (its integer type, owned by the column).
 */
function keepSerialSequences(changes: Change[]): void {
  for (const change of changes) {
    if (change.kind !== 'column' || change.action !== 'alter' || !change.changed.includes('type')) continue;
    const from = change.before?.type ?? '';
    const to = change.after?.type ?? '';
    const serial = [from, to].find((type) => Object.hasOwn(SERIAL_TYPES, type));
    if (serial === undefined || Object.hasOwn(SERIAL_TYPES, from) === Object.hasOwn(SERIAL_TYPES, to))
      continue;
    const table = change.key.table ?? '';
    const name = makeObjectName(table, change.key.name, 'seq');
    const index = changes.findIndex(
      (c) =>
        c.kind === 'sequence' &&
        c.key.schema === change.key.schema &&
        c.key.name === name &&
        c.action === (serial === from ? 'create' : 'drop'),
    );
    const sequence = changes[index] as Extract<Change, { kind: 'sequence' }> | undefined;
    if (sequence === undefined) continue;
    // A sequence's type is left out when it is bigint, its default.
    const type = SERIAL_TYPES[serial] as Sequence['type'];
    const implied: Sequence = {
      ...(type === 'bigint' ? {} : { type }),
      ownedBy: { table, column: change.key.name },
    };
    const before = sequence.before ?? implied;
    const after = sequence.after ?? implied;
    changes[index] = {
      kind: 'sequence',
      action: 'alter',
      key: sequence.key,
      before,
      after,
      changed: changedProperties(before, after),
    };
    change.keepsSequence = true;
  }
}

function schemaProperties(schema: SchemaDef): { description?: string } {
  return schema.description === undefined ? {} : { description: schema.description };
}

function diffExtensions(before: Model, after: Model, add: Builder): void {
  const { created, dropped, kept } = matchEntries(before.extensions, after.extensions);
  const key = (name: string, extension: Extension): ObjectKey => ({
    schema: extension.schema ?? 'public',
    name,
  });
  for (const [name, extension] of created)
    add({ kind: 'extension', action: 'create', key: key(name, extension), after: extension, changed: [] });
  for (const [name, extension] of dropped)
    add({ kind: 'extension', action: 'drop', key: key(name, extension), before: extension, changed: [] });
  for (const [name, old, now] of kept) {
    // A model may leave out the version and schema; then whatever is installed is accepted.
    const changed = changedProperties(old, now, ['description', 'schema', 'version']).filter(
      (p) => p === 'description' || (old[p as 'schema'] !== undefined && now[p as 'schema'] !== undefined),
    );
    if (changed.length > 0)
      add({ kind: 'extension', action: 'alter', key: key(name, now), before: old, after: now, changed });
  }
}

function diffEnums(
  schema: string,
  old: SchemaDef,
  now: SchemaDef,
  before: Model,
  after: Model,
  add: Builder,
): void {
  const { created, dropped, kept } = matchEntries(old.enums, now.enums);
  const usedBy = (name: string) => ({
    before: typeUses(before, schema, name),
    after: typeUses(after, schema, name),
  });
  const clean = (e: EnumDef) => withoutDocumentation(e);
  for (const [name, e] of created)
    add({
      kind: 'enum',
      action: 'create',
      key: { schema, name },
      after: clean(e),
      changed: [],
      usedBy: usedBy(name),
    });
  for (const [name, e] of dropped)
    add({
      kind: 'enum',
      action: 'drop',
      key: { schema, name },
      before: clean(e),
      changed: [],
      usedBy: usedBy(name),
    });
  for (const [name, o, n] of kept) {
    const changed = changedProperties(o, n, ['values', 'description']);
    if (changed.length > 0)
      add({
        kind: 'enum',
        action: 'alter',
        key: { schema, name },
        before: clean(o),
        after: clean(n),
        changed,
        usedBy: usedBy(name),
      });
  }
}

function diffSimple<K extends 'domain' | 'sequence', T extends Domain | Sequence>(
  kind: K,
  schema: string,
  old: Record<string, T> | undefined,
  now: Record<string, T> | undefined,
  add: Builder,
): void {
  const { created, dropped, kept } = matchEntries(old, now);
  for (const [name, value] of created)
    add({
      kind,
      action: 'create',
      key: { schema, name },
      after: withoutDocumentation(value),
      changed: [],
    } as Change);
  for (const [name, value] of dropped)
    add({
      kind,
      action: 'drop',
      key: { schema, name },
      before: withoutDocumentation(value),
      changed: [],
    } as Change);
  for (const [name, o, n] of kept) {
    const changed = changedProperties(o, n);
    if (changed.length > 0)
      add({
        kind,
        action: 'alter',
        key: { schema, name },
        before: withoutDocumentation(o),
        after: withoutDocumentation(n),
        changed,
      } as Change);
  }
}

/** The table itself, without the indexes and foreign keys that are changes of their own. */
function tableShell(table: Table): Table {
  const shell = withoutDocumentation({ ...table });
  delete shell.indexes;
  delete shell.foreignKeys;
  shell.columns = table.columns.map(withoutDocumentation);
  for (const list of ['uniques', 'checks', 'exclusions'] as const) {
    const items = shell[list] as object[] | undefined;
    if (items) (shell as Record<string, unknown>)[list] = items.map(withoutDocumentation);
  }
  if (shell.primaryKey) shell.primaryKey = withoutDocumentation(shell.primaryKey);
  return shell;
}

/**
 * A table as a partition of another or not: columns it lists plus those it has from its parent, so a
 * table attached or detached compares with its own columns as a standalone table lists them.
 */
function withParentColumns(
  models: Sides,
  side: 'before' | 'after',
  schema: string,
  name: string,
  table: Table,
): Table {
  if (table.partitionOf === undefined) return table;
  const expanded = (models.expanded ??= {
    before: withInheritedColumns(models.before),
    after: withInheritedColumns(models.after),
  })[side];
  return ownEntry(ownEntry(expanded.schemas, schema)?.tables, name) ?? table;
}

interface Sides {
  before: Model;
  after: Model;
  expanded?: { before: Model; after: Model };
}

function diffTables(schema: string, old: SchemaDef, now: SchemaDef, add: Builder, models: Sides): void {
  const { created, dropped, kept } = matchEntries(old.tables, now.tables);
  // Parents before their partitions and children, so the tables can be created in order.
  const parents = (table: Table) => [
    ...(table.partitionOf && (table.partitionOf.schema ?? schema) === schema
      ? [table.partitionOf.table]
      : []),
    ...(table.inherits ?? []).filter((p) => (p.schema ?? schema) === schema).map((p) => p.table),
  ];
  const depth = (name: string, seen = new Set<string>()): number => {
    const table = ownEntry(now.tables, name);
    if (table === undefined || seen.has(name)) return 0;
    seen.add(name);
    return Math.max(0, ...parents(table).map((parent) => 1 + depth(parent, seen)));
  };
  created.sort(([a], [b]) => depth(a) - depth(b));
  for (const [name, table] of created) {
    add({ kind: 'table', action: 'create', key: { schema, name }, after: tableShell(table), changed: [] });
    diffTableParts(
      schema,
      name,
      { columns: [] },
      { columns: table.columns, indexes: table.indexes, foreignKeys: table.foreignKeys } as Table,
      add,
      false,
    );
  }
  for (const [name, table] of dropped) {
    diffTableParts(
      schema,
      name,
      { columns: [], indexes: table.indexes, foreignKeys: table.foreignKeys } as Table,
      { columns: [] },
      add,
      false,
    );
    add({ kind: 'table', action: 'drop', key: { schema, name }, before: tableShell(table), changed: [] });
  }
  for (const [name, o, n] of kept) {
    // Most tables of a big model do not change: one deep comparison says so.
    if (sameJson(o, n)) continue;
    const changed = changedProperties(o, n, TABLE_PROPERTIES);
    if (changed.length > 0)
      add({
        kind: 'table',
        action: 'alter',
        key: { schema, name },
        before: tableShell(o),
        after: tableShell(n),
        changed,
      });
    // A partition attached or detached keeps its columns; only the parent's copy is listed elsewhere.
    const moved = changed.includes('partitionOf');
    diffTableParts(
      schema,
      name,
      moved ? withParentColumns(models, 'before', schema, name, o) : o,
      moved ? withParentColumns(models, 'after', schema, name, n) : n,
      add,
      true,
    );
  }
}

/** Columns, constraints and indexes of a table; `withColumns` false for created and dropped tables. */
function diffTableParts(
  schema: string,
  table: string,
  old: Table,
  now: Table,
  add: Builder,
  withColumns: boolean,
): void {
  const key = (name: string): ObjectKey => ({ schema, table, name });
  if (withColumns) {
    const { created, dropped, kept } = matchEntries(byName(old.columns), byName(now.columns));
    // Columns are added in the target's order, so PostgreSQL gives them the same positions.
    const order = now.columns.map((c) => c.name);
    created.sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
    for (const [name, column] of created)
      add({
        kind: 'column',
        action: 'create',
        key: key(name),
        after: withoutDocumentation(column),
        changed: [],
      });
    for (const [name, column] of dropped)
      add({
        kind: 'column',
        action: 'drop',
        key: key(name),
        before: withoutDocumentation(column),
        changed: [],
      });
    for (const [name, o, n] of kept) {
      const changed = changedProperties(o, n, [
        'type',
        'notNull',
        'default',
        'identity',
        'generated',
        'collation',
        'description',
        'storage',
        'compression',
        'statisticsTarget',
      ]);
      if (changed.length > 0)
        add({
          kind: 'column',
          action: 'alter',
          key: key(name),
          before: withoutDocumentation(o),
          after: withoutDocumentation(n),
          changed,
        } as Change);
    }
    const primaryKeys = matchEntries(
      byName(old.primaryKey && [old.primaryKey]),
      byName(now.primaryKey && [now.primaryKey]),
    );
    emitParts('primaryKey', key, primaryKeys, add);
    emitParts('unique', key, matchEntries(byName<Unique>(old.uniques), byName<Unique>(now.uniques)), add);
    emitParts('check', key, matchEntries(byName<Check>(old.checks), byName<Check>(now.checks)), add);
    emitParts(
      'exclusion',
      key,
      matchEntries(byName<Exclusion>(old.exclusions), byName<Exclusion>(now.exclusions)),
      add,
    );
  }
  emitParts('index', key, matchEntries(byName<Index>(old.indexes), byName<Index>(now.indexes)), add);
  emitParts(
    'foreignKey',
    key,
    matchEntries(byName<ForeignKey>(old.foreignKeys), byName<ForeignKey>(now.foreignKeys)),
    add,
  );
}

function emitParts<T extends PrimaryKey | Unique | Check | Exclusion | Index | ForeignKey>(
  kind: 'primaryKey' | 'unique' | 'check' | 'exclusion' | 'index' | 'foreignKey',
  key: (name: string) => ObjectKey,
  { created, dropped, kept }: ReturnType<typeof matchEntries<T>>,
  add: Builder,
): void {
  for (const [name, value] of created)
    add({
      kind,
      action: 'create',
      key: key(name),
      after: withoutDocumentation(value),
      changed: [],
    } as Change);
  for (const [name, value] of dropped)
    add({ kind, action: 'drop', key: key(name), before: withoutDocumentation(value), changed: [] } as Change);
  for (const [name, o, n] of kept) {
    const changed = changedProperties(o, n);
    if (changed.length > 0)
      add({
        kind,
        action: 'alter',
        key: key(name),
        before: withoutDocumentation(o),
        after: withoutDocumentation(n),
        changed,
      } as Change);
  }
}

/**
 * A foreign key that does not change itself is still dropped and added again around a change it
 * depends on: the key or unique index it references is dropped or re-created, or the type of one of
 * its columns (either side) changes.
 */
function addForeignKeyRebuilds(changes: Change[], after: Model): void {
  const touched = new Set(
    changes
      .filter((c) => c.kind === 'foreignKey')
      .map((c) => `${c.key.schema}\0${c.key.table}\0${c.key.name}`),
  );
  const keyChanges = changes.filter(
    (c) =>
      (c.kind === 'primaryKey' ||
        c.kind === 'unique' ||
        (c.kind === 'index' && (c.before?.unique ?? false))) &&
      (c.action === 'drop' || c.action === 'alter'),
  );
  const retyped = new Set(
    changes
      .filter((c) => c.kind === 'column' && c.action === 'alter' && c.changed.includes('type'))
      .map((c) => `${c.key.schema}\0${c.key.table}\0${c.key.name}`),
  );
  const rebuilds: ForeignKeyChange[] = [];
  for (const { schema, name, table } of tablesOf(after)) {
    for (const fk of table.foreignKeys ?? []) {
      const fkName = fk.name as string;
      if (touched.has(`${schema}\0${name}\0${fkName}`)) continue;
      const refSchema = fk.references.schema ?? schema;
      const reason = keyChanges.some((c) => c.key.schema === refSchema && c.key.table === fk.references.table)
        ? `a key of ${refSchema}.${fk.references.table} it references changes`
        : fk.columns.some((c) => retyped.has(`${schema}\0${name}\0${c}`)) ||
            fk.references.columns.some((c) => retyped.has(`${refSchema}\0${fk.references.table}\0${c}`))
          ? 'the type of one of its columns changes'
          : undefined;
      if (reason === undefined) continue;
      const value = withoutDocumentation(fk);
      rebuilds.push({
        kind: 'foreignKey',
        action: 'alter',
        key: { schema, table: name, name: fkName },
        before: value,
        after: value,
        changed: [],
        rebuild: reason,
      });
    }
  }
  changes.push(...rebuilds);
}
