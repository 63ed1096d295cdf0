// The catalog queries of `inspect`: one per object class, each reading the whole class at once.
// They run with `search_path = public`, so format_type, pg_get_expr and regclass print names in the
// canonical form. Values are cast so both drivers return the same JavaScript types: oids and 64-bit
// integers as text, small integers as int4, flags as bool, lists as text[] or int4[].
// Every query takes one parameter: the requested schema names (text[]), or NULL for all.

/** `server_version_num`, e.g. 150004; the queries only name catalog columns that version has. */
export type ServerVersion = number;

export const VERSION_QUERY = `SELECT current_setting('server_version_num')::int4 AS version`;

/** Excludes objects created by an extension: they belong to the extension, not to the model. */
export function notExtensionMember(catalog: string, oid: string): string {
  return `NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = '${catalog}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;
}

/** `schema.name`, each part quoted as needed. */
export function qualifiedName(schema: string, name: string): string {
  return `quote_ident(${schema}) || '.' || quote_ident(${name})`;
}

/** A name as the model writes it: bare when pg_catalog or public holds it, else qualified and quoted. */
function modelName(schema: string, name: string): string {
  return `CASE WHEN ${schema} IN ('pg_catalog', 'public') THEN ${name}::text ELSE ${qualifiedName(schema, name)} END`;
}

/**
 * True when an ACL holds more than the owner's default privileges, and more than what initdb or
 * CREATE EXTENSION gave the object (pg_init_privs, e.g. schema public's USAGE for PUBLIC).
 */
function customPrivileges(
  acl: string,
  objectType: string,
  owner: string,
  catalog: string,
  oid: string,
): string {
  return `(${acl} IS NOT NULL AND ${acl} <> acldefault('${objectType}', ${owner})
    AND ${acl} IS DISTINCT FROM (SELECT ip.initprivs FROM pg_init_privs ip
      WHERE ip.classoid = '${catalog}'::regclass AND ip.objoid = ${oid} AND ip.objsubid = 0))`;
}

/**
 * True when attribute options are set. Options named `pg_...` are the server's own bookkeeping (some
 * builds keep an attribute version there, which pg_dump leaves out too), not user settings.
 */
function attributeOptionsSet(attribute: string): string {
  return `EXISTS (SELECT FROM unnest(${attribute}.attoptions) o WHERE o !~ '^pg_')`;
}

function statisticsTargetSet(version: ServerVersion, attribute: string): string {
  return version >= 170000 ? `${attribute}.attstattarget IS NOT NULL` : `${attribute}.attstattarget <> -1`;
}

/**
 * Common table expressions: the inspected schemas (not system schemas, not an extension's, and the
 * requested ones), the tables the model holds (plain, partitioned, partitions and inheritance
 * children; not typed, not an extension's) and the domains.
 */
export const SCOPE = `user_schemas AS (
  SELECT n.oid, n.nspname FROM pg_namespace n
  WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
    AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
    AND ${notExtensionMember('pg_namespace', 'n.oid')}
), modelled_tables AS (
  SELECT c.oid FROM pg_class c JOIN user_schemas s ON s.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND c.reloftype = 0
    AND ${notExtensionMember('pg_class', 'c.oid')}
), modelled_domains AS (
  SELECT t.oid FROM pg_type t JOIN user_schemas s ON s.oid = t.typnamespace
  WHERE t.typtype = 'd' AND ${notExtensionMember('pg_type', 't.oid')}
)`;

function describe(alias: string, catalog: string, oid: string, subId = '0'): string {
  return `LEFT JOIN pg_description ${alias} ON ${alias}.objoid = ${oid} AND ${alias}.classoid = '${catalog}'::regclass AND ${alias}.objsubid = ${subId}`;
}

export interface SchemaRow {
  name: string;
  custom_privileges: boolean;
  description: string | null;
}

export function schemasQuery(): string {
  return `WITH ${SCOPE}
SELECT n.nspname::text AS name,
  ${customPrivileges('n.nspacl', 'n', 'n.nspowner', 'pg_namespace', 'n.oid')} AS custom_privileges,
  d.description
FROM user_schemas s JOIN pg_namespace n ON n.oid = s.oid
${describe('d', 'pg_namespace', 'n.oid')}`;
}

/** Every user schema's name, to suggest one when a schema asked for is not there. */
export function schemaNamesQuery(): string {
  return `SELECT nspname::text AS name FROM pg_namespace
WHERE nspname !~ '^pg_' AND nspname <> 'information_schema' ORDER BY 1`;
}

export interface ExtensionRow {
  name: string;
  schema: string;
  version: string;
  /** The version CREATE EXTENSION installs, from the extension's control file. */
  default_version: string | null;
  description: string | null;
  /** The comment CREATE EXTENSION sets, from the control file. */
  default_description: string | null;
}

/** plpgsql is in every database; it is not part of a model. */
export function extensionsQuery(): string {
  return `SELECT x.extname::text AS name, n.nspname::text AS schema, x.extversion AS version,
  a.default_version, d.description, a.comment AS default_description
FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
LEFT JOIN pg_available_extensions() a ON a.name = x.extname
${describe('d', 'pg_extension', 'x.oid')}
WHERE x.extname <> 'plpgsql' AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))`;
}

export interface TypeRow {
  oid: string;
  schema: string;
  name: string;
  /** 'e' enum, 'd' domain. */
  kind: string;
  labels: string[] | null;
  base_type: string | null;
  not_null: boolean;
  default_expression: string | null;
  /** The same without pretty-printing, which keeps every parenthesis (exact-text.ts). */
  default_expression_plain: string | null;
  collation: string | null;
  custom_privileges: boolean;
  description: string | null;
}

export function typesQuery(): string {
  return `WITH ${SCOPE}
