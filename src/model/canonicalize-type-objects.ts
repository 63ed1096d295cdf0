// Canonical forms of composite and range types, collations, statistics objects and text search objects
// (docs/canonical-form.md): defaults left out. Type names are canonicalised by the reader.
import type {
  Collation,
  CompositeType,
  RangeType,
  SchemaDef,
  Statistics,
  TextSearchConfiguration,
  TextSearchDictionary,
} from './model-schema.ts';
import { setOwnEntry, sortedEntries } from './model-path.ts';

type TypeObjectKinds = Pick<
  SchemaDef,
  | 'compositeTypes'
  | 'rangeTypes'
  | 'collations'
  | 'statistics'
  | 'textSearchDictionaries'
  | 'textSearchConfigurations'
>;

function canonicalRecord<T>(
  entries: Record<string, T> | undefined,
  canonical: (value: T) => T,
): Record<string, T> | undefined {
  const list = sortedEntries(entries);
  if (list.length === 0) return undefined;
  const result: Record<string, T> = {};
  for (const [name, value] of list) setOwnEntry(result, name, canonical(value));
  return result;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function canonicalCollation(collation: Collation): Collation {
  const libc = collation.provider === undefined || collation.provider === 'libc';
  const sameLocale = libc && collation.lcCollate !== undefined && collation.lcCollate === collation.lcCtype;
  return withoutUndefined({
    ...collation,
    provider: libc ? undefined : collation.provider,
    locale: sameLocale ? collation.lcCollate : collation.locale,
    lcCollate: sameLocale ? undefined : collation.lcCollate,
    lcCtype: sameLocale ? undefined : collation.lcCtype,
    deterministic: collation.deterministic === false ? false : undefined,
  });
}

const ALL_KINDS = ['ndistinct', 'dependencies', 'mcv'];

function canonicalStatistics(schemaName: string): (statistics: Statistics) => Statistics {
  return (statistics) => {
    const kinds =
      statistics.kinds === undefined
        ? undefined
        : ALL_KINDS.filter((k) => statistics.kinds?.includes(k as never));
    return withoutUndefined({
      ...statistics,
      tableSchema: statistics.tableSchema === schemaName ? undefined : statistics.tableSchema,
      kinds:
        kinds === undefined || kinds.length === ALL_KINDS.length ? undefined : (kinds as Statistics['kinds']),
      columns: statistics.columns?.length === 0 ? undefined : statistics.columns,
      expressions: statistics.expressions?.length === 0 ? undefined : statistics.expressions,
      statisticsTarget: statistics.statisticsTarget === -1 ? undefined : statistics.statisticsTarget,
    });
  };
}

/** The type objects of a schema in canonical form, each kind undefined when empty. */
export function canonicalTypeObjects(schemaName: string, schema: SchemaDef): TypeObjectKinds {
  return {
    compositeTypes: canonicalRecord(schema.compositeTypes, (type: CompositeType) => ({
      ...type,
      attributes: type.attributes.map((attribute) => ({ ...attribute })),
    })),
    rangeTypes: canonicalRecord(schema.rangeTypes, (range: RangeType) => ({ ...range })),
    collations: canonicalRecord(schema.collations, canonicalCollation),
    statistics: canonicalRecord(schema.statistics, canonicalStatistics(schemaName)),
    textSearchDictionaries: canonicalRecord(schema.textSearchDictionaries, (d: TextSearchDictionary) => ({
      ...d,
    })),
    textSearchConfigurations: canonicalRecord(
      schema.textSearchConfigurations,
      (c: TextSearchConfiguration) => ({ ...c }),
    ),
  };
}
