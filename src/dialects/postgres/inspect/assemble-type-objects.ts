// Composite types, range types, collations, extended statistics and text search objects from their
// catalog rows (type-object-queries.ts), by schema and name.
import type {
  Collation,
  CompositeType,
  RangeType,
  Statistics,
  TextSearchConfiguration,
  TextSearchDictionary,
} from '../../../model/model-schema.ts';
import { compareText } from '../ddl/compare-text.ts';
import { compact, flag, nonEmpty, optional } from './compact.ts';
import type {
  CollationRow,
  CompositeTypeRow,
  RangeTypeRow,
  StatisticsRow,
  TextSearchConfigurationRow,
  TextSearchDictionaryRow,
  TypeObjectsRow,
} from './type-object-queries.ts';

export interface TypeObjectRows {
  compositeTypes: CompositeTypeRow[];
  rangeTypes: RangeTypeRow[];
  collations: CollationRow[];
  statistics: StatisticsRow[];
  textSearchDictionaries: TextSearchDictionaryRow[];
  textSearchConfigurations: TextSearchConfigurationRow[];
}

export interface SchemaTypeObjects {
  compositeTypes: Map<string, CompositeType>;
  rangeTypes: Map<string, RangeType>;
  collations: Map<string, Collation>;
  statistics: Map<string, Statistics>;
  textSearchDictionaries: Map<string, TextSearchDictionary>;
  textSearchConfigurations: Map<string, TextSearchConfiguration>;
}

/** The rows of typeObjectsQuery's one row of JSON texts. */
export function parseTypeObjects(rows: readonly TypeObjectsRow[]): TypeObjectRows {
  const [row] = rows;
  if (row === undefined) throw new Error('the type objects query returned no row');
  return {
    compositeTypes: JSON.parse(row.composite_types) as CompositeTypeRow[],
    rangeTypes: JSON.parse(row.range_types) as RangeTypeRow[],
    collations: JSON.parse(row.collations) as CollationRow[],
    statistics: JSON.parse(row.statistics) as StatisticsRow[],
    textSearchDictionaries: JSON.parse(row.text_search_dictionaries) as TextSearchDictionaryRow[],
    textSearchConfigurations: JSON.parse(row.text_search_configurations) as TextSearchConfigurationRow[],
  };
}

/** The objects of each schema that has any. */
export function assembleTypeObjects(rows: TypeObjectRows): Map<string, SchemaTypeObjects> {
  const schemas = new Map<string, SchemaTypeObjects>();
  const of = (schema: string): SchemaTypeObjects => {
    let objects = schemas.get(schema);
    if (!objects) {
      objects = {
        compositeTypes: new Map(),
        rangeTypes: new Map(),
        collations: new Map(),
        statistics: new Map(),
        textSearchDictionaries: new Map(),
        textSearchConfigurations: new Map(),
      };
      schemas.set(schema, objects);
    }
    return objects;
  };
  for (const row of rows.compositeTypes)
    of(row.schema).compositeTypes.set(row.name, assembleCompositeType(row));
  for (const row of rows.rangeTypes) {
    of(row.schema).rangeTypes.set(
      row.name,
      compact<RangeType>({
        subtype: row.subtype,
        subtypeOpclass: optional(row.subtype_opclass),
        collation: optional(row.collation),
        canonical: optional(row.canonical),
        subtypeDiff: optional(row.subtype_diff),
        multirangeTypeName: optional(row.multirange_type_name),
        description: optional(row.description),
      }),
    );
  }
  for (const row of rows.collations) of(row.schema).collations.set(row.name, assembleCollation(row));
  for (const row of rows.statistics) of(row.schema).statistics.set(row.name, assembleStatistics(row));
  for (const row of rows.textSearchDictionaries) {
    of(row.schema).textSearchDictionaries.set(
      row.name,
      compact<TextSearchDictionary>({
        template: row.template,
        options: parseDictionaryOptions(row.options),
        description: optional(row.description),
      }),
    );
  }
  for (const row of rows.textSearchConfigurations) {
    const mappings = JSON.parse(row.mappings) as Record<string, string[]>;
    const sorted: Record<string, string[]> = {};
    for (const token of Object.keys(mappings).sort(compareText)) sorted[token] = mappings[token] as string[];
    of(row.schema).textSearchConfigurations.set(
      row.name,
      compact<TextSearchConfiguration>({
        parser: row.parser,
        mappings: Object.keys(sorted).length > 0 ? sorted : undefined,
        description: optional(row.description),
      }),
    );
  }
  return schemas;
}

