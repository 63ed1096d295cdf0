// The reverse of expandPatterns for inspect: where a table's concrete objects are exactly what some
// pattern options expand into, the table gets those options instead. Each candidate is proved, not
// guessed: it is accepted only when expanding the folded model gives back the model it came from (in
// canonical form). Anything else stays concrete, so the round trip is exact either way.
import { compareModels } from '../compare-models.ts';
import type { Index, Model, SchemaDef, Table, TablePatterns, Unique, View } from '../model-schema.ts';
import { namingOf, uniqueName } from '../naming.ts';
import { sortedEntries } from '../model-path.ts';
import { quoteIdent } from '../../dialects/postgres/quote.ts';
import { expandPatterns, LIVE_ROWS } from './expand-patterns.ts';
import {
  AUDIT_LOG_FUNCTION,
  AUDIT_LOG_TABLE,
  TIMESTAMPS_FUNCTION,
  auditTableName,
  auditTriggerName,
  liveViewName,
  perTableAuditFunction,
  timestampsTriggerName,
} from './pattern-names.ts';
import {
  defaultPartitionName,
  partitionedByTimeOption,
  partitionFunctionKey,
  timePartitions,
  type PartitionedByTime,
  type TimeInterval,
} from './partitioned-by-time.ts';

/** A table's objects taken out for one pattern, and the option that stands for them. */
interface Candidate {
  apply: (model: Model) => Model;
  /** The schema's tables, views and functions the fold takes out besides the table itself. */
  removes: Touched;
}

/** Object keys of one schema, by kind. */
interface Touched {
  tables?: readonly string[];
  views?: readonly string[];
  functions?: readonly string[];
}

const KINDS = ['tables', 'views', 'functions'] as const;

/** The model with pattern options in place of the concrete objects they expand into. */
export function foldPatterns(model: Model): Model {
  if (!mayHavePatterns(model)) return model;
  const original = model;
  let folded = model;
  /**
   * A table's fold changes only that table, the objects it takes out and the objects the table's
   * expansion adds; the rest of the model expands as before. So the proof compares just those objects,
   * which keeps inspect linear in the number of tables.
   */
  const acceptTableFold = (schemaName: string, tableName: string, proposal: Candidate): boolean => {
    const candidate = proposal.apply(folded);
    const keys = expansionKeys(candidate, schemaName, tableName);
    keys.tables.add(tableName);
    for (const kind of KINDS) for (const key of proposal.removes[kind] ?? []) keys[kind].add(key);
    const expanded = restrictToKeys(
      expandPatterns(restrictToKeys(candidate, schemaName, keys)),
      schemaName,
      keys,
    );
    if (!sameConcreteModel(expanded, restrictToKeys(original, schemaName, keys))) return false;
    folded = candidate;
    return true;
  };
  for (const [schemaName, schema] of sortedEntries(model.schemas)) {
    const liveViews = liveRowsViews(schema);
    for (const [tableName] of sortedEntries(schema.tables)) {
      // Expanded last, so folded first; the first interval whose expansion proves right is taken.
      partitionedByTimeCandidates(folded, schemaName, tableName).some((proposal) =>
        acceptTableFold(schemaName, tableName, proposal),
      );
      // The reverse of the expansion order: audit, then soft delete, then timestamps.
      const softDelete = (current: Model, schemaName: string, tableName: string) =>
        softDeleteCandidate(current, schemaName, tableName, liveViews);
      for (const candidate of [auditCandidate, softDelete, timestampsCandidate]) {
        const proposal = candidate(folded, schemaName, tableName);
        if (proposal) acceptTableFold(schemaName, tableName, proposal);
      }
    }
    // Shared objects the expansion adds again when they are left out: proved on the whole schema.
    for (const remove of [
      (s: SchemaDef) => withoutKey(s, 'functions', `${TIMESTAMPS_FUNCTION}()`),
      (s: SchemaDef) => withoutKey(s, 'functions', `${AUDIT_LOG_FUNCTION}()`),
      (s: SchemaDef) => withoutKey(s, 'tables', AUDIT_LOG_TABLE),
    ]) {
      const candidate = updateSchema(folded, schemaName, remove);
      if (candidate.schemas?.[schemaName] === folded.schemas?.[schemaName]) continue;
      if (
        sameConcreteModel(expandPatterns(onlySchema(candidate, schemaName)), onlySchema(original, schemaName))
      )
        folded = candidate;
    }
  }
  return folded;
}

