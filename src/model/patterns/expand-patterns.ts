// Design patterns as model options (docs/patterns.md): a table's `patterns` expand into the concrete
// columns, indexes, triggers, functions, tables and views they stand for, so everything after this step
// (DDL, diff, validation) sees only ordinary objects. Shared objects (one trigger function per schema,
// one audit_log table) are added only when the model does not define them already, so a model may
// replace them by its own definition; so are columns, triggers and views of the same name.
import type { Column, Index, Model, Routine, SchemaDef, Table, Trigger, View } from '../model-schema.ts';
import { namingOf, uniqueName } from '../naming.ts';
import { sortedEntries } from '../model-path.ts';
import { quoteIdent, quoteQualified } from '../../dialects/postgres/quote.ts';
import {
  AUDIT_LOG_FUNCTION,
  AUDIT_LOG_TABLE,
  TIMESTAMPS_FUNCTION,
  auditColumns,
  auditOptions,
  auditTableName,
  auditTriggerName,
  perTableAuditFunction,
  softDeleteOptions,
  timestampsOptions,
  timestampsTriggerName,
  type TimestampsOptions,
} from './pattern-names.ts';
import {
  partitionFunction,
  partitionFunctionKey,
  partitionedByTimeOptions,
  timePartitions,
} from './partitioned-by-time.ts';

const TIMESTAMP = 'timestamp with time zone';
export const LIVE_ROWS = 'deleted_at IS NULL';

/** The model with every table's patterns replaced by concrete objects; the input is not changed. */
export function expandPatterns(model: Model): Model {
  if (!hasPatterns(model)) return model;
  const schemas: Record<string, SchemaDef> = {};
  for (const [schemaName, schema] of sortedEntries(model.schemas))
    schemas[schemaName] = expandSchema(model, schemaName, schema);
  return { ...model, schemas };
}

export function hasPatterns(model: Model): boolean {
  return Object.values(model.schemas ?? {}).some((schema) =>
    Object.values(schema.tables ?? {}).some((table) => table.patterns !== undefined),
  );
}

function expandSchema(model: Model, schemaName: string, schema: SchemaDef): SchemaDef {
  const tables: Record<string, Table> = { ...schema.tables };
  const views: Record<string, View> = { ...schema.views };
  const functions: Record<string, Routine> = { ...schema.functions };
  const addIfAbsent = <T>(record: Record<string, T>, key: string, value: T) => {
    if (!Object.hasOwn(record, key)) record[key] = value;
  };
  for (const [tableName, table] of sortedEntries(schema.tables)) {
    const patterns = table.patterns;
    if (patterns === undefined) continue;
    const { patterns: _, ...rest } = table;
    let expanded: Table = rest;
    const timestamps = timestampsOptions(patterns);
    if (timestamps) {
      expanded = withColumns(expanded, timestampColumns(timestamps));
      expanded = withTrigger(expanded, {
        name: timestampsTriggerName(tableName),
        timing: 'before',
        events: ['insert', 'update'],
        forEach: 'row',
        function: routineReference(schemaName, TIMESTAMPS_FUNCTION),
        ...nonEmptyArguments([
          ...(timestamps.version ? ['version'] : []),
          ...(timestamps.createdBy ? ['by'] : []),
          ...(timestamps.actorSetting !== undefined ? [`actor=${timestamps.actorSetting}`] : []),
        ]),
      });
      addIfAbsent(functions, `${TIMESTAMPS_FUNCTION}()`, timestampsFunction());
    }
    const softDelete = softDeleteOptions(patterns, tableName);
    if (softDelete) {
      expanded = withColumns(expanded, [{ name: 'deleted_at', type: TIMESTAMP }]);
      expanded = withPartialKeys(model, schemaName, tableName, expanded);
      addIfAbsent(views, softDelete.view, {
        definition: liveRowsDefinition(schemaName, tableName, expanded),
      });
    }
    const audit = auditOptions(patterns);
    if (audit) {
      const perTable = audit.table === 'per-table';
      const functionName = perTable ? perTableAuditFunction(tableName) : AUDIT_LOG_FUNCTION;
      const target = perTable ? auditTableName(tableName) : AUDIT_LOG_TABLE;
      expanded = withTrigger(expanded, {
        name: auditTriggerName(tableName),
        timing: 'after',
        events: ['insert', 'update', 'delete'],
        forEach: 'row',
        function: routineReference(schemaName, functionName),
        ...nonEmptyArguments(audit.actorSetting !== undefined ? [audit.actorSetting] : []),
      });
      addIfAbsent(tables, target, { columns: auditColumns(perTable), primaryKey: { columns: ['id'] } });
      addIfAbsent(functions, `${functionName}()`, auditFunction(schemaName, target, perTable));
    }
    const byTime = partitionedByTimeOptions(patterns);
    const columnType = expanded.columns.find((column) => column.name === byTime?.column)?.type;
    // Without its column the option is only reported (validate-patterns.ts), not expanded.
    if (byTime && columnType !== undefined) {
      expanded = { ...expanded, partitionBy: { strategy: 'range', columns: [byTime.column] } };
      for (const partition of timePartitions(tableName, byTime, columnType))
        addIfAbsent(tables, partition.name, partition.table);
      addIfAbsent(
        functions,
        partitionFunctionKey(tableName),
        partitionFunction(schemaName, tableName, byTime, columnType),
      );
    }
    tables[tableName] = expanded;
  }
  const result: SchemaDef = { ...schema, tables };
  if (Object.keys(views).length > 0) result.views = views;
  if (Object.keys(functions).length > 0) result.functions = functions;
  return result;
}

