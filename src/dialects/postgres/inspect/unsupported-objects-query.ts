// One query listing the objects the model has no place for, so `inspect` names them instead of
// dropping them silently. Properties of modelled objects that the model cannot hold (a table's
// tablespace, a column's storage, a constraint that is NOT ENFORCED, ...) are found where those
// objects are assembled. Database-wide objects (event triggers, casts, publications, ...) are listed
// only when no schemas were requested.
import { notExtensionMember, qualifiedName, SCOPE } from './catalog-queries.ts';

export interface UnsupportedRow {
  kind: string;
  name: string;
  reason: string | null;
}

/**
 * Excludes objects PostgreSQL made as part of another (an internal dependency): array types,
 * multiranges, range constructors, range-to-multirange casts. They come and go with their owner.
 */
function notInternalPart(catalog: string, oid: string): string {
  return `NOT EXISTS (SELECT FROM pg_depend dep WHERE dep.classid = '${catalog}'::regclass AND dep.objid = ${oid}
    AND dep.deptype = 'i')`;
}

const relationKind = `CASE WHEN c.relispartition THEN 'partition' WHEN c.relkind = 'r' THEN 'table'
  WHEN c.relkind = 'p' THEN 'partitioned table' WHEN c.relkind = 'v' THEN 'view'
  WHEN c.relkind = 'm' THEN 'materialized view' WHEN c.relkind = 'f' THEN 'foreign table' ELSE 'relation' END`;

/** The tables `c` inherits from or is a partition of. */
const parents = `(SELECT string_agg(quote_ident(pn.nspname) || '.' || quote_ident(pc.relname), ', ' ORDER BY i.inhseqno)
  FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
  WHERE i.inhrelid = c.oid)`;

/** Objects in the inspected schemas, each class as `kind, name, reason`. */
function schemaObjects(): string[] {
  const relation = qualifiedName('s.nspname', 'c.relname');
  const inSchema = (catalog: string, alias: string, schemaColumn: string, nameColumn: string, kind: string) =>
    `SELECT '${kind}', ${qualifiedName('s.nspname', `${alias}.${nameColumn}`)}, NULL
    FROM ${catalog} ${alias} JOIN user_schemas s ON s.oid = ${alias}.${schemaColumn}
    WHERE ${notExtensionMember(catalog, `${alias}.oid`)}`;
  return [
    // Relations that are not plain tables, and tables the model cannot hold as such.
    `SELECT ${relationKind}, ${relation},
      CASE WHEN c.relispartition THEN 'partition of ' || ${parents}
        WHEN c.reloftype <> 0 THEN 'typed table of ' || format_type(c.reloftype, NULL)
        WHEN c.relkind = 'r' THEN 'inherits from ' || ${parents} END
    FROM pg_class c JOIN user_schemas s ON s.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'f') AND c.oid NOT IN (SELECT oid FROM modelled_tables)
      AND ${notExtensionMember('pg_class', 'c.oid')}`,
    // Their indexes, which pg_dump lists under their own names.
    `SELECT 'index', ${qualifiedName('s.nspname', 'ic.relname')}, 'on ' || ${relationKind} || ' ' || ${relation}
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN user_schemas s ON s.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND c.oid NOT IN (SELECT oid FROM modelled_tables)
      AND ${notExtensionMember('pg_class', 'c.oid')}`,
    // Base and shell types; enums, domains, composite and range types are modelled. Array types and
    // multiranges come with their element or range type (an internal dependency).
    `SELECT CASE t.typtype WHEN 'b' THEN 'base type' ELSE 'shell type' END, ${qualifiedName('s.nspname', 't.typname')}, NULL
    FROM pg_type t JOIN user_schemas s ON s.oid = t.typnamespace
    WHERE t.typtype IN ('b', 'p')
      AND ${notInternalPart('pg_type', 't.oid')} AND ${notExtensionMember('pg_type', 't.oid')}`,
    // Views, routines, triggers, policies and rules are modelled (code-object-queries.ts); those of
    // relations the model does not hold are listed where they are assembled.
    inSchema('pg_ts_parser', 'tp', 'prsnamespace', 'prsname', 'text search parser'),
    inSchema('pg_ts_template', 'tt', 'tmplnamespace', 'tmplname', 'text search template'),
    inSchema('pg_conversion', 'cv', 'connamespace', 'conname', 'conversion'),
    `SELECT 'operator', quote_ident(s.nspname) || '.' || o.oprname || '(' || format_type(o.oprleft, NULL) || ', '
        || format_type(o.oprright, NULL) || ')', NULL
    FROM pg_operator o JOIN user_schemas s ON s.oid = o.oprnamespace
    WHERE ${notExtensionMember('pg_operator', 'o.oid')}`,
    `SELECT 'operator class', ${qualifiedName('s.nspname', 'oc.opcname')}, 'for access method ' || am.amname
    FROM pg_opclass oc JOIN user_schemas s ON s.oid = oc.opcnamespace JOIN pg_am am ON am.oid = oc.opcmethod
    WHERE ${notExtensionMember('pg_opclass', 'oc.oid')}`,
    `SELECT 'operator family', ${qualifiedName('s.nspname', 'opf.opfname')}, 'for access method ' || am.amname
    FROM pg_opfamily opf JOIN user_schemas s ON s.oid = opf.opfnamespace JOIN pg_am am ON am.oid = opf.opfmethod
    WHERE ${notExtensionMember('pg_opfamily', 'opf.oid')}`,
    // Privileges changed on an extension's objects since it was installed (pg_dump keeps those).
    ...extensionMemberPrivileges(),
  ];
}

