// Views, materialized views, functions, procedures, aggregates, triggers, row-level security, rules
// and event triggers in the generated script, and the order they and the tables are created in.
//
// Strategy (docs/model-files.md, "Dependency order"): the script sets check_function_bodies = false,
// so functions whose bodies are strings (plpgsql, sql AS $$...$$, ...) can be created before the tables
// their bodies use. Tables, routines, aggregates, views and materialized views are then sorted
// topologically on what their statements name (found with the SQL parser: relations, called functions,
// row types), ties kept in the order string-body routines, tables, aggregates, SQL-standard-body
// routines, views, materialized views, each by schema and name. Materialized views are created WITH NO
// DATA and refreshed at the end. Indexes, foreign keys, triggers, policies, rules and event triggers
// follow, once everything they may call exists.
import type {
  Aggregate,
  MaterializedView,
  Model,
  Routine,
  SchemaDef,
  Table,
  View,
} from '../../../model/model-schema.ts';
import { indexName, namingOf } from '../../../model/naming.ts';
import { quoteIdent, quoteQualified } from '../quote.ts';
import { renderComment } from './comments.ts';
import { sortedKeys } from './compare-text.ts';
import { renderCreateIndex } from './create-index.ts';
import { orderByDependencies } from './object-order.ts';
import {
  aggregateIdentity,
  identityTypes,
  renderCreateAggregate,
  renderCreateRoutine,
  routineName,
  routineSignature,
  type RoutineKind,
} from './routine.ts';
import { findDependencies, referenceKey, relationReference, routineReference } from './sql-references.ts';
import { renderTable, type TableEntry } from './table.ts';
import { tableDependencies, type PartDependencies } from './table-dependencies.ts';
import { renderCreateEventTrigger, renderCreateTrigger, renderRowSecurity, renderRule } from './trigger.ts';
import { renderCreateMaterializedView, renderCreateView, renderRefreshMaterializedView } from './view.ts';

export interface SchemaEntry {
  name: string;
  schema: SchemaDef;
}

interface Entry<T> {
  schema: string;
  name: string;
  value: T;
}

function entries<T>(
  schemas: readonly SchemaEntry[],
  objects: (schema: SchemaDef) => Readonly<Record<string, T>> | undefined,
): Entry<T>[] {
  return schemas.flatMap(({ name: schema, schema: definition }) => {
    const map = objects(definition);
    return sortedKeys(map).map((name) => ({ schema, name, value: map?.[name] as T }));
  });
}

export interface RoutineEntry {
  kind: RoutineKind;
  schema: string;
  key: string;
  name: string;
  types: string[];
  routine: Routine;
}

export function routineEntries(schemas: readonly SchemaEntry[]): RoutineEntry[] {
  const list = (kind: RoutineKind) =>
    entries(schemas, (schema) => (kind === 'function' ? schema.functions : schema.procedures)).map(
      ({ schema, name: key, value }) => {
        const types = identityTypes(kind, value.arguments);
        const name = routineName(key, types);
        if (name === undefined) {
          throw new Error(
            `${kind} ${schema}.${key}: the key is not the name followed by (${types.join(', ')})`,
          );
        }
        return { kind, schema, key, name, types, routine: value };
      },
    );
  return [...list('function'), ...list('procedure')];
}

/** The name an aggregate key gives: everything before `(identity)`. */
export function aggregateName(key: string, aggregate: Aggregate): string {
  const suffix = `(${aggregateIdentity(aggregate)})`;
  if (!key.endsWith(suffix) || key.length === suffix.length) {
    throw new Error(`aggregate ${key}: the key is not the name followed by ${suffix}`);
  }
  return key.slice(0, -suffix.length);
}

/** True when the model has objects that this file creates; models without them keep their old script. */
export function hasCodeObjects(model: Model): boolean {
  return Object.values(model.schemas ?? {}).some(
    (schema) =>
      Object.keys(schema.functions ?? {}).length > 0 ||
      Object.keys(schema.procedures ?? {}).length > 0 ||
      Object.keys(schema.aggregates ?? {}).length > 0,
  );
}