SELECT t.oid::text AS oid, s.nspname::text AS schema, t.typname::text AS name, t.typtype::text AS kind,
  CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel::text FROM pg_enum e
    WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END AS labels,
  CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,
  t.typnotnull AS not_null,
  pg_get_expr(t.typdefaultbin, 0, true) AS default_expression,
  pg_get_expr(t.typdefaultbin, 0) AS default_expression_plain,
  CASE WHEN t.typcollation <> b.typcollation THEN ${modelName('cn.nspname', 'co.collname')} END AS collation,
  ${customPrivileges('t.typacl', 'T', 't.typowner', 'pg_type', 't.oid')} AS custom_privileges,
  d.description
FROM pg_type t JOIN user_schemas s ON s.oid = t.typnamespace
LEFT JOIN pg_type b ON b.oid = t.typbasetype
LEFT JOIN pg_collation co ON co.oid = t.typcollation
LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
${describe('d', 'pg_type', 't.oid')}
WHERE t.typtype IN ('e', 'd') AND ${notExtensionMember('pg_type', 't.oid')}`;
}

export interface TableRow {
  oid: string;
  schema: string;
  name: string;
  unlogged: boolean;
  options: string[] | null;
  toast_options: string[] | null;
  tablespace: string | null;
  /** relreplident: 'd' default, 'n' nothing, 'f' full, 'i' index. */
  replica_identity: string;
  access_method: string | null;
  row_security: boolean;
  force_row_security: boolean;
  custom_privileges: boolean;
  description: string | null;
  /** pg_get_partkeydef: `RANGE (a, lower(b))`, for a partitioned table. */
  partition_key: string | null;
  /** pg_get_expr(relpartbound): `FOR VALUES FROM (...) TO (...)` or `DEFAULT`, for a partition. */
  partition_bound: string | null;
  /** The tables it is a partition of or inherits from, in order (inhseqno). */
  parent_oids: string[];
  parent_schemas: string[];
  parent_names: string[];
}

export function tablesQuery(): string {
  return `WITH ${SCOPE}