type KeySets = Record<(typeof KINDS)[number], Set<string>>;

/** The tables, views and functions a table's patterns expand into (the table itself included). */
function expansionKeys(model: Model, schemaName: string, tableName: string): KeySets {
  const table = tableOf(model, schemaName, tableName);
  const keys: KeySets = { tables: new Set(), views: new Set(), functions: new Set() };
  if (!table) return keys;
  const alone = expandPatterns({ ...model, schemas: { [schemaName]: { tables: { [tableName]: table } } } });
  const schema = alone.schemas?.[schemaName];
  for (const kind of KINDS) for (const key of Object.keys(schema?.[kind] ?? {})) keys[kind].add(key);
  return keys;
}

/** The model with one schema only. */
function onlySchema(model: Model, schemaName: string): Model {
  const schema = model.schemas?.[schemaName];
  return { ...model, schemas: schema ? { [schemaName]: schema } : {} };
}

/** The model with one schema only, holding just the given tables, views and functions. */
function restrictToKeys(model: Model, schemaName: string, keys: KeySets): Model {
  const schema = model.schemas?.[schemaName] ?? {};
  const restricted: SchemaDef = {};
  for (const kind of KINDS) {
    const objects = schema[kind] as Record<string, unknown> | undefined;
    if (!objects) continue;
    const kept: Record<string, unknown> = {};
    for (const key of keys[kind]) if (Object.hasOwn(objects, key)) kept[key] = objects[key];
    if (Object.keys(kept).length > 0) (restricted as Record<string, unknown>)[kind] = kept;
  }
  return { ...model, schemas: { [schemaName]: restricted } };
}

/** A cheap test so that models without pattern triggers are not compared at all. */
function mayHavePatterns(model: Model): boolean {
  return sortedEntries(model.schemas).some(([, schema]) =>
    sortedEntries(schema.tables).some(
      ([tableName, table]) =>
        (table.triggers ?? []).some(
          (trigger) =>
            trigger.name === timestampsTriggerName(tableName) || trigger.name === auditTriggerName(tableName),
        ) ||
        table.columns.some((column) => column.name === 'deleted_at') ||
        (table.partitionBy !== undefined &&
          Object.hasOwn(schema.functions ?? {}, partitionFunctionKey(tableName))),
    ),
  );
}