interface OrderedStatement {
  provides: string[];
  dependsOn: Set<string>;
  statements: string[];
}

const relation = relationReference;
const routine = routineReference;

const dependencies = findDependencies;

/**
 * The tables, routines, aggregates, views and materialized views in dependency order, each as its
 * statements. Without routines or views, tables keep their order and nothing is parsed.
 */
export function renderOrderedObjects(
  schemas: readonly SchemaEntry[],
  tables: readonly TableEntry[],
  types: readonly TypeStatements[] = [],
): string[] {
  const routines = routineEntries(schemas);
  const aggregates = entries(schemas, (schema) => schema.aggregates);
  const views = entries(schemas, (schema) => schema.views);
  const materializedViews = entries(schemas, (schema) => schema.materializedViews);
  // Types (domains, composite and range types) come first unless they use a routine or a table's row
  // type; a type's dependencies are parsed only when there is something else to order it against.
  const shells = shellTypes(types);
  const typeItems = [
    ...shells.items,
    ...types.map((type) => ({
      provides: type.provides.map(([schema, name]) => relation(schema, name)),
      dependsOn:
        types.length > 1 || routines.length > 0 || tables.length > 0
          ? dependencies(type.statements.join('\n'))
          : new Set<string>(),
      statements: [...type.statements],
    })),
  ];
  const usesRowType = usesTableRowType(typeItems, tables);
  if (routines.length + aggregates.length + views.length + materializedViews.length === 0 && !usesRowType) {
    return [
      ...orderByDependencies(typeItems).flatMap((item) => item.statements),
      ...tables.flatMap(renderTable),
    ];
  }
  // Tables are ordered on what they name too when a routine or a type over a row type may be among it.
  const callable = routines.length + aggregates.length > 0 || usesRowType;
  const tableParts: PartDependencies = new Map();
  const routineItem = (entry: RoutineEntry): OrderedStatement => {
    const statement = renderCreateRoutine(entry.kind, entry.schema, entry.name, entry.routine);
    const key = routine(entry.schema, entry.name);
    return {
      provides: [key],
      dependsOn: shells.adjust(key, dependencies(statement)),
      statements: [statement],
    };
  };
  const items: OrderedStatement[] = [
    ...typeItems,
    ...routines.filter((entry) => entry.routine.sqlBody === undefined).map(routineItem),
    ...tables.map((entry) => {
      const statements = renderTable(entry);
      // A table uses functions (defaults, checks) and types; parsed only when these may come later.
      return {
        provides: [relation(entry.schema, entry.name)],
        dependsOn: callable ? tableDependencies(entry, statements, tableParts) : new Set<string>(),
        statements,
      };
    }),
    ...aggregates.map(({ schema, name: key, value }) => {
      const statement = renderCreateAggregate(schema, aggregateName(key, value), value);
      return {
        provides: [routine(schema, aggregateName(key, value))],
        dependsOn: dependencies(statement),
        statements: [statement],
      };
    }),
    ...routines.filter((entry) => entry.routine.sqlBody !== undefined).map(routineItem),
    ...views.map(({ schema, name, value }) => {
      const statement = renderCreateView(schema, name, value);
      return {
        provides: [relation(schema, name)],
        dependsOn: dependencies(statement),
        statements: [statement],
      };
    }),
    ...materializedViews.map(({ schema, name, value }) => {
      const statement = renderCreateMaterializedView(schema, name, value);
      return {
        provides: [relation(schema, name)],
        dependsOn: dependencies(statement),
        statements: [statement],
      };
    }),
  ];
  return orderByDependencies(items).flatMap((item) => item.statements);
}

/** Whether a type (a domain or composite type over a table's row type) needs a table created first. */
function usesTableRowType(types: readonly OrderedStatement[], tables: readonly TableEntry[]): boolean {
  if (types.length === 0 || tables.length === 0) return false;
  const names = new Set(tables.map((entry) => relation(entry.schema, entry.name)));
  return types.some((type) => [...type.dependsOn].some((name) => names.has(name)));
}