SELECT c.oid::text AS oid, n.nspname::text AS schema, c.relname::text AS name,
  c.relpersistence = 'u' AS unlogged,
  c.reloptions::text[] AS options, tc.reloptions::text[] AS toast_options,
  ts.spcname::text AS tablespace,
  c.relreplident::text AS replica_identity,
  am.amname::text AS access_method,
  c.relrowsecurity AS row_security, c.relforcerowsecurity AS force_row_security,
  ${customPrivileges('c.relacl', 'r', 'c.relowner', 'pg_class', 'c.oid')} AS custom_privileges,
  d.description,
  CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
  CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
  ARRAY(SELECT i.inhparent::text FROM pg_inherits i WHERE i.inhrelid = c.oid ORDER BY i.inhseqno) AS parent_oids,
  ARRAY(SELECT pn.nspname::text FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent
    JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid ORDER BY i.inhseqno) AS parent_schemas,
  ARRAY(SELECT pc.relname::text FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent
    WHERE i.inhrelid = c.oid ORDER BY i.inhseqno) AS parent_names
FROM modelled_tables t JOIN pg_class c ON c.oid = t.oid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class tc ON tc.oid = c.reltoastrelid
LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace
LEFT JOIN pg_am am ON am.oid = c.relam
${describe('d', 'pg_class', 'c.oid')}`;
}

export interface ColumnRow {
  table_oid: string;
  number: number;
  name: string;
  type: string;
  not_null: boolean;
  default_expression: string | null;
  /** The same without pretty-printing, which keeps every parenthesis (exact-text.ts). */
  default_expression_plain: string | null;
  /** attidentity: '' none, 'a' always, 'd' by default. */
  identity: string;
  /** attgenerated: '' none, 's' stored, 'v' virtual (PostgreSQL 18). */
  generated: string;
  generation_expression: string | null;
  /** The same without pretty-printing, which keeps every parenthesis (exact-text.ts). */
  generation_expression_plain: string | null;
  collation: string | null;
  /** attstorage when it is not the type's. */
  storage: string | null;
  /** attcompression: 'p' pglz, 'l' lz4; null for the default. */
  compression: string | null;
  statistics_target: number | null;
  custom_options: boolean;
  custom_privileges: boolean;
  description: string | null;
  /** attislocal: defined by the table itself, not (only) inherited. */
  is_local: boolean;
}

export function columnsQuery(version: ServerVersion): string {
  return `WITH ${SCOPE}
SELECT a.attrelid::text AS table_oid, a.attnum::int4 AS number, a.attname::text AS name,
  format_type(a.atttypid, a.atttypmod) AS type,
  a.attnotnull AS not_null,
  CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid, true) END AS default_expression,
  CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS default_expression_plain,
  a.attidentity::text AS identity,
  a.attgenerated::text AS generated,
  CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid, true) END AS generation_expression,
  CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS generation_expression_plain,
  CASE WHEN a.attcollation <> ty.typcollation THEN ${modelName('cn.nspname', 'co.collname')} END AS collation,
  CASE WHEN a.attstorage <> ty.typstorage THEN a.attstorage::text END AS storage,
  ${version >= 140000 ? "NULLIF(a.attcompression::text, '')" : 'NULL::text'} AS compression,
  CASE WHEN ${statisticsTargetSet(version, 'a')} THEN a.attstattarget::int4 END AS statistics_target,
  ${attributeOptionsSet('a')} AS custom_options,
  COALESCE(cardinality(a.attacl) > 0, false) AS custom_privileges,
  d.description,
  a.attislocal AS is_local
