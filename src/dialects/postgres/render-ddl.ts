// The model as a PostgreSQL DDL script: every object created in dependency order, every constraint and
// index with an explicit name, and comments last.
import type { EnumDef, Extension, Model, SchemaDef, Sequence } from '../../model/model-schema.ts';
import { domainCheckNames, namingOf, resolveTableNames } from '../../model/naming.ts';
import { expandPatterns } from '../../model/patterns/expand-patterns.ts';
import { renderAccess, renderDefaultPrivileges, renderRoles } from './ddl/access.ts';
import { renderComment, renderDomainComments, renderTableComments } from './ddl/comments.ts';
import { sortedKeys } from './ddl/compare-text.ts';
import { renderForeignKey } from './ddl/constraints.ts';
import { renderCreateIndex } from './ddl/create-index.ts';
import { renderDomain } from './ddl/domain.ts';
import { orderDomains } from './ddl/domain-order.ts';
import { nameAt } from './ddl/resolved-names.ts';
import { renderCreateSequence, renderSequenceOwner } from './ddl/sequence.ts';
import { renderTableSettings, type TableEntry } from './ddl/table.ts';
import {
  hasCodeObjects,
  renderCodeComments,
  renderMaterializedViewIndexes,
  renderOrderedObjects,
  renderRefreshes,
  renderTableCode,
  type TypeStatements,
} from './ddl/code-objects.ts';
import {
  renderCompositeTypeComments,
  renderCreateCollation,
  renderCreateCompositeType,
  renderCreateRangeType,
  splitObjectName,
  renderCreateStatistics,
  renderCreateTextSearchConfiguration,
  renderCreateTextSearchDictionary,
} from './ddl/type-objects.ts';
import { parentsFirst, partitionDepth } from './ddl/partitioning.ts';
import { quoteIdent, quoteLiteral, quoteQualified } from './quote.ts';
import { loadSqlParser } from './types.ts';

/**
 * The DDL that creates the model in an empty database. The model must be valid. Types are printed
 * in their canonical spelling with the SQL parser, so `loadSqlParser()` must have been awaited (or use
 * `generateDdl`). The same model always gives the same text.
 *
 * Order: search_path, schemas, extensions, enums, sequences, domains, tables (with their own
 * constraints), indexes, foreign keys, sequence owners, comments. Sequences precede domains because a
 * domain default may call nextval('sequence'), which PostgreSQL resolves when the domain is created.
 */
export interface RenderOptions {
  /** CREATE ROLE for the model's roles first; roles are cluster-wide, so only when asked. */
  createRoles?: boolean;
}

export function renderDdl(model: Model, options: RenderOptions = {}): string {
  return `${renderDdlStatements(model, options).join('\n\n')}\n`;
}