/** The statements creating one type, and the `[schema, name]` of the types they create. */
export interface TypeStatements {
  provides: readonly (readonly [string, string])[];
  statements: readonly string[];
  /**
   * A range type's canonical function takes the range type: a shell type (CREATE TYPE name) comes
   * before that function, which comes before the range type itself.
   */
  canonical?: readonly [string, string];
}

const shellType = (schema: string, name: string) => `s:${referenceKey(schema, name)}`;

/** Shell types first; the canonical function of each then uses its shell, not the finished type. */
function shellTypes(types: readonly TypeStatements[]) {
  const items: OrderedStatement[] = [];
  const canonicalUses = new Map<string, [string, string]>();
  for (const type of types) {
    const [schema, name] = type.provides[0] ?? [];
    if (type.canonical === undefined || schema === undefined || name === undefined) continue;
    items.push({
      provides: [shellType(schema, name)],
      dependsOn: new Set(),
      statements: [`CREATE TYPE ${quoteQualified(schema, name)};`],
    });
    canonicalUses.set(routine(...type.canonical), [relation(schema, name), shellType(schema, name)]);
  }
  /** A routine's dependencies, with its range type's shell for a canonical function. */
  const adjust = (key: string, dependsOn: Set<string>) => {
    const [finished, shell] = canonicalUses.get(key) ?? [];
    if (finished !== undefined && shell !== undefined && dependsOn.delete(finished)) dependsOn.add(shell);
    return dependsOn;
  };
  return { items, adjust };
}

/** The materialized views' indexes, with names resolved by the project's templates; CLUSTER ON. */
export function renderMaterializedViewIndexes(model: Model, schemas: readonly SchemaEntry[]): string[] {
  const naming = namingOf(model);
  return entries(schemas, (schema) => schema.materializedViews).flatMap(({ schema, name, value }) => [
    ...(value.indexes ?? []).map((index) =>
      renderCreateIndex(indexName(naming, schema, name, { columns: [] }, index), schema, name, index),
    ),
    ...(value.clusterOn === undefined
      ? []
      : [
          `ALTER MATERIALIZED VIEW ${quoteQualified(schema, name)} CLUSTER ON ${quoteIdent(value.clusterOn)};`,
        ]),
  ]);
}

/** Triggers, row-level security, policies and rules of tables and views; event triggers. */
export function renderTableCode(model: Model, schemas: readonly SchemaEntry[]): string[] {
  const tables = entries(schemas, (schema) => schema.tables);
  const views = entries(schemas, (schema) => schema.views);
  const relations: Entry<Pick<Table, 'triggers' | 'rules'>>[] = [...tables, ...views];
  return [
    ...relations.flatMap(({ schema, name, value }) =>
      (value.triggers ?? []).flatMap((trigger) => renderCreateTrigger(schema, name, trigger)),
    ),
    ...tables.flatMap(({ schema, name, value }) => renderRowSecurity(schema, name, value)),
    ...relations.flatMap(({ schema, name, value }) =>
      (value.rules ?? []).flatMap((rule) => renderRule(schema, name, rule)),
    ),
    ...sortedKeys(model.eventTriggers).flatMap((name) =>
      renderCreateEventTrigger(
        name,
        model.eventTriggers?.[name] as NonNullable<Model['eventTriggers']>[string],
      ),
    ),
  ];
}

/**
 * What running a routine reads: the names in its definition and, for a SQL function whose body is a
 * string, in the body too (PostgreSQL records no dependency on those).
 */
function routineReads(entry: RoutineEntry): Set<string> {
  const names = dependencies(renderCreateRoutine(entry.kind, entry.schema, entry.name, entry.routine));
  const { language, body } = entry.routine;
  if (language.toLowerCase() === 'sql' && body !== undefined)
    for (const name of dependencies(body)) names.add(name);
  return names;
}

