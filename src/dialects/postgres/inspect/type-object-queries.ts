// Catalog queries for composite types, range types, collations, extended statistics and text search
// dictionaries and configurations: one query per class, each reading the whole class, run together as
// one statement (typeObjectsQuery). Rows come as JSON text, which both drivers return alike.
import { notExtensionMember, SCOPE, type ServerVersion } from './catalog-queries.ts';

/** A name as the model writes it: bare when pg_catalog or public holds it, else qualified and quoted. */
function modelName(schema: string, name: string): string {
  return `CASE WHEN ${schema} IN ('pg_catalog', 'public') THEN ${name}::text
    ELSE quote_ident(${schema}) || '.' || quote_ident(${name}) END`;
}

/** Like modelName, but quoted where needed even when bare: for names rendered as identifiers. */
function quotedModelName(schema: string, name: string): string {
  return `CASE WHEN ${schema} IN ('pg_catalog', 'public') THEN quote_ident(${name})
    ELSE quote_ident(${schema}) || '.' || quote_ident(${name}) END`;
}

function describe(alias: string, catalog: string, oid: string, subId = '0'): string {
  return `LEFT JOIN pg_description ${alias} ON ${alias}.objoid = ${oid} AND ${alias}.classoid = '${catalog}'::regclass AND ${alias}.objsubid = ${subId}`;
}

export interface CompositeTypeRow {
  schema: string;
  name: string;
  /** JSON: [{ name, type, collation, description }] in attribute order. */
  attributes: string;
  description: string | null;
}

export function compositeTypesQuery(): string {
  return `WITH ${SCOPE}
SELECT s.nspname::text AS schema, t.typname::text AS name,
  (SELECT coalesce(json_agg(json_build_object(
      'name', a.attname::text, 'type', format_type(a.atttypid, a.atttypmod),
      'collation', CASE WHEN a.attcollation <> at.typcollation THEN ${modelName('cn.nspname', 'co.collname')} END,
      'description', ad.description) ORDER BY a.attnum), '[]')::text
    FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
    LEFT JOIN pg_collation co ON co.oid = a.attcollation
    LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
    ${describe('ad', 'pg_class', 'a.attrelid', 'a.attnum')}
    WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) AS attributes,
  d.description
FROM pg_type t JOIN user_schemas s ON s.oid = t.typnamespace
JOIN pg_class r ON r.oid = t.typrelid AND r.relkind = 'c'
${describe('d', 'pg_type', 't.oid')}
WHERE t.typtype = 'c' AND ${notExtensionMember('pg_type', 't.oid')}`;
}

export interface RangeTypeRow {
  schema: string;
  name: string;
  subtype: string;
  /** Only when it is not the subtype's default. */
  subtype_opclass: string | null;
  collation: string | null;
  canonical: string | null;
  subtype_diff: string | null;
  /** Only when it is not the name PostgreSQL would give. */
  multirange_type_name: string | null;
  description: string | null;
}

export function rangeTypesQuery(version: ServerVersion): string {
  const defaultMultirange = `CASE WHEN position('range' IN t.typname) > 0
      THEN overlay(t.typname::text PLACING 'multirange' FROM position('range' IN t.typname) FOR 5)
      ELSE t.typname::text || '_multirange' END`;
  const multirange =
    version >= 140000
      ? `CASE WHEN mt.typnamespace <> t.typnamespace OR mt.typname::text <> ${defaultMultirange}
          THEN ${quotedModelName('mn.nspname', 'mt.typname')} END`
      : 'NULL::text';
  const multirangeJoins =
    version >= 140000
      ? `LEFT JOIN pg_type mt ON mt.oid = r.rngmultitypid LEFT JOIN pg_namespace mn ON mn.oid = mt.typnamespace`
      : '';
  return `WITH ${SCOPE}
SELECT s.nspname::text AS schema, t.typname::text AS name,
  format_type(r.rngsubtype, NULL) AS subtype,
  CASE WHEN NOT opc.opcdefault THEN ${quotedModelName('opcn.nspname', 'opc.opcname')} END AS subtype_opclass,
  CASE WHEN r.rngcollation <> st.typcollation THEN ${modelName('cn.nspname', 'co.collname')} END AS collation,
  CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::regproc::text END AS canonical,
  CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::regproc::text END AS subtype_diff,
  ${multirange} AS multirange_type_name,
  d.description
FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid JOIN user_schemas s ON s.oid = t.typnamespace
JOIN pg_type st ON st.oid = r.rngsubtype
JOIN pg_opclass opc ON opc.oid = r.rngsubopc JOIN pg_namespace opcn ON opcn.oid = opc.opcnamespace
LEFT JOIN pg_collation co ON co.oid = r.rngcollation
LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
${multirangeJoins}
${describe('d', 'pg_type', 't.oid')}
WHERE ${notExtensionMember('pg_type', 't.oid')}`;
}

export interface CollationRow {
  schema: string;
  name: string;
  /** collprovider: 'c' libc, 'i' icu, 'b' builtin, 'd' database default. */
  provider: string;
  deterministic: boolean;
  lc_collate: string | null;
  lc_ctype: string | null;
  locale: string | null;
  rules: string | null;
  description: string | null;
}

