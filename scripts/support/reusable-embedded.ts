// One embedded database reused across corpus files: starting PGlite costs seconds, emptying it costs
// milliseconds. After each file everything user-made is dropped, and a fingerprint of the catalogs is
// compared with the one taken when the database was new; when anything is left over (an object the
// reset does not know, a changed privilege on a built-in object) the database is replaced by a fresh one.
import { openEmbeddedDatabase, type Database } from '../../src/db/database.ts';
import { quoteIdent } from '../../src/dialects/postgres/quote.ts';

/** Objects PostgreSQL ships have oids below this (FirstNormalObjectId). */
const FIRST_USER_OID = 16384;

/** Catalogs whose rows have an oid: a count of user-made rows in each is part of the fingerprint. */
async function catalogsWithOids(db: Database): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT c.relname::text AS name FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
    WHERE c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind = 'r' AND a.attname = 'oid'
    ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/** Privileges columns of catalogs whose built-in rows a GRANT or REVOKE can change. */
const BUILT_IN_ACLS = [
  ['pg_class', 'relacl'],
  ['pg_proc', 'proacl'],
  ['pg_namespace', 'nspacl'],
  ['pg_type', 'typacl'],
  ['pg_language', 'lanacl'],
  ['pg_database', 'datacl'],
] as const;

function fingerprintQuery(catalogs: string[]): string {
  const counts = catalogs.map((catalog) => {
    // The public schema is recreated by the reset, so it has a new oid; its properties count instead.
    const publicSchema = catalog === 'pg_namespace' ? ` AND nspname <> 'public'` : '';
    return `SELECT '${catalog}', count(*)::text FROM pg_catalog.${quoteIdent(catalog)}
      WHERE oid >= ${FIRST_USER_OID}${publicSchema}`;
  });
  const acls = BUILT_IN_ACLS.map(
    ([catalog, column]) =>
      `SELECT '${catalog}.${column}', md5(coalesce(string_agg(oid::text || ${column}::text, ',' ORDER BY oid), ''))
      FROM pg_catalog.${catalog} WHERE oid < ${FIRST_USER_OID} AND ${column} IS NOT NULL${catalog === 'pg_namespace' ? ` AND nspname <> 'public'` : ''}`,
  );
  return [
    ...counts,
    ...acls,
    `SELECT 'public schema', nspowner::regrole::text || coalesce(nspacl::text, '') || coalesce(obj_description(oid, 'pg_namespace'), '')
      FROM pg_namespace WHERE nspname = 'public'`,
    `SELECT 'built-in comments', md5(coalesce(string_agg(objoid || '/' || classoid || '/' || objsubid || description, ',' ORDER BY 1), ''))
      FROM pg_description WHERE objoid < ${FIRST_USER_OID} AND classoid <> 'pg_namespace'::regclass`,
    `SELECT 'shared comments', md5(coalesce(string_agg(objoid || '/' || classoid || description, ',' ORDER BY 1), ''))
      FROM pg_shdescription`,
    `SELECT 'settings', md5(coalesce(string_agg(setdatabase || '/' || setrole || setconfig::text, ',' ORDER BY 1), ''))
      FROM pg_db_role_setting`,
    `SELECT 'roles', md5(string_agg(rolname || rolsuper || rolinherit || rolcreaterole || rolcreatedb || rolcanlogin
      || rolbypassrls || rolconnlimit, ',' ORDER BY oid)) FROM pg_authid`,
    `SELECT 'database', md5(datname || datallowconn || datconnlimit) FROM pg_database WHERE datname = current_database()`,
  ].join('\nUNION ALL\n');
}

