// Catalog queries for views, materialized views, functions, procedures, aggregates, triggers,
// policies, rules and event triggers: one per object class, each reading the whole class at once, with
// the same conventions as catalog-queries.ts (search_path = public; one parameter, the schema names).
import { notExtensionMember, SCOPE, type ServerVersion } from './catalog-queries.ts';

function describe(alias: string, catalog: string, oid: string): string {
  return `LEFT JOIN pg_description ${alias} ON ${alias}.objoid = ${oid} AND ${alias}.classoid = '${catalog}'::regclass AND ${alias}.objsubid = 0`;
}

/** Objects PostgreSQL made as part of another (an internal dependency) are not the user's. */
function notInternalPart(catalog: string, oid: string): string {
  return `NOT EXISTS (SELECT FROM pg_depend dep WHERE dep.classid = '${catalog}'::regclass AND dep.objid = ${oid}
    AND dep.deptype = 'i')`;
}

export interface ViewRow {
  oid: string;
  schema: string;
  name: string;
  /** 'v' view, 'm' materialized view. */
  kind: string;
  definition: string;
  /** The same without pretty-printing, which keeps every parenthesis (exact-text.ts). */
  definition_plain: string;
  options: string[] | null;
  populated: boolean;
  /** The relation's column names, in order (materialized view indexes name them). */
  columns: string[];
  column_comments: boolean;
  custom_privileges: boolean;
  tablespace: string | null;
  description: string | null;
}

export function viewsQuery(): string {
  return `WITH ${SCOPE}
SELECT c.oid::text AS oid, s.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS kind,
  pg_get_viewdef(c.oid, true) AS definition, pg_get_viewdef(c.oid) AS definition_plain, c.reloptions::text[] AS options, c.relispopulated AS populated,
  ARRAY(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0
    AND NOT a.attisdropped ORDER BY a.attnum) AS columns,
  EXISTS (SELECT FROM pg_description cd WHERE cd.objoid = c.oid AND cd.classoid = 'pg_class'::regclass
    AND cd.objsubid > 0) AS column_comments,
  (c.relacl IS NOT NULL AND c.relacl <> acldefault('r', c.relowner)) AS custom_privileges,
  ts.spcname::text AS tablespace,
  d.description
FROM pg_class c JOIN user_schemas s ON s.oid = c.relnamespace
LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace
${describe('d', 'pg_class', 'c.oid')}
WHERE c.relkind IN ('v', 'm') AND ${notExtensionMember('pg_class', 'c.oid')}`;
}

/** The argument lists of a pg_proc row `p`, as parallel arrays over all its arguments. */
const ARGUMENTS = `ARRAY(SELECT format_type(t.oid, NULL) FROM unnest(COALESCE(p.proallargtypes, p.proargtypes::oid[]))
    WITH ORDINALITY t(oid, i) ORDER BY t.i) AS argument_types,
  COALESCE(p.proargmodes::text[], '{}') AS argument_modes,
  COALESCE(p.proargnames, '{}') AS argument_names,
  ARRAY(SELECT pg_get_function_arg_default(p.oid, i::int4)
    FROM generate_series(1, COALESCE(cardinality(p.proallargtypes), p.pronargs)) i ORDER BY i) AS argument_defaults`;

export interface RoutineRow {
  oid: string;
  schema: string;
  name: string;
  /** prokind: 'f' function, 'p' procedure, 'w' window function. */
  kind: string;
  language: string;
  argument_types: string[];
  /** proargmodes: i, o, b (inout), v (variadic), t (table column); empty when all are IN. */
  argument_modes: string[];
  argument_names: string[];
  argument_defaults: (string | null)[];
  returns: string | null;
  volatility: string;
  strict: boolean;
  security_definer: boolean;
  leakproof: boolean;
  parallel: string;
  cost: number;
  rows: number;
  config: string[] | null;
  source: string;
  library: string | null;
  sql_body: string | null;
  custom_privileges: boolean;
  description: string | null;
}

export function routinesQuery(version: ServerVersion): string {
  const sqlBody =
    version >= 140000 ? 'CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_function_sqlbody(p.oid) END' : 'NULL';
  return `WITH ${SCOPE}
SELECT p.oid::text AS oid, s.nspname::text AS schema, p.proname::text AS name, p.prokind::text AS kind,
  l.lanname::text AS language, ${ARGUMENTS},
  CASE WHEN p.prokind <> 'p' THEN pg_get_function_result(p.oid) END AS returns,
  p.provolatile::text AS volatility, p.proisstrict AS strict, p.prosecdef AS security_definer,
  p.proleakproof AS leakproof, p.proparallel::text AS parallel, p.procost::float8 AS cost, p.prorows::float8 AS rows,
  p.proconfig::text[] AS config, p.prosrc AS source, p.probin AS library, ${sqlBody} AS sql_body,
  (p.proacl IS NOT NULL AND p.proacl <> acldefault('f', p.proowner)) AS custom_privileges,
  d.description
FROM pg_proc p JOIN user_schemas s ON s.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
${describe('d', 'pg_proc', 'p.oid')}
WHERE p.prokind IN ('f', 'p', 'w') AND ${notInternalPart('pg_proc', 'p.oid')} AND ${notExtensionMember('pg_proc', 'p.oid')}`;
}