FROM modelled_tables t JOIN pg_attribute a ON a.attrelid = t.oid
JOIN pg_type ty ON ty.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
${describe('d', 'pg_class', 'a.attrelid', 'a.attnum')}
WHERE a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`;
}

export interface ConstraintRow {
  oid: string;
  name: string;
  /** contype: 'p', 'u', 'f', 'c', 'x', and 'n' (not null, PostgreSQL 18). */
  type: string;
  table_oid: string | null;
  domain_oid: string | null;
  index_oid: string | null;
  deferrable: boolean;
  initially_deferred: boolean;
  validated: boolean;
  no_inherit: boolean;
  definition: string | null;
  /** The same without pretty-printing, which keeps every parenthesis (exact-text.ts). */
  definition_plain: string | null;
  /** conkey: the constrained columns' numbers. */
  column_numbers: number[];
  referenced_schema: string | null;
  referenced_table: string | null;
  referenced_table_oid: string | null;
  /** relkind of the referenced table; 'p' for a partitioned table. */
  referenced_kind: string | null;
  referenced_is_partition: boolean | null;
  referenced_column_numbers: number[];
  /** The referenced columns' names when the referenced table is not in the model, else null. */
  referenced_columns: string[] | null;
  on_update: string;
  on_delete: string;
  match: string;
  operators: string[] | null;
  /** ON DELETE SET NULL / SET DEFAULT of these columns only (PostgreSQL 15+). */
  delete_set_column_numbers: number[] | null;
  enforced: boolean;
  period: boolean;
  description: string | null;
  /** conislocal: defined on this table, not (only) inherited from a parent. */
  is_local: boolean;
  /** The partition's copy of a parent's key (conparentid set). */
  inherited: boolean;
}

export function constraintsQuery(version: ServerVersion): string {
  // Before 18 NOT NULL lives only in pg_attribute; domains' NOT NULL rows (17+) repeat typnotnull.
  const tableTypes = version >= 180000 ? `('p', 'u', 'f', 'c', 'x', 'n')` : `('p', 'u', 'f', 'c', 'x')`;
  const operatorName = `CASE WHEN o.oprnamespace = 'pg_catalog'::regnamespace OR on_.nspname = 'public' THEN o.oprname::text
    ELSE 'OPERATOR(' || quote_ident(on_.nspname) || '.' || o.oprname || ')' END`;
  // Column numbers are named from the columns query; only a referenced table outside the model has
  // its column names looked up here.
  return `WITH ${SCOPE}
SELECT con.oid::text AS oid, con.conname::text AS name, con.contype::text AS type,
  CASE WHEN con.conrelid <> 0 THEN con.conrelid::text END AS table_oid,
  CASE WHEN con.contypid <> 0 THEN con.contypid::text END AS domain_oid,
  CASE WHEN con.conindid <> 0 THEN con.conindid::text END AS index_oid,
  con.condeferrable AS deferrable, con.condeferred AS initially_deferred,
  con.convalidated AS validated, con.connoinherit AS no_inherit,
  CASE WHEN con.contype = 'c' THEN pg_get_constraintdef(con.oid, true) END AS definition,
  CASE WHEN con.contype = 'c' THEN pg_get_constraintdef(con.oid) END AS definition_plain,
  COALESCE(con.conkey::int4[], '{}') AS column_numbers,
  rn.nspname::text AS referenced_schema, rc.relname::text AS referenced_table,
  CASE WHEN con.confrelid <> 0 THEN con.confrelid::text END AS referenced_table_oid,
  rc.relkind::text AS referenced_kind, rc.relispartition AS referenced_is_partition,
  COALESCE(con.confkey::int4[], '{}') AS referenced_column_numbers,
  CASE WHEN con.confrelid <> 0 AND con.confrelid NOT IN (SELECT oid FROM modelled_tables) THEN
    ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, position)
      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.position)
  END AS referenced_columns,
  con.confupdtype::text AS on_update, con.confdeltype::text AS on_delete, con.confmatchtype::text AS match,
  CASE WHEN con.contype = 'x' THEN ARRAY(SELECT ${operatorName}
    FROM unnest(con.conexclop) WITH ORDINALITY x(oid, position)
    JOIN pg_operator o ON o.oid = x.oid JOIN pg_namespace on_ ON on_.oid = o.oprnamespace
    ORDER BY x.position) END AS operators,
  ${version >= 150000 ? 'con.confdelsetcols::int4[]' : 'NULL::int4[]'} AS delete_set_column_numbers,
  ${version >= 180000 ? 'con.conenforced' : 'true'} AS enforced,
  ${version >= 180000 ? 'con.conperiod' : 'false'} AS period,
  d.description,
  con.conislocal AS is_local, con.conparentid <> 0 AS inherited