/** Catalogs whose extension members can carry privileges, with the columns that matter. */
const EXTENSION_MEMBERS = [
  {
    catalog: 'pg_class',
    alias: 'c',
    acl: 'relacl',
    schema: 'relnamespace',
    name: qualifiedName('s.nspname', 'c.relname'),
  },
  {
    catalog: 'pg_proc',
    alias: 'p',
    acl: 'proacl',
    schema: 'pronamespace',
    name: `${qualifiedName('s.nspname', 'p.proname')} || '(' || pg_get_function_identity_arguments(p.oid) || ')'`,
  },
  {
    catalog: 'pg_type',
    alias: 't',
    acl: 'typacl',
    schema: 'typnamespace',
    name: qualifiedName('s.nspname', 't.typname'),
  },
];

function extensionMemberPrivileges(): string[] {
  return EXTENSION_MEMBERS.map((member) => {
    const { catalog, alias } = member;
    return `SELECT 'privileges', ${member.name}, 'changed on a member of extension ' || x.extname
    FROM ${catalog} ${alias} JOIN user_schemas s ON s.oid = ${alias}.${member.schema}
    JOIN pg_depend e ON e.classid = '${catalog}'::regclass AND e.objid = ${alias}.oid AND e.deptype = 'e'
    JOIN pg_extension x ON x.oid = e.refobjid
    WHERE ${alias}.${member.acl} IS DISTINCT FROM (SELECT ip.initprivs FROM pg_init_privs ip
      WHERE ip.classoid = '${catalog}'::regclass AND ip.objoid = ${alias}.oid AND ip.objsubid = 0)`;
  });
}

/** User-made objects of the whole database; oids below 16384 are PostgreSQL's own. */
function databaseObjects(): string[] {
  const userMade = (catalog: string, alias: string) =>
    `${alias}.oid >= 16384 AND ${notExtensionMember(catalog, `${alias}.oid`)}`;
  return [
    `SELECT 'cast', '(' || format_type(ca.castsource, NULL) || ' AS ' || format_type(ca.casttarget, NULL) || ')', NULL
    FROM pg_cast ca WHERE ${userMade('pg_cast', 'ca')} AND ${notInternalPart('pg_cast', 'ca.oid')}`,
    `SELECT 'transform', 'FOR ' || format_type(tr.trftype, NULL) || ' LANGUAGE ' || quote_ident(l.lanname), NULL
    FROM pg_transform tr JOIN pg_language l ON l.oid = tr.trflang WHERE ${userMade('pg_transform', 'tr')}`,
    `SELECT 'access method', quote_ident(am.amname), NULL FROM pg_am am WHERE ${userMade('pg_am', 'am')}`,
    `SELECT 'language', quote_ident(l.lanname), NULL FROM pg_language l WHERE ${userMade('pg_language', 'l')}`,
    `SELECT 'foreign data wrapper', quote_ident(w.fdwname), NULL FROM pg_foreign_data_wrapper w
    WHERE ${notExtensionMember('pg_foreign_data_wrapper', 'w.oid')}`,
    `SELECT 'server', quote_ident(fs.srvname), NULL FROM pg_foreign_server fs
    WHERE ${notExtensionMember('pg_foreign_server', 'fs.oid')}`,
    `SELECT 'user mapping', quote_ident(um.usename) || ' SERVER ' || quote_ident(um.srvname), NULL
    FROM pg_user_mappings um`,
    `SELECT 'publication', quote_ident(pub.pubname), NULL FROM pg_publication pub`,
    `SELECT 'subscription', quote_ident(sub.subname), NULL FROM pg_subscription sub
    WHERE sub.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    `SELECT 'security label', pg_describe_object(sl.classoid, sl.objoid, sl.objsubid), 'provider ' || sl.provider
    FROM pg_seclabel sl`,
  ];
}

/** Every catalog named here exists in PostgreSQL 13 and later. */
export function unsupportedObjectsQuery(): string {
  const branches = [
    ...schemaObjects(),
    ...databaseObjects().map(
      (branch) => `SELECT * FROM (${branch}) AS o(kind, name, reason) WHERE $1::text[] IS NULL`,
    ),
  ];
  return `WITH ${SCOPE}
SELECT kind, name, reason FROM (
${branches.join('\nUNION ALL\n')}
) AS unsupported(kind, name, reason)`;
}