/** The statements of renderDdl, in order (each one complete, ending with a semicolon). */
export function renderDdlStatements(modelWithPatterns: Model, options: RenderOptions = {}): string[] {
  const model = expandPatterns(modelWithPatterns);
  const schemas = sortedKeys(model.schemas).map((name) => ({ name, schema: model.schemas?.[name] ?? {} }));
  const extensions = sortedKeys(model.extensions).map((name) => ({
    name,
    extension: model.extensions?.[name] ?? {},
  }));
  const enums = entriesOf(schemas, (schema) => schema.enums);
  const sequences = entriesOf(schemas, (schema) => schema.sequences);
  const domains = orderDomains(
    entriesOf(schemas, (schema) => schema.domains).map(({ schema, name, value }) => ({
      schema,
      name,
      domain: value,
      checkNames: domainCheckNames(name, value.checks ?? []),
    })),
  );
  const collations = entriesOf(schemas, (schema) => schema.collations);
  const compositeTypes = entriesOf(schemas, (schema) => schema.compositeTypes);
  const rangeTypes = entriesOf(schemas, (schema) => schema.rangeTypes);
  const statistics = entriesOf(schemas, (schema) => schema.statistics);
  const dictionaries = entriesOf(schemas, (schema) => schema.textSearchDictionaries);
  const configurations = entriesOf(schemas, (schema) => schema.textSearchConfigurations);
  const types: TypeStatements[] = [
    ...domains.map((entry) => ({
      provides: [[entry.schema, entry.name] as const],
      statements: renderDomain(entry),
    })),
    ...compositeTypes.map(({ schema, name, value }) => ({
      provides: [[schema, name] as const],
      statements: [renderCreateCompositeType(schema, name, value)],
    })),
    ...rangeTypes.map(({ schema, name, value }) => {
      const canonical = value.canonical === undefined ? undefined : splitObjectName(value.canonical);
      return {
        provides: [[schema, name] as const],
        statements: [renderCreateRangeType(schema, name, value)],
        // An unqualified name is found in public (search_path = public).
        ...(canonical && {
          canonical: [canonical.length === 2 ? canonical[0]! : 'public', canonical.at(-1)!] as const,
        }),
      };
    }),
  ];
  const naming = namingOf(model);
  const tables: TableEntry[] = entriesOf(schemas, (schema) => schema.tables).map(
    ({ schema, name, value }) => ({
      schema,
      name,
      table: value,
      names: resolveTableNames(model, schema, name, value, naming),
    }),
  );

  const statements = [
    ...(options.createRoles === true ? renderRoles(model) : []),
    'SET search_path TO public;',
    // Function bodies may use tables created after them (see ddl/code-objects.ts).
    ...(hasCodeObjects(model) ? ['SET check_function_bodies = false;'] : []),
    ...schemas
      .filter(({ name }) => name !== 'public')
      .map(({ name }) => `CREATE SCHEMA ${quoteIdent(name)};`),
    ...extensions.map(({ name, extension }) => renderCreateExtension(name, extension)),
    ...collations.map(({ schema, name, value }) => renderCreateCollation(schema, name, value)),
    ...enums.map(({ schema, name, value }) => renderCreateEnum(schema, name, value)),
    // Text search objects before tables: a regconfig literal in a default or index is resolved then.
    ...dictionaries.map(({ schema, name, value }) => renderCreateTextSearchDictionary(schema, name, value)),
    ...configurations.flatMap(({ schema, name, value }) =>
      renderCreateTextSearchConfiguration(schema, name, value),
    ),
    ...sequences.map(({ schema, name, value }) => renderCreateSequence(schema, name, value)),
    // Domains, composite and range types, tables, routines and views in dependency order
    // (ddl/code-objects.ts).
    ...renderOrderedObjects(schemas, parentsFirst(tables), types),
    // Indexes before foreign keys: a foreign key may reference columns that only a unique index covers.
    // A partition's own indexes come before its parent's, which then attach them instead of making new.
    ...partitionsFirst(tables).flatMap(renderIndexes),
    ...renderMaterializedViewIndexes(model, schemas),
    ...tables.flatMap(renderTableSettings),
    // Foreign keys after every table, so tables may reference each other in cycles.
    ...tables.flatMap(renderForeignKeys),
    ...statistics.flatMap(({ schema, name, value }) => renderCreateStatistics(schema, name, value)),
    ...sequences.flatMap(({ schema, name, value }) => renderSequenceOwner(schema, name, value) ?? []),
    ...renderTableCode(model, schemas),
    ...schemas.flatMap(({ name, schema }) => renderComment(`SCHEMA ${quoteIdent(name)}`, schema.description)),
    ...extensions.flatMap(({ name, extension }) =>
      renderComment(`EXTENSION ${quoteIdent(name)}`, extension.description),
    ),
    ...enums.flatMap(({ schema, name, value }) =>
      renderComment(`TYPE ${quoteQualified(schema, name)}`, value.description),
    ),
    ...domains.flatMap(renderDomainComments),
    ...collations.flatMap(({ schema, name, value }) =>
      renderComment(`COLLATION ${quoteQualified(schema, name)}`, value.description),
    ),
    ...compositeTypes.flatMap(({ schema, name, value }) => renderCompositeTypeComments(schema, name, value)),
    ...rangeTypes.flatMap(({ schema, name, value }) =>
      renderComment(`TYPE ${quoteQualified(schema, name)}`, value.description),
    ),
    ...dictionaries.flatMap(({ schema, name, value }) =>
      renderComment(`TEXT SEARCH DICTIONARY ${quoteQualified(schema, name)}`, value.description),
    ),
    ...configurations.flatMap(({ schema, name, value }) =>
      renderComment(`TEXT SEARCH CONFIGURATION ${quoteQualified(schema, name)}`, value.description),
    ),
    ...statistics.flatMap(({ schema, name, value }) =>
      renderComment(`STATISTICS ${quoteQualified(schema, name)}`, value.description),
    ),
    ...sequences.flatMap(({ schema, name, value }) => renderSequenceComment(schema, name, value)),
    ...tables.flatMap(renderTableComments),
    ...renderCodeComments(model, schemas),
    ...renderRefreshes(schemas),
    // Owners and privileges once every object exists (ddl/access.ts).
    ...renderAccess(schemas),
    // Privileges of objects created later: last, so they do not touch the model's own (ddl/access.ts).
    ...renderDefaultPrivileges(model),
  ];
  return statements;
}

