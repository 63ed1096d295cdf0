// Spelling a large model again after a small edit: tables that nothing else in the model names are
// spelled one by one, each under a key made of its own DDL and the DDL of everything else (the
// "rest": schemas, types, routines, views, and the tables that something names). When the model
// changes, only the tables whose DDL changed are built, next to the rest; an unchanged table's spelling
// comes from the cache. A table is taken apart only where its spelling cannot depend on the other
// tables: nothing else mentions it (views, routines, other tables' row types, statistics, sequences
// owned by it), it is in no inheritance or partition tree, and it owns no sequence of its own (serial).
// Models with default privileges or event triggers (which act on tables created after them) are
// spelled whole.
import type { Model, SchemaDef, Table } from '../../../model/model-schema.ts';
import { expandPatterns } from '../../../model/patterns/expand-patterns.ts';
import { renderDdlStatements } from '../render-ddl.ts';

export interface SeparateTable {
  schema: string;
  name: string;
  /** Its own statements (CREATE TABLE, indexes, triggers, policies, grants), in build order. */
  statements: string[];
}

export interface SpellingParts {
  /** The model without its separate tables. */
  rest: Model;
  restStatements: string[];
  /**
   * What of the rest a separate table's spelling may depend on: every type, domain, sequence and
   * setting, and the tables, views and routines the separate tables name. A view or routine no
   * separate table names can change without any table being spelled again.
   */
  environmentStatements: string[];
  tables: SeparateTable[];
}

/** Words of SQL text, lower-cased (quoted identifiers as written). */
function words(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/"((?:[^"]|"")*)"|([A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)/g))
    found.push(match[1] !== undefined ? match[1].replaceAll('""', '"') : (match[2] ?? '').toLowerCase());
  return found;
}

function count(into: Map<string, number>, text: string): void {
  for (const word of words(text)) into.set(word, (into.get(word) ?? 0) + 1);
}

const SERIAL = /^(small|big)?serial[248]?$/i;

/** A table that may be spelled on its own, before looking at what names it. */
function mayStandAlone(name: string, table: Table): boolean {
  return (
    /^[a-z_][a-z0-9_$]*$/.test(name) &&
    !table.partitionBy &&
    !table.partitionOf &&
    !table.inherits &&
    !table.columns.some((column) => SERIAL.test(column.type.trim()))
  );
}

/** The model holding only this table, or only its schema (and the project settings names come from). */
function alone(model: Model, schemaName: string, tableName?: string, table?: Table): Model {
  return {
    ...(model.project && { project: model.project }),
    schemas: { [schemaName]: tableName && table ? { tables: { [tableName]: table } } : {} },
  };
}

/** The model with only the entries of these kinds that `keep` accepts (a kind left empty goes). */
function keepEntries(
  model: Model,
  kinds: readonly (keyof SchemaDef)[],
  keep: (schemaName: string, key: string) => boolean,
): Model {
  const schemas: Record<string, SchemaDef> = {};
  for (const [schemaName, schema] of Object.entries(model.schemas ?? {})) {
    const kept: Record<string, unknown> = { ...schema };
    for (const kind of kinds) {
      const entries = Object.entries((schema[kind] as Record<string, unknown> | undefined) ?? {}).filter(
        ([key]) => keep(schemaName, key),
      );
      if (entries.length > 0) kept[kind] = Object.fromEntries(entries);
      else delete kept[kind];
    }
    schemas[schemaName] = kept as SchemaDef;
  }
  return { ...model, schemas };
}

export function withoutTables(model: Model, separate: ReadonlySet<string>): Model {
  return keepEntries(model, ['tables'], (schemaName, name) => !separate.has(`${schemaName}.${name}`));
}

/**
 * The model split into its separate tables and the rest, or undefined when it is spelled whole.
 * `reduced` is the compact model (compact.ts); the SQL parser must be loaded.
 */
export function splitForSpelling(reduced: Model): SpellingParts | undefined {
  const model = expandPatterns(reduced);
  if (model.defaultPrivileges !== undefined || Object.keys(model.eventTriggers ?? {}).length > 0) return;
  if (Object.values(model.schemas ?? {}).some((schema) => schema.defaultPrivileges !== undefined)) return;
  const candidates: SeparateTable[] = [];
  const mentions = new Map<string, number>();
  const frames = new Map<string, Set<string>>();
  for (const [schemaName, schema] of Object.entries(model.schemas ?? {})) {
    for (const [tableName, table] of Object.entries(schema.tables ?? {})) {
      if (!mayStandAlone(tableName, table)) continue;
      // Without what the rest creates anyway (search_path, the schema).
      const frame = frames.get(schemaName) ?? new Set(renderDdlStatements(alone(model, schemaName)));
      frames.set(schemaName, frame);
      const statements = renderDdlStatements(alone(model, schemaName, tableName, table)).filter(
        (statement) => !frame.has(statement),
      );
      candidates.push({ schema: schemaName, name: tableName, statements });
    }
  }
  if (candidates.length === 0) return;
  const others = withoutTables(model, new Set(candidates.map((t) => `${t.schema}.${t.name}`)));
  for (const statement of renderDdlStatements(others)) count(mentions, statement);
  const own = new Map<SeparateTable, Map<string, number>>();
  for (const candidate of candidates) {
    const mine = new Map<string, number>();
    for (const statement of candidate.statements) count(mine, statement);
    for (const [word, times] of mine) mentions.set(word, (mentions.get(word) ?? 0) + times);
    own.set(candidate, mine);
  }
  // Named anywhere but in its own statements: the rest may depend on it, so it is built with the rest.
  const tables = candidates.filter(
    (candidate) => (mentions.get(candidate.name) ?? 0) === (own.get(candidate)?.get(candidate.name) ?? 0),
  );
  if (tables.length === 0) return;
  const rest = withoutTables(model, new Set(tables.map((t) => `${t.schema}.${t.name}`)));
  const named = new Set<string>();
  for (const table of tables) for (const word of own.get(table)?.keys() ?? []) named.add(word);
  return {
    rest,
    restStatements: renderDdlStatements(rest),
    environmentStatements: renderDdlStatements(namedOnly(rest, named)),
    tables,
  };
}

const NAMED_ONLY = ['tables', 'views', 'materializedViews', 'functions', 'procedures', 'aggregates'] as const;

/** The model with only those tables, views and routines whose name is among `named`. */
function namedOnly(model: Model, named: ReadonlySet<string>): Model {
  return keepEntries(model, NAMED_ONLY, (_schemaName, key) => {
    const name = key.includes('(') ? key.slice(0, key.indexOf('(')) : key;
    return named.has(name) || named.has(name.toLowerCase());
  });
}

/** The spelled rest with the spelled separate tables put in, in name order as inspection gives them. */
export function joinSpelling(
  rest: Model,
  tables: readonly { schema: string; name: string; table: Table }[],
): Model {
  const result: Model = { ...rest, schemas: { ...rest.schemas } };
  const bySchema = new Map<string, Record<string, Table>>();
  for (const { schema, name, table } of tables) {
    const entries = bySchema.get(schema) ?? {};
    entries[name] = table;
    bySchema.set(schema, entries);
  }
  for (const [schemaName, added] of bySchema) {
    const schema = result.schemas?.[schemaName] ?? {};
    const merged = { ...schema.tables, ...added };
    const tablesInOrder = Object.fromEntries(
      Object.keys(merged)
        .sort()
        .map((name) => [name, merged[name] as Table]),
    );
    result.schemas = { ...result.schemas, [schemaName]: { ...schema, tables: tablesInOrder } };
  }
  return result;
}