/** The names `start` reads, followed through the routines and views it uses, and theirs. */
function readsThrough(start: ReadonlySet<string>, uses: ReadonlyMap<string, Set<string>>) {
  const reads = new Set(start);
  const pending = [...start];
  while (pending.length > 0) {
    for (const name of uses.get(pending.pop() as string) ?? []) {
      if (reads.has(name)) continue;
      reads.add(name);
      pending.push(name);
    }
  }
  return reads;
}

/**
 * REFRESH MATERIALIZED VIEW for each populated one, in dependency order: after the materialized views
 * its query reads, directly or through the views and routines it uses.
 */
export function renderRefreshes(schemas: readonly SchemaEntry[]): string[] {
  const views = entries(schemas, (schema) => schema.materializedViews);
  if (views.length === 0) return [];
  const uses = new Map<string, Set<string>>();
  for (const entry of routineEntries(schemas)) {
    const key = routine(entry.schema, entry.name);
    uses.set(key, new Set([...(uses.get(key) ?? []), ...routineReads(entry)]));
  }
  for (const { schema, name, value } of entries(schemas, (s) => s.views))
    uses.set(relation(schema, name), dependencies(renderCreateView(schema, name, value)));
  const ordered = orderByDependencies(
    views.map((entry) => ({
      provides: [relation(entry.schema, entry.name)],
      dependsOn: readsThrough(
        dependencies(renderCreateMaterializedView(entry.schema, entry.name, entry.value)),
        uses,
      ),
      entry,
    })),
  );
  return ordered.flatMap(({ entry }) => renderRefreshMaterializedView(entry.schema, entry.name, entry.value));
}

/** Comments on the objects of this file. */
export function renderCodeComments(model: Model, schemas: readonly SchemaEntry[]): string[] {
  const naming = namingOf(model);
  const comments: string[] = [];
  for (const entry of routineEntries(schemas)) {
    const target = `${entry.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${routineSignature(entry.schema, entry.name, entry.types)}`;
    comments.push(...renderComment(target, entry.routine.description));
  }
  for (const { schema, name: key, value } of entries(schemas, (s) => s.aggregates)) {
    const target = `AGGREGATE ${quoteQualified(schema, aggregateName(key, value))}(${aggregateIdentity(value)})`;
    comments.push(...renderComment(target, value.description));
  }
  for (const { schema, name, value } of entries<View>(schemas, (s) => s.views)) {
    comments.push(...renderComment(`VIEW ${quoteQualified(schema, name)}`, value.description));
  }
  for (const { schema, name, value } of entries<MaterializedView>(schemas, (s) => s.materializedViews)) {
    comments.push(...renderComment(`MATERIALIZED VIEW ${quoteQualified(schema, name)}`, value.description));
    for (const index of value.indexes ?? []) {
      const indexQualified = quoteQualified(schema, indexName(naming, schema, name, { columns: [] }, index));
      comments.push(...renderComment(`INDEX ${indexQualified}`, index.description));
    }
  }
  const relations: Entry<Pick<Table, 'triggers' | 'rules' | 'policies'>>[] = [
    ...entries(schemas, (s) => s.tables),
    ...entries(schemas, (s) => s.views),
  ];
  for (const { schema, name, value } of relations) {
    // Most tables have no triggers, policies or rules: their name is not even spelled out.
    if (value.triggers === undefined && value.policies === undefined && value.rules === undefined) continue;
    const on = `ON ${quoteQualified(schema, name)}`;
    for (const trigger of value.triggers ?? []) {
      comments.push(...renderComment(`TRIGGER ${quoteIdent(trigger.name)} ${on}`, trigger.description));
    }
    for (const policy of value.policies ?? []) {
      comments.push(...renderComment(`POLICY ${quoteIdent(policy.name)} ${on}`, policy.description));
    }
    for (const rule of value.rules ?? []) {
      comments.push(...renderComment(`RULE ${quoteIdent(rule.name)} ${on}`, rule.description));
    }
  }
  for (const name of sortedKeys(model.eventTriggers)) {
    comments.push(
      ...renderComment(`EVENT TRIGGER ${quoteIdent(name)}`, model.eventTriggers?.[name]?.description),
    );
  }
  return comments;
}
