// One query for the owner and privileges of every object of the inspected schemas (all classes at
// once). Privileges are given as differences from the object kind's defaults, as pg_dump prints
// them: entries of the ACL that acldefault() lacks (grants) and entries of acldefault() that the ACL
// lacks (revokes). Schema public starts from its initial privileges (pg_init_privs) instead, and its
// owner is left out when it is the one a new database gives it (pg_database_owner; before PostgreSQL
// 15 the bootstrap superuser).
import { notExtensionMember, SCOPE } from './catalog-queries.ts';

export interface AccessEntry {
  role: string;
  privilege: string;
  grantable: boolean;
}

export interface AccessRow {
  /** schema, table, view, materialized view, sequence, type, function, column. */
  kind: string;
  /** The object's oid; a column's table oid. */
  oid: string;
  schema: string;
  name: string;
  /** The owner; null when it is the role that runs the inspection (columns: always null). */
  owner: string | null;
  grants: AccessEntry[] | null;
  revokes: AccessEntry[] | null;
}

/**
 * PUBLIC for every role; CURRENT_USER for the owner when the owner is the role inspecting (and so
 * left out of the model), so that its own privileges apply to whichever role runs the DDL.
 */
const roleName = (oid: string, runnerOwner: string) =>
  `CASE WHEN ${oid} = 0 THEN 'PUBLIC' WHEN ${oid} = ${runnerOwner} THEN 'CURRENT_USER'
    ELSE pg_get_userbyid(${oid})::text END`;

function entries(from: string, runnerOwner = 'NULL::oid'): string {
  const role = roleName('x.grantee', runnerOwner);
  return `(SELECT json_agg(json_build_object('role', ${role}, 'privilege', lower(x.privilege_type),
    'grantable', x.is_grantable) ORDER BY ${role}, x.privilege_type) FROM (${from}) x)`;
}

export function accessQuery(): string {
  const objects = [
    `SELECT 'schema', n.oid, n.nspname, n.nspname, n.nspowner, n.nspacl, 'n'::"char",
      (SELECT ip.initprivs FROM pg_init_privs ip WHERE ip.classoid = 'pg_namespace'::regclass
        AND ip.objoid = n.oid AND ip.objsubid = 0)
    FROM user_schemas s JOIN pg_namespace n ON n.oid = s.oid`,
    `SELECT CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
        ELSE 'table' END, c.oid, s.nspname, c.relname, c.relowner, c.relacl,
      CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", NULL::aclitem[]
    FROM pg_class c JOIN user_schemas s ON s.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND ${notExtensionMember('pg_class', 'c.oid')}`,
    `SELECT 'type', t.oid, s.nspname, t.typname, t.typowner, t.typacl, 'T'::"char", NULL::aclitem[]
    FROM pg_type t JOIN user_schemas s ON s.oid = t.typnamespace
    WHERE (t.typtype IN ('e', 'd', 'r')
        OR (t.typtype = 'c' AND EXISTS (SELECT FROM pg_class r WHERE r.oid = t.typrelid AND r.relkind = 'c')))
      AND ${notExtensionMember('pg_type', 't.oid')}`,
    `SELECT 'function', p.oid, s.nspname, p.proname, p.proowner, p.proacl, 'f'::"char", NULL::aclitem[]
    FROM pg_proc p JOIN user_schemas s ON s.oid = p.pronamespace
    WHERE ${notExtensionMember('pg_proc', 'p.oid')}
      -- Range and multirange constructors come and go with their type (an internal dependency).
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
        AND d.deptype = 'i')`,
  ];
  // The initial privileges name the original owner; they apply to whoever owns the object now.
  const baseline = `SELECT CASE WHEN b.grantee = b.grantor THEN o.owner ELSE b.grantee END AS grantee,
      b.privilege_type, b.is_grantable
    FROM aclexplode(coalesce(o.init, acldefault(o.acltype, o.owner))) b`;
  const actual = `SELECT a.grantee, a.privilege_type, a.is_grantable
    FROM aclexplode(coalesce(o.acl, acldefault(o.acltype, o.owner))) a`;
  const runner = `(SELECT oid FROM pg_roles WHERE rolname = current_user)`;
  const runnerOwner = `CASE WHEN o.owner = ${runner} THEN o.owner END`;
  return `WITH ${SCOPE}
SELECT o.kind, o.oid::text AS oid, o.schema::text AS schema, o.name::text AS name,
  CASE WHEN o.owner = ${runner}
    OR (o.kind = 'schema' AND o.name = 'public' AND (pg_get_userbyid(o.owner) = 'pg_database_owner'
      OR (o.owner = 10 AND current_setting('server_version_num')::int < 150000)))
    THEN NULL ELSE pg_get_userbyid(o.owner)::text END AS owner,
  ${entries(`${actual} EXCEPT ${baseline}`, runnerOwner)} AS grants,
  ${entries(`${baseline} EXCEPT ${actual}`, runnerOwner)} AS revokes
FROM (
${objects.join('\nUNION ALL\n')}
) AS o(kind, oid, schema, name, owner, acl, acltype, init)
UNION ALL
SELECT 'column', c.oid::text, s.nspname::text, a.attname::text, NULL,
  ${entries('SELECT e.grantee, e.privilege_type, e.is_grantable FROM aclexplode(a.attacl) e')}, NULL
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN user_schemas s ON s.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
  AND ${notExtensionMember('pg_class', 'c.oid')}`;
}

export interface DefaultAclRow {
  /** The role whose new objects get the privileges; null when it is the role that runs the inspection. */
  for_role: string | null;
  /** null: database-wide. */
  schema: string | null;
  /** pg_default_acl.defaclobjtype: r, S, f, T, n, or L (large objects). */
  object_type: string;
  grants: AccessEntry[] | null;
  revokes: AccessEntry[] | null;
}

/**
 * Default privileges (ALTER DEFAULT PRIVILEGES), one row per role, schema and object class. A
 * database-wide entry holds the whole ACL new objects get, so it is compared with acldefault() as an
 * object's ACL is; an entry for a schema holds only what is added there.
 */
export function defaultPrivilegesQuery(): string {
  const objectType = `CASE d.defaclobjtype WHEN 'S' THEN 's' ELSE d.defaclobjtype END::"char"`;
  const baseline = `SELECT b.grantee, b.privilege_type, b.is_grantable
    FROM aclexplode(acldefault(${objectType}, d.defaclrole)) b WHERE d.defaclnamespace = 0`;
  const actual = `SELECT a.grantee, a.privilege_type, a.is_grantable FROM aclexplode(d.defaclacl) a`;
  return `WITH ${SCOPE}
SELECT CASE WHEN d.defaclrole = (SELECT oid FROM pg_roles WHERE rolname = current_user) THEN NULL
    ELSE pg_get_userbyid(d.defaclrole)::text END AS for_role,
  s.nspname::text AS schema, d.defaclobjtype::text AS object_type,
  ${entries(`${actual} EXCEPT ${baseline}`)} AS grants,
  ${entries(`${baseline} EXCEPT ${actual}`)} AS revokes
FROM pg_default_acl d LEFT JOIN user_schemas s ON s.oid = d.defaclnamespace
WHERE (d.defaclnamespace = 0 AND $1::text[] IS NULL) OR s.oid IS NOT NULL`;
}