function assembleCompositeType(row: CompositeTypeRow): CompositeType {
  const attributes = JSON.parse(row.attributes) as {
    name: string;
    type: string;
    collation: string | null;
    description: string | null;
  }[];
  return compact<CompositeType>({
    attributes: attributes.map((attribute) =>
      compact<CompositeType['attributes'][number]>({
        name: attribute.name,
        type: attribute.type,
        collation: optional(attribute.collation),
        description: optional(attribute.description),
      }),
    ),
    description: optional(row.description),
  });
}

const PROVIDERS: Record<string, Collation['provider']> = { c: 'libc', i: 'icu', b: 'builtin' };

function assembleCollation(row: CollationRow): Collation {
  const provider = PROVIDERS[row.provider];
  if (provider === undefined)
    throw new Error(`collation ${row.schema}.${row.name} has provider ${row.provider}`);
  // libc keeps lc_collate and lc_ctype; a locale sets both, as pg_dump writes it when they are equal.
  // Before PostgreSQL 15 an ICU collation kept its locale in collcollate.
  const libcLike = provider === 'libc';
  const locale = libcLike
    ? row.lc_collate === row.lc_ctype
      ? optional(row.lc_collate)
      : undefined
    : optional(row.locale ?? row.lc_collate);
  return compact<Collation>({
    provider: provider === 'libc' ? undefined : provider,
    locale,
    lcCollate: libcLike && row.lc_collate !== row.lc_ctype ? optional(row.lc_collate) : undefined,
    lcCtype: libcLike && row.lc_collate !== row.lc_ctype ? optional(row.lc_ctype) : undefined,
    deterministic: row.deterministic ? undefined : false,
    rules: optional(row.rules),
    description: optional(row.description),
  });
}

const STATISTICS_KINDS: Record<string, NonNullable<Statistics['kinds']>[number]> = {
  d: 'ndistinct',
  f: 'dependencies',
  m: 'mcv',
};

function assembleStatistics(row: StatisticsRow): Statistics {
  const kinds = row.kinds.flatMap((kind) => STATISTICS_KINDS[kind] ?? []);
  return compact<Statistics>({
    table: row.table,
    tableSchema: row.table_schema === row.schema ? undefined : row.table_schema,
    // All kinds is the default, and a single expression has none to choose.
    kinds: kinds.length === 0 || kinds.length === 3 ? undefined : kinds,
    columns: nonEmpty(row.columns),
    expressions: nonEmpty(row.expressions ?? []),
    statisticsTarget: row.target === null || row.target === -1 ? undefined : row.target,
    description: optional(row.description),
  });
}

/** `stopwords = 'english', accept = 'false'` as { stopwords: 'english', accept: 'false' }. */
export function parseDictionaryOptions(text: string | null): Record<string, string> | undefined {
  if (text === null || text.trim() === '') return undefined;
  const options: Record<string, string> = {};
  const pattern = /\s*([^\s=,]+)\s*=\s*('(?:[^']|'')*'|[^,]*?)\s*(?:,|$)/gy;
  for (const match of text.matchAll(pattern)) {
    const value = match[2] as string;
    options[match[1] as string] = value.startsWith("'") ? value.slice(1, -1).replace(/''/g, "'") : value;
  }
  return flag(Object.keys(options).length > 0) ? options : undefined;
}
