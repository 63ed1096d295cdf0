// Small helpers the model rules share: options as lists, name patterns, and the objects of a model
// that rules look at beyond tables.
import { quoteIdent, quoteQualified } from '../../dialects/postgres/quote.ts';
import type { ModelPath } from '../../model/model-path.ts';
import { sortedEntries } from '../../model/model-path.ts';
import type { Model } from '../../model/model-schema.ts';
import type { ModelLintContext } from '../rule.ts';

/** A list option (a string is taken as a comma-separated list). */
export function listOption(context: ModelLintContext, name: string): string[] {
  const value = context.option(name);
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string')
    return value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
  return [];
}

export function numberOption(context: ModelLintContext, name: string): number {
  const value = context.option(name);
  return typeof value === 'number' ? value : Number(value);
}

export function stringOption(context: ModelLintContext, name: string): string {
  return String(context.option(name));
}

/**
 * A test of whether a name is one of `words` as a whole, or as `_`-separated parts of it
 * (`unit_price` has the word price); made once per run, as one regular expression.
 */
export function wordMatcher(words: readonly string[]): (name: string) => boolean {
  if (words.length === 0) return () => false;
  const alternatives = words
    .map((word) => word.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
  const pattern = new RegExp(`(^|_)(${alternatives})(_|$)`, 'i');
  return (name) => pattern.test(name);
}

/** A text that is missing or blank. */
export function isBlank(text: string | undefined): boolean {
  return text === undefined || text.trim() === '';
}

/** The model's views, materialized views, functions and procedures with their paths. */
export interface NamedObject {
  kind: string;
  schema: string;
  name: string;
  path: ModelPath;
}

export function codeObjects(context: ModelLintContext): NamedObject[] {
  const objects: NamedObject[] = [];
  for (const [schemaName, schema] of sortedEntries(context.model.schemas)) {
    const add = (kind: string, key: string, record: Readonly<Record<string, unknown>> | undefined) => {
      for (const [name] of sortedEntries(record))
        objects.push({ kind, schema: schemaName, name, path: ['schemas', schemaName, key, name] });
    };
    add('view', 'views', schema.views);
    add('materialized view', 'materializedViews', schema.materializedViews);
    add('function', 'functions', schema.functions);
    add('procedure', 'procedures', schema.procedures);
  }
  return objects;
}

/** Every name the model gives (templates' names are not given, so left out), with where it is. */
export interface GivenName {
  kind: string;
  name: string;
  /** Qualified name for messages. */
  object: string;
  path: ModelPath;
}

const givenNamesOf = new WeakMap<Model, GivenName[]>();

export function givenNames(context: ModelLintContext): readonly GivenName[] {
  let names = givenNamesOf.get(context.model);
  if (names === undefined) {
    names = readGivenNames(context.model);
    givenNamesOf.set(context.model, names);
  }
  return names;
}

function readGivenNames(model: Model): GivenName[] {
  const names: GivenName[] = [];
  for (const [schemaName, schema] of sortedEntries(model.schemas)) {
    const schemaPath = ['schemas', schemaName];
    names.push({ kind: 'schema', name: schemaName, object: quoteIdent(schemaName), path: schemaPath });
    const add = (kind: string, key: string, record: Readonly<Record<string, unknown>> | undefined) => {
      for (const [name] of sortedEntries(record)) {
        const bare =
          key === 'functions' || key === 'procedures' || key === 'aggregates'
            ? name.replace(/\(.*$/s, '')
            : name;
        names.push({
          kind,
          name: bare,
          object: quoteQualified(schemaName, bare),
          path: [...schemaPath, key, name],
        });
      }
    };
    add('enum', 'enums', schema.enums);
    add('domain', 'domains', schema.domains);
    add('type', 'compositeTypes', schema.compositeTypes);
    add('sequence', 'sequences', schema.sequences);
    add('view', 'views', schema.views);
    add('materialized view', 'materializedViews', schema.materializedViews);
    add('function', 'functions', schema.functions);
    add('procedure', 'procedures', schema.procedures);
    for (const [tableName, table] of sortedEntries(schema.tables)) {
      const tablePath = [...schemaPath, 'tables', tableName];
      const object = quoteQualified(schemaName, tableName);
      names.push({ kind: 'table', name: tableName, object, path: tablePath });
      if (table.partitionOf) continue;
      table.columns.forEach((column, i) =>
        names.push({
          kind: 'column',
          name: column.name,
          object: `${object}.${quoteIdent(column.name)}`,
          path: [...tablePath, 'columns', i, 'name'],
        }),
      );
      const constraint = (
        kind: string,
        key: string,
        list: readonly { name?: string | undefined }[] | undefined,
      ) =>
        (list ?? []).forEach((item, i) => {
          if (item.name !== undefined)
            names.push({
              kind,
              name: item.name,
              object: `${object}.${quoteIdent(item.name)}`,
              path: [...tablePath, key, i, 'name'],
            });
        });
      if (table.primaryKey?.name !== undefined)
        names.push({
          kind: 'primary key',
          name: table.primaryKey.name,
          object: `${object}.${quoteIdent(table.primaryKey.name)}`,
          path: [...tablePath, 'primaryKey', 'name'],
        });
      constraint('unique constraint', 'uniques', table.uniques);
      constraint('foreign key', 'foreignKeys', table.foreignKeys);
      constraint('check', 'checks', table.checks);
      constraint('exclusion constraint', 'exclusions', table.exclusions);
      constraint('index', 'indexes', table.indexes);
      constraint('trigger', 'triggers', table.triggers);
      constraint('policy', 'policies', table.policies);
    }
  }
  return names;
}
