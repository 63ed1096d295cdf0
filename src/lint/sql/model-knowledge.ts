// The starting schema in the history (from a model: the database given with --db, or the model a plan
// starts from), and the history at a statement as a model again, for rules that read `schema.before`.
import { parseTypeName, TypeSyntaxError } from '../../dialects/postgres/types.ts';
import type { Column, Model, Table } from '../../model/model-schema.ts';
import {
  keyOf,
  type ColumnState,
  type ConstraintState,
  type SchemaHistory,
  type SchemaView,
  type TableState,
} from './schema-history.ts';
import { typeText, type ColumnType } from './syntax.ts';

/** A type written in a model (`numeric(10,2)`, `app.status`), read by the parser. */
export function columnTypeFromText(text: string): ColumnType | undefined {
  try {
    const reference = parseTypeName(text);
    const modifiers =
      reference.modifiers === ''
        ? []
        : reference.modifiers.split(',').map((m) => (/^-?[0-9]+$/.test(m) ? Number(m) : m));
    const type: ColumnType = { name: reference.name, modifiers, array: reference.arrayDimensions > 0 };
    if (reference.schema !== undefined) type.schema = reference.schema;
    return type;
  } catch (error) {
    if (error instanceof TypeSyntaxError) return undefined;
    throw error;
  }
}

const SERIAL_BASE: Readonly<Record<string, string>> = {
  serial: 'int4',
  bigserial: 'int8',
  smallserial: 'int2',
};

function columnState(column: Column, primaryKey: readonly string[]): ColumnState {
  const written = columnTypeFromText(column.type);
  const serial = written ? SERIAL_BASE[written.name] : undefined;
  return {
    name: column.name,
    type: serial !== undefined ? { name: serial, modifiers: [], array: false } : written,
    notNull:
      column.notNull === true ||
      primaryKey.includes(column.name) ||
      column.identity !== undefined ||
      serial !== undefined,
    hasDefault:
      serial !== undefined ||
      column.identity !== undefined ||
      column.generated !== undefined ||
      (column.default !== undefined && column.default.trim().toLowerCase() !== 'null'),
    identity: column.identity !== undefined,
    generated: column.generated !== undefined,
  };
}

function tableState(schema: string, name: string, table: Table): TableState {
  const primaryKey = table.primaryKey?.columns ?? [];
  const columns = new Map(table.columns.map((column) => [column.name, columnState(column, primaryKey)]));
  const constraints = new Map<string, ConstraintState>();
  if (table.primaryKey) {
    const constraintName = table.primaryKey.name ?? `${name}_pkey`;
    constraints.set(constraintName, {
      name: constraintName,
      kind: 'primary',
      columns: primaryKey,
      validated: true,
    });
  }
  for (const unique of table.uniques ?? []) {
    const constraintName = unique.name ?? [name, ...unique.columns, 'key'].join('_');
    constraints.set(constraintName, {
      name: constraintName,
      kind: 'unique',
      columns: unique.columns,
      validated: true,
    });
  }
  for (const foreignKey of table.foreignKeys ?? []) {
    const constraintName = foreignKey.name ?? [name, ...foreignKey.columns, 'fkey'].join('_');
    constraints.set(constraintName, {
      name: constraintName,
      kind: 'foreign',
      columns: foreignKey.columns,
      validated: foreignKey.notValid !== true,
      references: keyOf(foreignKey.references.schema ?? schema, foreignKey.references.table),
    });
  }
  for (const check of table.checks ?? []) {
    const constraintName = check.name ?? `${name}_check`;
    constraints.set(constraintName, {
      name: constraintName,
      kind: 'check',
      columns: [],
      validated: check.notValid !== true,
      expressionText: check.expression,
    });
  }
  for (const exclusion of table.exclusions ?? []) {
    const columnNames = exclusion.elements.map((e) => e.column).filter((c): c is string => c !== undefined);
    const constraintName = exclusion.name ?? [name, ...columnNames, 'excl'].join('_');
    constraints.set(constraintName, {
      name: constraintName,
      kind: 'exclusion',
      columns: columnNames,
      validated: true,
    });
  }
  const state: TableState = {
    schema,
    name,
    kind: 'table',
    partitioned: table.partitionBy !== undefined,
    columns,
    constraints,
    unlogged: table.unlogged === true,
  };
  return {
    ...state,
    ...(table.partitionBy
      ? { partitionKey: table.partitionBy.columns.map((key) => (typeof key === 'string' ? key : key.column)) }
      : {}),
    ...(table.partitionOf
      ? { partitionOf: keyOf(table.partitionOf.schema ?? schema, table.partitionOf.table) }
      : {}),
  };
}