export interface AggregateRow {
  oid: string;
  schema: string;
  name: string;
  argument_types: string[];
  argument_modes: string[];
  argument_names: string[];
  argument_defaults: (string | null)[];
  /** aggkind: 'n' normal, 'o' ordered-set, 'h' hypothetical. */
  aggregate_kind: string;
  direct_arguments: number;
  sfunc: string;
  stype: string;
  sspace: number;
  finalfunc: string | null;
  finalfunc_extra: boolean;
  finalfunc_modify: string;
  combinefunc: string | null;
  serialfunc: string | null;
  deserialfunc: string | null;
  initcond: string | null;
  msfunc: string | null;
  minvfunc: string | null;
  mstype: string | null;
  msspace: number;
  mfinalfunc: string | null;
  mfinalfunc_extra: boolean;
  mfinalfunc_modify: string;
  minitcond: string | null;
  sortop: string | null;
  parallel: string;
  custom_privileges: boolean;
  description: string | null;
}

export function aggregatesQuery(): string {
  const fn = (column: string) => `CASE WHEN a.${column} <> 0 THEN a.${column}::regproc::text END`;
  return `WITH ${SCOPE}
SELECT p.oid::text AS oid, s.nspname::text AS schema, p.proname::text AS name, ${ARGUMENTS},
  a.aggkind::text AS aggregate_kind, a.aggnumdirectargs::int4 AS direct_arguments,
  a.aggtransfn::regproc::text AS sfunc, format_type(a.aggtranstype, NULL) AS stype, a.aggtransspace::int4 AS sspace,
  ${fn('aggfinalfn')} AS finalfunc, a.aggfinalextra AS finalfunc_extra, a.aggfinalmodify::text AS finalfunc_modify,
  ${fn('aggcombinefn')} AS combinefunc, ${fn('aggserialfn')} AS serialfunc, ${fn('aggdeserialfn')} AS deserialfunc,
  a.agginitval AS initcond, ${fn('aggmtransfn')} AS msfunc, ${fn('aggminvtransfn')} AS minvfunc,
  CASE WHEN a.aggmtranstype <> 0 THEN format_type(a.aggmtranstype, NULL) END AS mstype,
  a.aggmtransspace::int4 AS msspace, ${fn('aggmfinalfn')} AS mfinalfunc, a.aggmfinalextra AS mfinalfunc_extra,
  a.aggmfinalmodify::text AS mfinalfunc_modify, a.aggminitval AS minitcond,
  CASE WHEN a.aggsortop <> 0 THEN (SELECT CASE WHEN o.oprnamespace = 'pg_catalog'::regnamespace
    THEN o.oprname::text ELSE 'OPERATOR(' || quote_ident(o.oprnamespace::regnamespace::text) || '.' || o.oprname || ')' END
    FROM pg_operator o WHERE o.oid = a.aggsortop) END AS sortop,
  p.proparallel::text AS parallel,
  (p.proacl IS NOT NULL AND p.proacl <> acldefault('f', p.proowner)) AS custom_privileges,
  d.description
FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid JOIN user_schemas s ON s.oid = p.pronamespace
${describe('d', 'pg_proc', 'p.oid')}
WHERE ${notExtensionMember('pg_proc', 'p.oid')}`;
}

export interface TriggerRow {
  relation_oid: string;
  name: string;
  /** tgtype bits: 1 row, 2 before, 4 insert, 8 delete, 16 update, 32 truncate, 64 instead. */
  type: number;
  /** tgenabled: O origin, D disabled, R replica, A always. */
  enabled: string;
  update_columns: string[];
  function: string;
  is_constraint: boolean;
  deferrable: boolean;
  initially_deferred: boolean;
  old_table: string | null;
  new_table: string | null;
  /** A constraint trigger's FROM table, qualified and quoted. */
  referenced_table: string | null;
  definition: string;
  /** The same without pretty-printing, which keeps every parenthesis (exact-text.ts). */
  definition_plain: string;
  description: string | null;
}