FROM pg_constraint con
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
${describe('d', 'pg_constraint', 'con.oid')}
WHERE ((con.conrelid IN (SELECT oid FROM modelled_tables) AND con.contype IN ${tableTypes})
    OR (con.contypid IN (SELECT oid FROM modelled_domains) AND con.contype = 'c'))
  -- A foreign key to or from a partitioned table has a clone per partition; the parent stands for
  -- them. A partition's copy of its parent's key is read, to tell its name and index apart.
  AND (con.conparentid = 0 OR con.contype IN ('p', 'u'))`;
}

export interface IndexRow {
  oid: string;
  table_oid: string;
  name: string;
  method: string;
  is_unique: boolean;
  nulls_not_distinct: boolean;
  key_count: number;
  /** indkey: a table column number per key and included column; 0 for an expression. */
  column_numbers: number[];
  /** pg_get_indexdef(oid, k, true) per key for expressions; null for columns. */
  key_definitions: (string | null)[];
  /** The same without pretty-printing, which keeps every parenthesis (exact-text.ts). */
  key_definitions_plain: (string | null)[];
  /** indoption per key: bit 1 DESC, bit 2 NULLS FIRST. */
  key_options: number[];
  /** Per key: the operator class when it is not the default, else null. */
  opclasses: (string | null)[];
  /** Per key: the collation when it is not the column's (or the expression's), else null. */
  collations: (string | null)[];
  predicate: string | null;
  /** The same without pretty-printing, which keeps every parenthesis (exact-text.ts). */
  predicate_plain: string | null;
  options: string[] | null;
  tablespace: string | null;
  valid: boolean;
  clustered: boolean;
  /** The table's REPLICA IDENTITY USING INDEX names this index. */
  replica_identity: boolean;
  custom_column_settings: boolean;
  description: string | null;
  /** A partition's index attached to an index of the parent. */
  attached: boolean;
  /** The index's own column names, which PostgreSQL chose (`lower` for `lower(code)`). */
  index_column_names: string[];
}

export function indexesQuery(version: ServerVersion): string {
  // Per key, set-based (one join over all keys of all indexes, then grouped): the expression, the
  // operator class unless it is the default, the collation unless it is the column's. An expression's
  // own collation is not in the catalog: its type's default stands in for it, and a collation that
  // differs counts only when the index definition has a COLLATE clause at all.
  const keyCollation = `CASE WHEN k.collation_oid = 0 OR k.collation_oid = COALESCE(ta.attcollation, kt.typcollation)
      OR (k.attnum = 0 AND pg_get_indexdef(k.indexrelid) NOT LIKE '% COLLATE %') THEN NULL
    ELSE ${modelName('kcn.nspname', 'kc.collname')} END`;
  return `WITH ${SCOPE}, indexes AS (
  SELECT i.* FROM modelled_tables t JOIN pg_index i ON i.indrelid = t.oid
  -- Materialized views' indexes belong to them in the model (assemble-code-objects.ts).
  UNION ALL SELECT i.* FROM pg_index i JOIN pg_class mv ON mv.oid = i.indrelid AND mv.relkind = 'm'
  JOIN user_schemas ms ON ms.oid = mv.relnamespace
), index_keys AS (
  SELECT x.indexrelid, x.indrelid, u.position::int4 AS position, x.indkey[u.position - 1] AS attnum,
    u.opclass_oid, u.collation_oid
  FROM indexes x, unnest(x.indclass::oid[], x.indcollation::oid[]) WITH ORDINALITY u(opclass_oid, collation_oid, position)
), keys AS (
  SELECT k.indexrelid,
    array_agg(CASE WHEN k.attnum = 0 THEN pg_get_indexdef(k.indexrelid, k.position, true) END
      ORDER BY k.position) AS key_definitions,
    array_agg(CASE WHEN k.attnum = 0 THEN pg_get_indexdef(k.indexrelid, k.position, false) END
      ORDER BY k.position) AS key_definitions_plain,
    array_agg(CASE WHEN oc.opcdefault THEN NULL ELSE ${modelName('ocn.nspname', 'oc.opcname')} END
      ORDER BY k.position) AS opclasses,
    array_agg(${keyCollation} ORDER BY k.position) AS collations,
    bool_or(${attributeOptionsSet('ka')} OR ${statisticsTargetSet(version, 'ka')}) AS custom_column_settings
  FROM index_keys k
  JOIN pg_opclass oc ON oc.oid = k.opclass_oid
  JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace
  JOIN pg_attribute ka ON ka.attrelid = k.indexrelid AND ka.attnum = k.position
  JOIN pg_type kt ON kt.oid = ka.atttypid
  LEFT JOIN pg_attribute ta ON ta.attrelid = k.indrelid AND ta.attnum = k.attnum
  LEFT JOIN pg_collation kc ON kc.oid = k.collation_oid
  LEFT JOIN pg_namespace kcn ON kcn.oid = kc.collnamespace
  GROUP BY k.indexrelid
)
SELECT i.indexrelid::text AS oid, i.indrelid::text AS table_oid, ic.relname::text AS name,
  am.amname::text AS method, i.indisunique AS is_unique,
  ${version >= 150000 ? 'i.indnullsnotdistinct' : 'false'} AS nulls_not_distinct,
  i.indnkeyatts::int4 AS key_count,
  i.indkey::int2[]::int4[] AS column_numbers,
  k.key_definitions, k.key_definitions_plain, i.indoption::int2[]::int4[] AS key_options, k.opclasses, k.collations,
  pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
  pg_get_expr(i.indpred, i.indrelid) AS predicate_plain,
  ic.reloptions::text[] AS options,
  ts.spcname::text AS tablespace,
  i.indisvalid AS valid, i.indisclustered AS clustered, i.indisreplident AS replica_identity,
  k.custom_column_settings,
  d.description,
  EXISTS (SELECT FROM pg_inherits ih WHERE ih.inhrelid = i.indexrelid) AS attached,
  ARRAY(SELECT ia.attname::text FROM pg_attribute ia WHERE ia.attrelid = i.indexrelid AND ia.attnum > 0
    ORDER BY ia.attnum) AS index_column_names