/** A name as the database prints it with public on the search path. */
function routineReference(schema: string, name: string): string {
  return schema === 'public' ? quoteIdent(name) : quoteQualified(schema, name);
}

function nonEmptyArguments(args: string[]): { arguments?: string[] } {
  return args.length > 0 ? { arguments: args } : {};
}

function withColumns(table: Table, columns: Column[]): Table {
  const present = new Set(table.columns.map((column) => column.name));
  return { ...table, columns: [...table.columns, ...columns.filter((column) => !present.has(column.name))] };
}

function withTrigger(table: Table, trigger: Trigger): Table {
  if ((table.triggers ?? []).some((existing) => existing.name === trigger.name)) return table;
  return { ...table, triggers: [...(table.triggers ?? []), trigger] };
}

function timestampColumns(options: TimestampsOptions): Column[] {
  return [
    { name: 'created_at', type: TIMESTAMP, notNull: true, default: 'now()' },
    { name: 'updated_at', type: TIMESTAMP, notNull: true, default: 'now()' },
    ...(options.version ? [{ name: 'version', type: 'integer', notNull: true, default: '1' }] : []),
    ...(options.createdBy
      ? [
          { name: 'created_by', type: 'text' },
          { name: 'updated_by', type: 'text' },
        ]
      : []),
  ];
}

/**
 * Unique constraints become unique indexes (a constraint cannot have a WHERE clause) under the name
 * the constraint had; they and the other unique indexes then cover live rows only, so a deleted row's
 * values may be used again. Other indexes stay whole: a foreign key's lookups need deleted rows too.
 */
function withPartialKeys(model: Model, schema: string, tableName: string, table: Table): Table {
  const naming = namingOf(model);
  const fromUniques: Index[] = (table.uniques ?? []).map((unique) => ({
    name: uniqueName(naming, schema, tableName, unique),
    unique: true,
    columns: unique.columns,
    ...(unique.include ? { include: unique.include } : {}),
    ...(unique.nullsNotDistinct ? { nullsNotDistinct: true } : {}),
    ...(unique.description !== undefined ? { description: unique.description } : {}),
  }));
  const indexes = [...(table.indexes ?? []), ...fromUniques].map((index) =>
    index.unique && index.where === undefined ? { ...index, where: LIVE_ROWS } : index,
  );
  const { uniques: _, ...rest } = table;
  return indexes.length > 0 ? { ...rest, indexes } : rest;
}

/** The live rows, laid out as pg_get_viewdef prints a query. */
export function liveRowsDefinition(schema: string, tableName: string, table: Table): string {
  const columns = table.columns.map((column) => quoteIdent(column.name)).join(',\n    ');
  return ` SELECT ${columns}\n   FROM ${routineReference(schema, tableName)}\n  WHERE ${LIVE_ROWS}`;
}

function timestampsFunction(): Routine {
  return {
    description:
      'Maintains created_at, updated_at and, when asked, version and created_by/updated_by (schemata timestamps pattern).',
    language: 'plpgsql',
    returns: 'trigger',
    body: TIMESTAMPS_BODY,
  };
}

// Arguments: 'version' increments the version column, 'by' sets created_by/updated_by, 'actor=<setting>'
// takes the acting user from a setting instead of current_user. Columns are set through jsonb so that
// one function serves tables with and without the optional columns.
const TIMESTAMPS_BODY = `
DECLARE
  changes jsonb := '{}';
  actor text := current_user;
  argument text;
BEGIN
  FOREACH argument IN ARRAY coalesce(TG_ARGV, '{}') LOOP
    IF argument LIKE 'actor=%' THEN
      actor := coalesce(current_setting(substr(argument, 7), true), current_user);
    END IF;
  END LOOP;
  IF TG_OP = 'UPDATE' THEN
    changes := jsonb_build_object('created_at', OLD.created_at, 'updated_at', now());
    IF 'version' = ANY (TG_ARGV) THEN
      changes := changes || jsonb_build_object('version', OLD.version + 1);
    END IF;
    IF 'by' = ANY (TG_ARGV) THEN
      changes := changes || jsonb_build_object('created_by', OLD.created_by, 'updated_by', actor);
    END IF;
  ELSIF 'by' = ANY (TG_ARGV) THEN
    changes := jsonb_build_object('created_by', actor, 'updated_by', actor);
  END IF;
  RETURN jsonb_populate_record(NEW, changes);
END
`;

function auditFunction(schema: string, target: string, perTable: boolean): Routine {
  const columns = perTable
    ? 'operation, old_values, new_values, changed_by'
    : 'table_schema, table_name, operation, old_values, new_values, changed_by';
  const values = perTable ? 'TG_OP' : 'TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP';
  return {
    description: `Writes every change to ${target} (schemata audit pattern).`,
    language: 'plpgsql',
    returns: 'trigger',
    body: `
BEGIN
  INSERT INTO ${quoteQualified(schema, target)} (${columns})
  VALUES (${values},
    CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
    CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END,
    coalesce(current_setting(TG_ARGV[0], true), current_user));
  RETURN NULL;
END
`,
  };
}