/** Records a model's objects as the schema before any statement. */
export function recordModel(history: SchemaHistory, model: Model): void {
  for (const [schemaName, schema] of Object.entries(model.schemas ?? {})) {
    history.schemas.set(schemaName, { name: schemaName }, 0);
    for (const [tableName, table] of Object.entries(schema.tables ?? {})) {
      const key = keyOf(schemaName, tableName);
      history.tables.set(key, tableState(schemaName, tableName, table), 0);
      const primaryKey = table.primaryKey?.name ?? `${tableName}_pkey`;
      if (table.primaryKey)
        history.indexes.set(
          keyOf(schemaName, primaryKey),
          {
            schema: schemaName,
            name: primaryKey,
            table: key,
            unique: true,
            columns: table.primaryKey.columns,
            partial: false,
          },
          0,
        );
      for (const unique of table.uniques ?? []) {
        const name = unique.name ?? [tableName, ...unique.columns, 'key'].join('_');
        history.indexes.set(
          keyOf(schemaName, name),
          {
            schema: schemaName,
            name,
            table: key,
            unique: true,
            columns: unique.columns,
            partial: false,
          },
          0,
        );
      }
      for (const index of table.indexes ?? []) {
        const columns = index.columns.map((c) => (typeof c === 'string' ? c : c.column));
        const name = index.name ?? [tableName, ...columns.map((c) => c ?? 'expr'), 'idx'].join('_');
        history.indexes.set(
          keyOf(schemaName, name),
          {
            schema: schemaName,
            name,
            table: key,
            unique: index.unique === true,
            columns,
            partial: index.where !== undefined,
          },
          0,
        );
      }
    }
    for (const [viewName] of Object.entries(schema.views ?? {}))
      history.tables.set(keyOf(schemaName, viewName), emptyRelation(schemaName, viewName, 'view'), 0);
    for (const [viewName] of Object.entries(schema.materializedViews ?? {}))
      history.tables.set(
        keyOf(schemaName, viewName),
        emptyRelation(schemaName, viewName, 'materialized view'),
        0,
      );
    for (const [enumName, enumType] of Object.entries(schema.enums ?? {}))
      history.types.set(
        keyOf(schemaName, enumName),
        { schema: schemaName, name: enumName, kind: 'enum', values: enumType.values },
        0,
      );
    for (const [domainName] of Object.entries(schema.domains ?? {}))
      history.types.set(
        keyOf(schemaName, domainName),
        { schema: schemaName, name: domainName, kind: 'domain' },
        0,
      );
    // Functions are keyed by signature, name(argument types); volatility is looked up by name.
    for (const [signature, routine] of Object.entries(schema.functions ?? {}))
      history.functions.set(
        keyOf(schemaName, signature.replace(/\(.*$/s, '')),
        routine.volatility ?? 'volatile',
        0,
      );
  }
}

function emptyRelation(schema: string, name: string, kind: TableState['kind']): TableState {
  return {
    schema,
    name,
    kind,
    partitioned: false,
    columns: new Map(),
    constraints: new Map(),
    unlogged: false,
  };
}

/** The tables, indexes and enums known at a statement, as a model. */
export function modelAt(view: SchemaView): Model {
  const schemas: NonNullable<Model['schemas']> = {};
  const schemaOf = (name: string) => (schemas[name] ??= {});
  for (const key of view.tableKeys()) {
    const table = view.table(key);
    if (!table || table.kind !== 'table') continue;
    const tables = (schemaOf(table.schema).tables ??= {});
    tables[table.name] = tableModel(table, view, key);
  }
  for (const key of view.typeKeys()) {
    const type = view.type(key);
    if (type?.kind !== 'enum') continue;
    (schemaOf(type.schema).enums ??= {})[type.name] = { values: [...(type.values ?? [])] };
  }
  return { schemas };
}

function tableModel(table: TableState, view: SchemaView, key: string): Table {
  const columns: Column[] = [];
  for (const column of table.columns.values()) {
    const entry: Column = { name: column.name, type: column.type ? typeText(column.type) : 'unknown' };
    if (column.notNull) entry.notNull = true;
    columns.push(entry);
  }
  const model: Table = { columns };
  for (const constraint of table.constraints.values()) {
    const columnNames = [...constraint.columns];
    switch (constraint.kind) {
      case 'primary':
        model.primaryKey = { name: constraint.name, columns: columnNames };
        break;
      case 'unique':
        (model.uniques ??= []).push({ name: constraint.name, columns: columnNames });
        break;
      case 'foreign': {
        const [schema = table.schema, ...rest] = (constraint.references ?? '').split('.');
        (model.foreignKeys ??= []).push({
          name: constraint.name,
          columns: columnNames,
          references: { schema, table: rest.join('.') || 'unknown', columns: columnNames },
          ...(constraint.validated ? {} : { notValid: true }),
        });
        break;
      }
      case 'check':
        if (constraint.expressionText !== undefined)
          (model.checks ??= []).push({
            name: constraint.name,
            expression: constraint.expressionText,
            ...(constraint.validated ? {} : { notValid: true }),
          });
        break;
      default:
        break;
    }
  }
  const indexes = view.indexesOf(key).filter((index) => !table.constraints.has(index.name));
  if (indexes.length > 0)
    model.indexes = indexes.map((index) => ({
      name: index.name,
      ...(index.unique ? { unique: true } : {}),
      columns: index.columns.map((c) => c ?? 'expr'),
    }));
  if (table.unlogged) model.unlogged = true;
  return model;
}