/** Named objects of one kind the reset drops, with the statement that drops one. */
const DROPS: { list: string; drop: (name: string) => string }[] = [
  // Event triggers first: they would fire on the drops that follow.
  { list: 'SELECT evtname AS name FROM pg_event_trigger', drop: (n) => `DROP EVENT TRIGGER ${n} CASCADE` },
  { list: 'SELECT pubname AS name FROM pg_publication', drop: (n) => `DROP PUBLICATION ${n}` },
  {
    list: `SELECT extname AS name FROM pg_extension WHERE extname <> 'plpgsql'`,
    drop: (n) => `DROP EXTENSION ${n} CASCADE`,
  },
  {
    list: `SELECT nspname AS name FROM pg_namespace WHERE oid >= ${FIRST_USER_OID} OR nspname = 'public'`,
    drop: (n) => `DROP SCHEMA ${n} CASCADE`,
  },
  {
    list: `SELECT fdwname AS name FROM pg_foreign_data_wrapper WHERE oid >= ${FIRST_USER_OID}`,
    drop: (n) => `DROP FOREIGN DATA WRAPPER ${n} CASCADE`,
  },
  {
    list: `SELECT format_type(castsource, NULL) || ' AS ' || format_type(casttarget, NULL) AS name
    FROM pg_cast WHERE oid >= ${FIRST_USER_OID}`,
    drop: (n) => `DROP CAST (${n}) CASCADE`,
  },
  {
    list: `SELECT lanname AS name FROM pg_language WHERE oid >= ${FIRST_USER_OID}`,
    drop: (n) => `DROP LANGUAGE ${n} CASCADE`,
  },
  {
    list: `SELECT amname AS name FROM pg_am WHERE oid >= ${FIRST_USER_OID}`,
    drop: (n) => `DROP ACCESS METHOD ${n} CASCADE`,
  },
  {
    list: `SELECT oid::text AS name FROM pg_largeobject_metadata`,
    drop: (n) => `SELECT lo_unlink(${n})`,
  },
];

/** Names that are already SQL (a cast's types, an oid) are used as they are; the rest are quoted. */
const RAW_NAMES = new Set(['pg_cast', 'pg_largeobject_metadata']);

async function dropUserObjects(db: Database): Promise<void> {
  // A file may leave a transaction open, a role assumed or settings changed.
  await db.exec('ROLLBACK').catch(() => undefined);
  await db.exec('DISCARD ALL');
  for (const { list, drop } of DROPS) {
    const raw = [...RAW_NAMES].some((catalog) => list.includes(catalog));
    for (const { name } of await db.query<{ name: string }>(list))
      await db.exec(drop(raw ? name : quoteIdent(name)));
  }
  await db.exec(
    `CREATE SCHEMA public AUTHORIZATION pg_database_owner;
    GRANT USAGE ON SCHEMA public TO PUBLIC;
    COMMENT ON SCHEMA public IS 'standard public schema'`,
  );
  const roles = await db.query<{ name: string }>(
    `SELECT rolname AS name FROM pg_roles WHERE oid >= ${FIRST_USER_OID} ORDER BY oid DESC`,
  );
  for (const { name } of roles) await db.exec(`DROP OWNED BY ${quoteIdent(name)} CASCADE`);
  for (const { name } of roles) await db.exec(`DROP ROLE ${quoteIdent(name)}`);
}

/** An embedded database that `reset()` returns to the state it had when new. */
export class ReusableEmbeddedDatabase {
  /** Why the database had to be replaced, once per replacement: what the reset left behind. */
  readonly replacements: string[] = [];

  private constructor(
    private current: Database,
    private readonly query: string,
    private readonly baseline: string,
  ) {}

  static async open(): Promise<ReusableEmbeddedDatabase> {
    const db = await openEmbeddedDatabase();
    const query = fingerprintQuery(await catalogsWithOids(db));
    return new ReusableEmbeddedDatabase(db, query, await fingerprint(db, query));
  }

  get db(): Database {
    return this.current;
  }

  /** Empties the database; replaces it when what is left differs from a new database. */
  async reset(): Promise<void> {
    const failure = await dropUserObjects(this.current).then(
      () => undefined,
      (error: Error) => `reset failed: ${error.message}`,
    );
    const left = failure ?? leftOver(this.baseline, await fingerprint(this.current, this.query));
    if (left === undefined) return;
    await this.current.close().catch(() => undefined);
    this.current = await openEmbeddedDatabase();
    this.replacements.push(left);
  }

  async close(): Promise<void> {
    await this.current.close();
  }
}

async function fingerprint(db: Database, query: string): Promise<string> {
  const rows = await db.query<{ part: string; value: string }>(
    `SELECT part, value FROM (${query}) AS f(part, value) ORDER BY part`,
  );
  return rows.map((r) => `${r.part}=${r.value}`).join('\n');
}

/** The parts of the fingerprint that differ, or undefined when none does. */
function leftOver(baseline: string, now: string): string | undefined {
  const before = new Set(baseline.split('\n'));
  const changed = now.split('\n').filter((line) => !before.has(line));
  return changed.length === 0 ? undefined : `left over: ${changed.map((l) => l.split('=')[0]).join(', ')}`;
}