/** Triggers cloned onto partitions belong to the parent's trigger. */
export function triggersQuery(): string {
  return `WITH ${SCOPE}
SELECT tg.tgrelid::text AS relation_oid, tg.tgname::text AS name, tg.tgtype::int4 AS type,
  tg.tgenabled::text AS enabled,
  ARRAY(SELECT a.attname::text FROM unnest(tg.tgattr::int2[]) WITH ORDINALITY k(attnum, i)
    JOIN pg_attribute a ON a.attrelid = tg.tgrelid AND a.attnum = k.attnum ORDER BY k.i) AS update_columns,
  -- A built-in trigger function is written qualified: unqualified names in a model mean schema public.
  CASE WHEN (SELECT p.pronamespace FROM pg_proc p WHERE p.oid = tg.tgfoid) = 'pg_catalog'::regnamespace
    THEN 'pg_catalog.' ELSE '' END || tg.tgfoid::regproc::text AS function,
  tg.tgconstraint <> 0 AS is_constraint, tg.tgdeferrable AS deferrable, tg.tginitdeferred AS initially_deferred,
  tg.tgoldtable::text AS old_table, tg.tgnewtable::text AS new_table,
  CASE WHEN tg.tgconstrrelid <> 0 THEN (SELECT quote_ident(rn.nspname) || '.' || quote_ident(rc.relname)
    FROM pg_class rc JOIN pg_namespace rn ON rn.oid = rc.relnamespace WHERE rc.oid = tg.tgconstrrelid)
  END AS referenced_table,
  pg_get_triggerdef(tg.oid, true) AS definition, pg_get_triggerdef(tg.oid) AS definition_plain,
  d.description
FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN user_schemas s ON s.oid = c.relnamespace
${describe('d', 'pg_trigger', 'tg.oid')}
WHERE NOT tg.tgisinternal AND tg.tgparentid = 0 AND ${notExtensionMember('pg_class', 'c.oid')}`;
}

export interface PolicyRow {
  relation_oid: string;
  name: string;
  /** polcmd: * all, r select, a insert, w update, d delete. */
  command: string;
  permissive: boolean;
  roles: string[];
  using_expression: string | null;
  /** The same without pretty-printing, which keeps every parenthesis (exact-text.ts). */
  using_expression_plain: string | null;
  with_check: string | null;
  /** The same without pretty-printing, which keeps every parenthesis (exact-text.ts). */
  with_check_plain: string | null;
  description: string | null;
}

export function policiesQuery(): string {
  return `WITH ${SCOPE}
SELECT pol.polrelid::text AS relation_oid, pol.polname::text AS name, pol.polcmd::text AS command,
  pol.polpermissive AS permissive,
  ARRAY(SELECT CASE WHEN r.oid = 0 THEN 'public' ELSE pg_get_userbyid(r.oid)::text END
    FROM unnest(pol.polroles) WITH ORDINALITY r(oid, i) ORDER BY r.i) AS roles,
  pg_get_expr(pol.polqual, pol.polrelid, true) AS using_expression,
  pg_get_expr(pol.polqual, pol.polrelid) AS using_expression_plain,
  pg_get_expr(pol.polwithcheck, pol.polrelid, true) AS with_check,
  pg_get_expr(pol.polwithcheck, pol.polrelid) AS with_check_plain,
  d.description
FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid JOIN user_schemas s ON s.oid = c.relnamespace
${describe('d', 'pg_policy', 'pol.oid')}
WHERE ${notExtensionMember('pg_class', 'c.oid')}`;
}

export interface RuleRow {
  relation_oid: string;
  name: string;
  enabled: string;
  definition: string;
  description: string | null;
}

/** A view's own query is its _RETURN rule, which the view stands for. */
export function rulesQuery(): string {
  return `WITH ${SCOPE}
SELECT ru.ev_class::text AS relation_oid, ru.rulename::text AS name, ru.ev_enabled::text AS enabled,
  pg_get_ruledef(ru.oid, true) AS definition, d.description
FROM pg_rewrite ru JOIN pg_class c ON c.oid = ru.ev_class JOIN user_schemas s ON s.oid = c.relnamespace
${describe('d', 'pg_rewrite', 'ru.oid')}
WHERE ru.rulename <> '_RETURN' AND ${notExtensionMember('pg_class', 'c.oid')}`;
}

export interface EventTriggerRow {
  name: string;
  event: string;
  function: string;
  enabled: string;
  tags: string[] | null;
  /** Null when it is the role inspecting. */
  owner: string | null;
  description: string | null;
}

/** Event triggers are database-wide: read only when no schemas were requested. */
export function eventTriggersQuery(): string {
  return `SELECT et.evtname::text AS name, et.evtevent::text AS event, et.evtfoid::regproc::text AS function,
  et.evtenabled::text AS enabled, et.evttags::text[] AS tags,
  CASE WHEN et.evtowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
    THEN pg_get_userbyid(et.evtowner)::text END AS owner,
  d.description
FROM pg_event_trigger et
${describe('d', 'pg_event_trigger', 'et.oid')}
WHERE $1::text[] IS NULL AND ${notExtensionMember('pg_event_trigger', 'et.oid')}`;
}