const INTERVALS: readonly TimeInterval[] = ['month', 'day', 'week', 'year'];
const LOWER_BOUND_DAY = /^FOR VALUES FROM \('([0-9]{4}-[0-9]{2}-[0-9]{2})/;

/**
 * A RANGE-partitioned table with its pattern function: one proposal per interval, each taking the
 * run of consecutive pattern partitions from the lowest bound (later ones, made by the function or by
 * hand, may leave a gap and then stay concrete).
 */
function partitionedByTimeCandidates(model: Model, schemaName: string, tableName: string): Candidate[] {
  const schema = model.schemas?.[schemaName];
  const table = tableOf(model, schemaName, tableName);
  const key = table?.partitionBy?.columns.length === 1 ? table.partitionBy.columns[0] : undefined;
  const functionKey = partitionFunctionKey(tableName);
  const routine =
    schema?.functions && Object.hasOwn(schema.functions, functionKey)
      ? schema.functions[functionKey]
      : undefined;
  if (!schema || !table || table.partitionBy?.strategy !== 'range' || typeof key !== 'string' || !routine)
    return [];
  const premake = Number(routine.arguments?.[0]?.default);
  if (!Number.isInteger(premake)) return [];
  const partitions = sortedEntries(schema.tables).filter(
    ([, t]) => t.partitionOf?.table === tableName && (t.partitionOf.schema ?? schemaName) === schemaName,
  );
  const start = partitions
    .map(([, t]) => LOWER_BOUND_DAY.exec(t.partitionOf?.bound ?? '')?.[1])
    .filter((day): day is string => day !== undefined)
    .sort()[0];
  if (start === undefined) return [];
  const defaultName = defaultPartitionName(tableName);
  const defaultPartition = partitions.some(
    ([name, t]) => name === defaultName && t.partitionOf?.bound === 'DEFAULT',
  );
  const columnType = table.columns.find((column) => column.name === key)?.type;
  return INTERVALS.flatMap((interval): Candidate[] => {
    const all: PartitionedByTime = {
      column: key,
      interval,
      start,
      count: partitions.length,
      premake,
      defaultPartition: false,
    };
    const expected = timePartitions(tableName, all, columnType);
    let count = 0;
    for (const partition of expected) {
      const actual = tableOf(model, schemaName, partition.name);
      if (actual?.partitionOf?.bound !== partition.table.partitionOf?.bound) break;
      count += 1;
    }
    if (count === 0) return [];
    const options: PartitionedByTime = { ...all, count, defaultPartition };
    const made = [...expected.slice(0, count).map((p) => p.name), ...(defaultPartition ? [defaultName] : [])];
    return [
      {
        removes: { tables: made, functions: [functionKey] },
        apply: (current) => {
          let next = updateTable(current, schemaName, tableName, (t) => {
            const { partitionBy: _, ...rest } = t;
            return withPattern(rest, 'partitionedByTime', partitionedByTimeOption(options));
          });
          next = updateSchema(next, schemaName, (s) =>
            made.reduce(
              (result, name) => withoutKey(result, 'tables', name),
              withoutKey(s, 'functions', functionKey),
            ),
          );
          return next;
        },
      },
    ];
  });
}

function functionName(reference: string): string {
  const parts = reference.split('.');
  return (parts[parts.length - 1] ?? '').replace(/^"(.*)"$/, '$1').replaceAll('""', '"');
}

function auditCandidate(model: Model, schemaName: string, tableName: string): Candidate | undefined {
  const table = tableOf(model, schemaName, tableName);
  const trigger = table?.triggers?.find((t) => t.name === auditTriggerName(tableName));
  if (!table || !trigger || (trigger.arguments?.length ?? 0) > 1) return undefined;
  const perTable = functionName(trigger.function) === perTableAuditFunction(tableName);
  if (!perTable && functionName(trigger.function) !== AUDIT_LOG_FUNCTION) return undefined;
  const actorSetting = trigger.arguments?.[0];
  const option: TablePatterns['audit'] =
    !perTable && actorSetting === undefined
      ? true
      : { ...(perTable ? { table: 'per-table' as const } : {}), ...(actorSetting ? { actorSetting } : {}) };
  return {
    removes: perTable
      ? { tables: [auditTableName(tableName)], functions: [`${perTableAuditFunction(tableName)}()`] }
      : {},
    apply: (current) => {
      let next = updateTable(current, schemaName, tableName, (t) =>
        withPattern(withoutTrigger(t, trigger.name), 'audit', option),
      );
      if (perTable)
        next = updateSchema(next, schemaName, (s) =>
          withoutKey(
            withoutKey(s, 'tables', auditTableName(tableName)),
            'functions',
            `${perTableAuditFunction(tableName)}()`,
          ),
        );
      return next;
    },
  };
}

/**
 * A schema's views that select the live rows of one table, by that table, in name order: the views a
 * soft-deleting table may have been folded from (found once per schema, not once per table).
 */
function liveRowsViews(schema: SchemaDef): Map<string, string[]> {
  const byTable = new Map<string, string[]>();
  for (const [viewName, view] of sortedEntries(schema.views)) {
    const from = FROM_ONE_TABLE.exec(view.definition)?.[1];
    if (from === undefined) continue;
    const table = unquote(from);
    if (!normalizedDefinition(view.definition, table).endsWith(`WHERE ${LIVE_ROWS}`)) continue;
    const views = byTable.get(table);
    if (views) views.push(viewName);
    else byTable.set(table, [viewName]);
  }
  return byTable;
}

function softDeleteCandidate(
  model: Model,
  schemaName: string,
  tableName: string,
  liveViews: ReadonlyMap<string, readonly string[]>,
): Candidate | undefined {
  const table = tableOf(model, schemaName, tableName);
  const last = table?.columns[table.columns.length - 1];
  if (!table || last?.name !== 'deleted_at') return undefined;
  const views = model.schemas?.[schemaName]?.views ?? {};
  const defaultView = liveViewName(tableName);
  const viewName = Object.hasOwn(views, defaultView)
    ? defaultView
    : liveViews.get(tableName)?.find((name) => Object.hasOwn(views, name));
  if (viewName === undefined) return undefined;
  const option: TablePatterns['softDelete'] = viewName === defaultView ? true : { view: viewName };
  return {
    removes: { views: [viewName] },
    apply: (current) =>
      updateSchema(
        updateTable(current, schemaName, tableName, (t) => {
          const indexes: Index[] = [];
          const uniques: Unique[] = [...(t.uniques ?? [])];
          for (const index of t.indexes ?? []) {
            if (!index.unique || index.where === undefined || !isLiveRows(index.where)) {
              indexes.push(index);
              continue;
            }
            const { where: _, ...whole } = index;
            const unique = asUniqueConstraint(current, schemaName, tableName, whole);
            if (unique) uniques.push(unique);
            else indexes.push(whole);
          }
          const { indexes: _, uniques: __, ...rest } = t;
          return withPattern(
            {
              ...rest,
              columns: t.columns.slice(0, -1),
              ...(uniques.length > 0 ? { uniques } : {}),
              ...(indexes.length > 0 ? { indexes } : {}),
            },
            'softDelete',
            option,
          );
        }),
        schemaName,
        (s) => withoutKey(s, 'views', viewName),
      ),
  };
}

function timestampsCandidate(model: Model, schemaName: string, tableName: string): Candidate | undefined {
  const table = tableOf(model, schemaName, tableName);
  const trigger = table?.triggers?.find((t) => t.name === timestampsTriggerName(tableName));
  if (!table || !trigger || functionName(trigger.function) !== TIMESTAMPS_FUNCTION) return undefined;
  const args = trigger.arguments ?? [];
  const version = args.includes('version');
  const createdBy = args.includes('by');
  const actorSetting = args.find((a) => a.startsWith('actor='))?.slice('actor='.length);
  const option: TablePatterns['timestamps'] =
    !version && !createdBy && actorSetting === undefined
      ? true
      : {
          ...(version ? { version } : {}),
          ...(createdBy ? { createdBy } : {}),
          ...(actorSetting !== undefined ? { actorSetting } : {}),
        };
  const columns = new Set([
    'created_at',
    'updated_at',
    ...(version ? ['version'] : []),
    ...(createdBy ? ['created_by', 'updated_by'] : []),
  ]);
  return {
    removes: {},
    apply: (current) =>
      updateTable(current, schemaName, tableName, (t) =>
        withPattern(
          { ...withoutTrigger(t, trigger.name), columns: t.columns.filter((c) => !columns.has(c.name)) },
          'timestamps',
          option,
        ),
      ),
  };
}

/**
 * The unique constraint a unique index of a soft-deleting table was expanded from: plain columns and
 * the name the constraint would have had (the proof in foldPatterns rejects any other reading).
 */
function asUniqueConstraint(model: Model, schema: string, table: string, index: Index): Unique | undefined {
  if (!index.unique || index.method !== undefined || index.with !== undefined) return undefined;
  const columns = index.columns.filter((key): key is string => typeof key === 'string');
  if (columns.length !== index.columns.length) return undefined;
  const unique: Unique = {
    columns,
    ...(index.include ? { include: index.include } : {}),
    ...(index.nullsNotDistinct ? { nullsNotDistinct: true } : {}),
    ...(index.description !== undefined ? { description: index.description } : {}),
  };
  const expectedName = uniqueName(namingOf(model), schema, table, unique);
  if (index.name !== undefined && index.name !== expectedName) return undefined;
  return unique;
}

function isLiveRows(where: string): boolean {
  return where.replace(/^\((.*)\)$/s, '$1').trim() === LIVE_ROWS;
}

/**
 * A live-rows query without the table qualifiers and layout that differ between PostgreSQL versions
 * (15 and earlier qualify every column).
 */
function normalizedDefinition(definition: string, tableName: string): string {
  return definition
    .replaceAll(`${quoteIdent(tableName)}.`, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Equal in canonical form, pattern-shaped views compared without their version-dependent layout. */
function sameConcreteModel(expanded: Model, original: Model): boolean {
  return compareModels(normalizeViews(expanded), normalizeViews(original)).length === 0;
}

/** The last name part of the table a query reads, quoted or not: `FROM app."Task List"` gives it. */
const FROM_ONE_TABLE = /\bFROM\s+(?:(?:"(?:[^"]|"")*"|[\w$]+)\.)?("(?:[^"]|"")*"|[\w$]+)\s+WHERE\b/;

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name;
}

function normalizeViews(model: Model): Model {
  const schemas: Record<string, SchemaDef> = {};
  for (const [schemaName, schema] of sortedEntries(model.schemas)) {
    if (schema.views === undefined) {
      schemas[schemaName] = schema;
      continue;
    }
    const views: Record<string, View> = {};
    for (const [viewName, view] of sortedEntries(schema.views)) {
      const table = FROM_ONE_TABLE.exec(view.definition)?.[1] ?? '';
      views[viewName] = { ...view, definition: normalizedDefinition(view.definition, unquote(table)) };
    }
    schemas[schemaName] = { ...schema, views };
  }
  return { ...model, schemas };
}

function tableOf(model: Model, schema: string, table: string): Table | undefined {
  const tables = model.schemas?.[schema]?.tables;
  return tables && Object.hasOwn(tables, table) ? tables[table] : undefined;
}

function updateSchema(model: Model, schemaName: string, change: (schema: SchemaDef) => SchemaDef): Model {
  const schema = model.schemas?.[schemaName] ?? {};
  return { ...model, schemas: { ...model.schemas, [schemaName]: change(schema) } };
}

function updateTable(
  model: Model,
  schemaName: string,
  tableName: string,
  change: (t: Table) => Table,
): Model {
  return updateSchema(model, schemaName, (schema) => {
    const table = schema.tables?.[tableName];
    return table ? { ...schema, tables: { ...schema.tables, [tableName]: change(table) } } : schema;
  });
}

function withoutKey(schema: SchemaDef, kind: 'tables' | 'views' | 'functions', key: string): SchemaDef {
  const objects = schema[kind];
  if (!objects || !Object.hasOwn(objects, key)) return schema;
  const { [key]: _, ...rest } = objects;
  const result: SchemaDef = { ...schema };
  if (Object.keys(rest).length > 0) (result as Record<string, unknown>)[kind] = rest;
  else delete result[kind];
  return result;
}

function withoutTrigger(table: Table, name: string): Table {
  const triggers = (table.triggers ?? []).filter((trigger) => trigger.name !== name);
  const { triggers: _, ...rest } = table;
  return triggers.length > 0 ? { ...rest, triggers } : rest;
}

function withPattern<K extends keyof TablePatterns>(table: Table, key: K, option: TablePatterns[K]): Table {
  return { ...table, patterns: { ...table.patterns, [key]: option } };
}