FROM indexes i
JOIN keys k ON k.indexrelid = i.indexrelid
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
LEFT JOIN pg_tablespace ts ON ts.oid = ic.reltablespace
${describe('d', 'pg_class', 'i.indexrelid')}`;
}

export interface SequenceRow {
  oid: string;
  schema: string;
  name: string;
  /** The sequence as regclass prints it, as a serial column's default names it. */
  reference: string;
  type: string;
  start: string;
  increment: string;
  min_value: string;
  max_value: string;
  cache: string;
  cycle: boolean;
  unlogged: boolean;
  /** 'a' OWNED BY a column, 'i' an identity column's sequence, null when not owned. */
  owner_dependency: string | null;
  owner_table_oid: string | null;
  owner_column_number: number | null;
  owner_schema: string | null;
  owner_table: string | null;
  owner_column: string | null;
  custom_privileges: boolean;
  description: string | null;
}

export function sequencesQuery(): string {
  return `WITH ${SCOPE}
SELECT c.oid::text AS oid, s.nspname::text AS schema, c.relname::text AS name,
  c.oid::regclass::text AS reference,
  format_type(q.seqtypid, NULL) AS type,
  q.seqstart::text AS start, q.seqincrement::text AS increment,
  q.seqmin::text AS min_value, q.seqmax::text AS max_value, q.seqcache::text AS cache, q.seqcycle AS cycle,
  c.relpersistence = 'u' AS unlogged,
  dep.deptype::text AS owner_dependency, dep.refobjid::text AS owner_table_oid,
  dep.refobjsubid::int4 AS owner_column_number,
  otn.nspname::text AS owner_schema, ot.relname::text AS owner_table, oa.attname::text AS owner_column,
  ${customPrivileges('c.relacl', 's', 'c.relowner', 'pg_class', 'c.oid')} AS custom_privileges,
  d.description
FROM pg_sequence q JOIN pg_class c ON c.oid = q.seqrelid
JOIN user_schemas s ON s.oid = c.relnamespace
LEFT JOIN pg_depend dep ON dep.classid = 'pg_class'::regclass AND dep.objid = c.oid
  AND dep.refclassid = 'pg_class'::regclass AND dep.refobjsubid > 0 AND dep.deptype IN ('a', 'i')
LEFT JOIN pg_class ot ON ot.oid = dep.refobjid
LEFT JOIN pg_namespace otn ON otn.oid = ot.relnamespace
LEFT JOIN pg_attribute oa ON oa.attrelid = dep.refobjid AND oa.attnum = dep.refobjsubid
${describe('d', 'pg_class', 'c.oid')}
WHERE ${notExtensionMember('pg_class', 'c.oid')}`;
}