export function collationsQuery(version: ServerVersion): string {
  const locale = version >= 170000 ? 'c.colllocale' : version >= 150000 ? 'c.colliculocale' : 'NULL::text';
  const rules = version >= 160000 ? 'c.collicurules' : 'NULL::text';
  return `WITH ${SCOPE}
SELECT s.nspname::text AS schema, c.collname::text AS name, c.collprovider::text AS provider,
  c.collisdeterministic AS deterministic, c.collcollate::text AS lc_collate, c.collctype::text AS lc_ctype,
  ${locale}::text AS locale, ${rules}::text AS rules, d.description
FROM pg_collation c JOIN user_schemas s ON s.oid = c.collnamespace
${describe('d', 'pg_collation', 'c.oid')}
WHERE ${notExtensionMember('pg_collation', 'c.oid')}`;
}

export interface StatisticsRow {
  schema: string;
  name: string;
  table_schema: string;
  table: string;
  table_oid: string;
  kinds: string[];
  columns: string[];
  expressions: string[] | null;
  /** -1 or NULL when not set. */
  target: number | null;
  description: string | null;
}

export function statisticsQuery(version: ServerVersion): string {
  const expressions =
    version >= 140000 ? 'pg_get_statisticsobjdef_expressions(x.oid)::text[]' : 'NULL::text[]';
  return `WITH ${SCOPE}
SELECT s.nspname::text AS schema, x.stxname::text AS name, tn.nspname::text AS table_schema,
  c.relname::text AS table, c.oid::text AS table_oid,
  x.stxkind::text[] AS kinds,
  ARRAY(SELECT a.attname::text FROM unnest(x.stxkeys) k JOIN pg_attribute a ON a.attrelid = x.stxrelid AND a.attnum = k
    ORDER BY k) AS columns,
  ${expressions} AS expressions,
  x.stxstattarget::int4 AS target, d.description
FROM pg_statistic_ext x JOIN user_schemas s ON s.oid = x.stxnamespace
JOIN pg_class c ON c.oid = x.stxrelid JOIN pg_namespace tn ON tn.oid = c.relnamespace
${describe('d', 'pg_statistic_ext', 'x.oid')}
WHERE ${notExtensionMember('pg_statistic_ext', 'x.oid')}`;
}

export interface TextSearchDictionaryRow {
  schema: string;
  name: string;
  template: string;
  options: string | null;
  description: string | null;
}

export function textSearchDictionariesQuery(): string {
  return `WITH ${SCOPE}
SELECT s.nspname::text AS schema, td.dictname::text AS name,
  ${quotedModelName('tn.nspname', 'tt.tmplname')} AS template, td.dictinitoption AS options, d.description
FROM pg_ts_dict td JOIN user_schemas s ON s.oid = td.dictnamespace
JOIN pg_ts_template tt ON tt.oid = td.dicttemplate JOIN pg_namespace tn ON tn.oid = tt.tmplnamespace
${describe('d', 'pg_ts_dict', 'td.oid')}
WHERE ${notExtensionMember('pg_ts_dict', 'td.oid')}`;
}

export interface TextSearchConfigurationRow {
  schema: string;
  name: string;
  parser: string;
  /** JSON: { tokenType: [dictionary, ...] }. */
  mappings: string;
  description: string | null;
}

export function textSearchConfigurationsQuery(): string {
  return `WITH ${SCOPE}
SELECT s.nspname::text AS schema, tc.cfgname::text AS name,
  ${quotedModelName('pn.nspname', 'tp.prsname')} AS parser,
  (SELECT coalesce(json_object_agg(m.alias, m.dictionaries), '{}')::text FROM (
      SELECT tt.alias, json_agg(cm.mapdict::regdictionary::text ORDER BY cm.mapseqno) AS dictionaries
      FROM pg_ts_config_map cm JOIN ts_token_type(tc.cfgparser) tt ON tt.tokid = cm.maptokentype
      WHERE cm.mapcfg = tc.oid GROUP BY tt.alias) m) AS mappings,
  d.description
FROM pg_ts_config tc JOIN user_schemas s ON s.oid = tc.cfgnamespace
JOIN pg_ts_parser tp ON tp.oid = tc.cfgparser JOIN pg_namespace pn ON pn.oid = tp.prsnamespace
${describe('d', 'pg_ts_config', 'tc.oid')}
WHERE ${notExtensionMember('pg_ts_config', 'tc.oid')}`;
}

/** The JSON text of each class's rows, in one row: one statement for all six classes. */
export interface TypeObjectsRow {
  composite_types: string;
  range_types: string;
  collations: string;
  statistics: string;
  text_search_dictionaries: string;
  text_search_configurations: string;
}

export function typeObjectsQuery(version: ServerVersion): string {
  const rows = (query: string) => `(SELECT coalesce(json_agg(q), '[]')::text FROM (${query}) AS q)`;
  return `SELECT ${rows(compositeTypesQuery())} AS composite_types,
  ${rows(rangeTypesQuery(version))} AS range_types,
  ${rows(collationsQuery(version))} AS collations,
  ${rows(statisticsQuery(version))} AS statistics,
  ${rows(textSearchDictionariesQuery())} AS text_search_dictionaries,
  ${rows(textSearchConfigurationsQuery())} AS text_search_configurations`;
}