/** Loads the SQL parser, then renders the model (see renderDdl). */
export async function generateDdl(model: Model, options: RenderOptions = {}): Promise<string> {
  await loadSqlParser();
  return renderDdl(model, options);
}

interface SchemaEntry {
  name: string;
  schema: SchemaDef;
}

/** One kind of object of every schema, by schema name, then object name. */
function entriesOf<T>(
  schemas: readonly SchemaEntry[],
  objects: (schema: SchemaDef) => Readonly<Record<string, T>> | undefined,
): { schema: string; name: string; value: T }[] {
  return schemas.flatMap(({ name: schema, schema: definition }) => {
    const map = objects(definition);
    return sortedKeys(map).map((name) => ({ schema, name, value: map?.[name] as T }));
  });
}

function renderCreateExtension(name: string, extension: Extension): string {
  let text = `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(name)}`;
  if (extension.schema !== undefined) text += ` WITH SCHEMA ${quoteIdent(extension.schema)}`;
  if (extension.version !== undefined) text += ` VERSION ${quoteLiteral(extension.version)}`;
  return `${text};`;
}

function renderCreateEnum(schema: string, name: string, definition: EnumDef): string {
  const head = `CREATE TYPE ${quoteQualified(schema, name)} AS ENUM`;
  if (definition.values.length === 0) return `${head} ();`;
  return `${head} (\n  ${definition.values.map(quoteLiteral).join(',\n  ')}\n);`;
}

function renderIndexes({ schema, name, table, names }: TableEntry): string[] {
  return (table.indexes ?? []).map((index, i) =>
    renderCreateIndex(nameAt(names.indexes, i), schema, name, index),
  );
}

function renderForeignKeys({ schema, name, table, names }: TableEntry): string[] {
  return (table.foreignKeys ?? []).map((foreignKey, i) => {
    const clause = renderForeignKey(nameAt(names.foreignKeys, i), schema, foreignKey);
    return `ALTER TABLE ${quoteQualified(schema, name)}\n  ADD ${clause};`;
  });
}

function renderSequenceComment(schema: string, name: string, sequence: Sequence): string[] {
  return renderComment(`SEQUENCE ${quoteQualified(schema, name)}`, sequence.description);
}

/** Tables ordered deepest partitions first, otherwise in model order. */
function partitionsFirst(tables: readonly TableEntry[]): readonly TableEntry[] {
  if (!tables.some((entry) => entry.table.partitionOf !== undefined)) return tables;
  const depths = new Map(tables.map((entry) => [entry, partitionDepth(entry, tables)]));
  return [...tables].sort((a, b) => (depths.get(b) ?? 0) - (depths.get(a) ?? 0));
}
