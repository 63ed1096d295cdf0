// The model from the catalog rows: lookup maps first, then each object once, so the work is linear in
// the size of the schema.
import { attachAccess } from './assemble-access.ts';
import type {
  Domain,
  EnumDef,
  Extension,
  Model,
  SchemaDef,
  Sequence,
  Table,
} from '../../../model/model-schema.ts';
import { domainCheckNames } from '../../../model/naming.ts';
import { setOwnEntry } from '../../../model/model-path.ts';
import { compareText } from '../ddl/compare-text.ts';
import { assembleTable, columnKey, type TableLookups } from './assemble-table.ts';
import { assembleCodeObjects } from './assemble-code-objects.ts';
import { assembleTypeObjects } from './assemble-type-objects.ts';
import type { ConstraintRow, SequenceRow, TypeRow } from './catalog-queries.ts';
import { checkExpression } from './catalog-values.ts';
import { compact, flag, nonEmpty, optional } from './compact.ts';
import { objectName, UnsupportedList, type InspectResult } from './inspect-result.ts';
import type { Catalog } from './read-catalog.ts';
import { sequenceOptions } from './sequence-options.ts';

const PUBLIC_SCHEMA_COMMENT = 'standard public schema';

interface SchemaContents {
  description: string | undefined;
  enums: Map<string, EnumDef>;
  domains: Map<string, Domain>;
  sequences: Map<string, Sequence>;
  tables: Map<string, Table>;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * The entries as a record with its keys in code-unit order, or undefined when there are none. Keys
 * are set as own properties, so a table named `__proto__` is a table like any other.
 */
function sortedRecord<T>(entries: ReadonlyMap<string, T>): Record<string, T> | undefined {
  if (entries.size === 0) return undefined;
  const record: Record<string, T> = {};
  for (const key of [...entries.keys()].sort(compareText)) setOwnEntry(record, key, entries.get(key) as T);
  return record;
}

export function assembleModel(catalog: Catalog): InspectResult {
  const unsupported = new UnsupportedList();
  for (const row of catalog.unsupported) unsupported.add(row.kind, row.name, row.reason);

  const schemas = new Map<string, SchemaContents>();
  for (const row of catalog.schemas) {
    const description =
      row.name === 'public' && row.description === PUBLIC_SCHEMA_COMMENT
        ? undefined
        : optional(row.description);
    schemas.set(row.name, {
      description,
      enums: new Map(),
      domains: new Map(),
      sequences: new Map(),
      tables: new Map(),
    });
  }
  const contentsOf = (schema: string): SchemaContents => {
    const contents = schemas.get(schema);
    if (!contents) throw new Error(`schema ${schema} was not read`);
    return contents;
  };

  const domainChecks = groupBy(catalog.constraints, (c) => c.domain_oid);
  for (const type of catalog.types) {
    const contents = contentsOf(type.schema);
    if (type.kind === 'e') {
      const values = type.labels ?? [];
      contents.enums.set(type.name, compact<EnumDef>({ values, description: optional(type.description) }));
    } else {
      contents.domains.set(type.name, assembleDomain(type, domainChecks.get(type.oid) ?? []));
    }
  }

  const identity = new Map<string, SequenceRow>();
  const ownedBy = new Map<string, SequenceRow[]>();
  for (const sequence of catalog.sequences) {
    if (sequence.owner_table_oid === null || sequence.owner_column_number === null) continue;
    const key = columnKey(sequence.owner_table_oid, sequence.owner_column_number);
    if (sequence.owner_dependency === 'i') identity.set(key, sequence);
    else ownedBy.set(key, [...(ownedBy.get(key) ?? []), sequence]);
  }
  const columns = groupBy(catalog.columns, (c) => c.table_oid);
  const columnNames = new Map<string, Map<number, string>>();
  for (const [tableOid, tableColumns] of columns) {
    columnNames.set(tableOid, new Map(tableColumns.map((c) => [c.number, c.name])));
  }
  const lookups: TableLookups = {
    identity,
    ownedBy,
    columnNames,
    schemas: new Set(schemas.keys()),
    columns,
  };

  const constraints = groupBy(catalog.constraints, (c) => c.table_oid);
  const indexes = groupBy(catalog.indexes, (i) => i.table_oid);
  const serialSequences = new Set<string>();
  // Views, routines, triggers, policies, rules (assemble-code-objects.ts).
  const code = assembleCodeObjects(catalog, {}, unsupported);
  for (const table of catalog.tables) {
    const assembled = assembleTable(
      {
        table,
        columns: columns.get(table.oid) ?? [],
        constraints: constraints.get(table.oid) ?? [],
        indexes: indexes.get(table.oid) ?? [],
      },
      lookups,
      unsupported,
    );
    contentsOf(table.schema).tables.set(table.name, { ...assembled.table, ...code.tables.get(table.oid) });
    for (const sequence of assembled.serialSequences) serialSequences.add(sequence.oid);
  }

  const modelledTables = new Set(catalog.tables.map((t) => t.oid));
  for (const sequence of catalog.sequences) {
    // Identity sequences are options of their column; serial sequences are the serial type.
    if (sequence.owner_dependency === 'i' || serialSequences.has(sequence.oid)) continue;
    const assembled = assembleSequence(sequence, modelledTables, unsupported);
    contentsOf(sequence.schema).sequences.set(sequence.name, assembled);
  }

  const extensions = new Map<string, Extension>();
  for (const row of catalog.extensions) {
    // The version and comment CREATE EXTENSION gives are defaults, left out like other defaults.
    const extension = compact<Extension>({
      schema: row.schema,
      version: row.version === row.default_version ? undefined : row.version,
      description: row.description === row.default_description ? undefined : optional(row.description),
    });
    extensions.set(row.name, extension);
  }

  const typeObjects = assembleTypeObjects(catalog.typeObjects);
  const schemaDefs = new Map<string, SchemaDef>();
  for (const [name, contents] of schemas) {
    const schema = compact<SchemaDef>({
      description: contents.description,
      enums: sortedRecord(contents.enums),
      domains: sortedRecord(contents.domains),
      compositeTypes: sortedRecord(typeObjects.get(name)?.compositeTypes ?? new Map()),
      rangeTypes: sortedRecord(typeObjects.get(name)?.rangeTypes ?? new Map()),
      collations: sortedRecord(typeObjects.get(name)?.collations ?? new Map()),
      statistics: sortedRecord(typeObjects.get(name)?.statistics ?? new Map()),
      textSearchDictionaries: sortedRecord(typeObjects.get(name)?.textSearchDictionaries ?? new Map()),
      textSearchConfigurations: sortedRecord(typeObjects.get(name)?.textSearchConfigurations ?? new Map()),
      sequences: sortedRecord(contents.sequences),
      tables: sortedRecord(contents.tables),
      views: sortedRecord(code.schemas.get(name)?.views ?? new Map()),
      materializedViews: sortedRecord(code.schemas.get(name)?.materializedViews ?? new Map()),
      functions: sortedRecord(code.schemas.get(name)?.functions ?? new Map()),
      procedures: sortedRecord(code.schemas.get(name)?.procedures ?? new Map()),
      aggregates: sortedRecord(code.schemas.get(name)?.aggregates ?? new Map()),
    });
    // Every database has schema public; empty and with its own comment, it says nothing.
    if (name === 'public' && Object.keys(schema).length === 0) continue;
    schemaDefs.set(name, schema);
  }

  const model = compact<Model>({
    extensions: sortedRecord(extensions),
    schemas: sortedRecord(schemaDefs),
    eventTriggers: sortedRecord(code.eventTriggers),
  });
  attachAccess(model, catalog, unsupported);
  const items = unsupported.items.sort((a, b) => compareText(a.kind, b.kind) || compareText(a.name, b.name));
  return { model, unsupported: items };
}

function assembleDomain(type: TypeRow, checks: readonly ConstraintRow[]): Domain {
  if (type.base_type === null) throw new Error(`domain ${type.schema}.${type.name} has no base type`);
  const sorted = [...checks].sort((a, b) => compareText(a.name, b.name));
  const names = keptDomainCheckNames(
    type.name,
    sorted.map((c) => c.name),
  );
  return compact<Domain>({
    type: type.base_type,
    notNull: flag(type.not_null),
    default: optional(type.default_expression),
    collation: optional(type.collation),
    checks: nonEmpty(
      sorted.map((check, i) => {
        if (check.definition === null) throw new Error(`domain check ${check.name} has no definition`);
        return compact<NonNullable<Domain['checks']>[number]>({
          name: names[i],
          expression: checkExpression(check.definition),
          notValid: flag(!check.validated),
          description: optional(check.description),
        });
      }),
    ),
    description: optional(type.description),
  });
}

/**
 * The names a domain's checks (in name order) keep: a check is left unnamed when the name the model
 * would give it (domainCheckNames: `<domain>_check`, `<domain>_check1`, ... skipping names in use)
 * is its name. Starting from all unnamed, a check whose name is not given back keeps it, until every
 * name is.
 */
function keptDomainCheckNames(domain: string, names: readonly string[]): (string | undefined)[] {
  const kept = new Set<number>();
  for (;;) {
    const resolved = domainCheckNames(
      domain,
      names.map((name, i) => (kept.has(i) ? { name } : {})),
    );
    const mismatch = resolved.findIndex((name, i) => name !== names[i]);
    if (mismatch < 0) return names.map((name, i) => (kept.has(i) ? name : undefined));
    kept.add(mismatch);
  }
}

function assembleSequence(
  sequence: SequenceRow,
  modelledTables: ReadonlySet<string>,
  unsupported: UnsupportedList,
): Sequence {
  let ownedBy: Sequence['ownedBy'];
  if (sequence.owner_dependency === 'a' && sequence.owner_table !== null && sequence.owner_column !== null) {
    if (sequence.owner_schema === sequence.schema && modelledTables.has(sequence.owner_table_oid ?? '')) {
      ownedBy = { table: sequence.owner_table, column: sequence.owner_column };
    } else {
      unsupported.add(
        'sequence ownership',
        objectName(sequence.schema, sequence.name),
        `OWNED BY ${objectName(sequence.owner_schema ?? '', sequence.owner_table, sequence.owner_column)}`,
      );
    }
  }
  return compact<Sequence>({
    type: sequence.type === 'bigint' ? undefined : (sequence.type as Sequence['type']),
    ...sequenceOptions(sequence),
    unlogged: flag(sequence.unlogged),
    ownedBy,
    description: optional(sequence.description),
  });
}
