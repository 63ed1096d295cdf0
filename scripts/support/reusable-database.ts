// Databases reused across corpus files: starting PGlite costs seconds, and so do CREATE and DROP
// DATABASE on a busy server, while emptying a database costs milliseconds. Before each file everything
// user-made is dropped, and a fingerprint of the catalogs is compared with the one taken when the
// database was new; when anything is left over (an object the reset does not know, a changed privilege
// on a built-in object) the database is replaced by a fresh one.
import { openEmbeddedDatabase, openServerDatabase, type Database } from '../../src/db/database.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch.ts';
import { quoteIdent } from '../../src/dialects/postgres/quote.ts';

/**
 * An embedded database is a cluster of its own: roles and shared catalogs are reset too. A server
 * database shares them with every other database of the server, so only its own catalogs count.
 */
type Scope = 'cluster' | 'database';

/** Objects PostgreSQL ships have oids below this (FirstNormalObjectId). */
const FIRST_USER_OID = 16384;

/** Catalogs whose rows have an oid: a count of user-made rows in each is part of the fingerprint. */
async function catalogsWithOids(db: Database, scope: Scope): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT c.relname::text AS name FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
    WHERE c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind = 'r' AND a.attname = 'oid'
      AND ($1 OR NOT c.relisshared)
    ORDER BY 1`,
    [scope === 'cluster'],
  );
  return rows.map((r) => r.name);
}

/** A session's temporary schemas stay in the catalog once made, empty after it ends. */
const NOT_TEMPORARY = `nspname !~ '^pg_(toast_)?temp_'`;

/** Privileges columns of catalogs whose built-in rows a GRANT or REVOKE can change. */
const BUILT_IN_ACLS = [
  ['pg_class', 'relacl'],
  ['pg_proc', 'proacl'],
  ['pg_namespace', 'nspacl'],
  ['pg_type', 'typacl'],
  ['pg_language', 'lanacl'],
] as const;

/** What a server database shares with the others, compared only where the cluster is ours. */
const CLUSTER_PARTS = [
  `SELECT 'database privileges', md5(coalesce(datacl::text, '')) FROM pg_database WHERE datname = current_database()`,
  `SELECT 'shared comments', md5(coalesce(string_agg(objoid || '/' || classoid || description, ',' ORDER BY 1), ''))
    FROM pg_shdescription`,
  `SELECT 'roles', md5(string_agg(rolname || rolsuper || rolinherit || rolcreaterole || rolcreatedb || rolcanlogin
    || rolbypassrls || rolconnlimit, ',' ORDER BY oid)) FROM pg_authid`,
  `SELECT 'database', md5(datname || datallowconn || datconnlimit) FROM pg_database WHERE datname = current_database()`,
];

function fingerprintQuery(catalogs: string[], scope: Scope): string {
  const counts = catalogs.map((catalog) => {
    // The public schema is recreated by the reset, so it has a new oid; its properties count instead.
    const publicSchema = catalog === 'pg_namespace' ? ` AND nspname <> 'public' AND ${NOT_TEMPORARY}` : '';
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
    `SELECT 'settings', md5(coalesce(string_agg(setrole || setconfig::text, ',' ORDER BY 1), ''))
      FROM pg_db_role_setting WHERE setdatabase IN (${scope === 'cluster' ? '0, ' : ''}(SELECT oid FROM pg_database WHERE datname = current_database()))`,
    `SELECT 'subscriptions', count(*)::text FROM pg_subscription
      WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    ...(scope === 'cluster' ? CLUSTER_PARTS : []),
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
    list: `SELECT nspname AS name FROM pg_namespace
    WHERE (oid >= ${FIRST_USER_OID} AND ${NOT_TEMPORARY}) OR nspname = 'public'`,
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

/** Roles whose objects and privileges are dropped: all made ones in our own cluster, else those used here. */
function rolesToClear(scope: Scope): string {
  return scope === 'cluster'
    ? `SELECT rolname AS name FROM pg_roles WHERE oid >= ${FIRST_USER_OID} ORDER BY oid DESC`
    : `SELECT DISTINCT r.rolname AS name FROM pg_shdepend d JOIN pg_roles r ON r.oid = d.refobjid
      WHERE d.refclassid = 'pg_authid'::regclass AND r.oid >= ${FIRST_USER_OID}
        AND d.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      ORDER BY 1`;
}

async function dropUserObjects(db: Database, scope: Scope): Promise<void> {
  // A file may leave a transaction open, a role assumed or settings changed.
  await db.exec('ROLLBACK').catch(() => undefined);
  await db.exec('DISCARD ALL');
  const subscriptions = await db.query<{ name: string }>(
    `SELECT subname AS name FROM pg_subscription
    WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  for (const { name } of subscriptions) {
    // Without a slot, dropping a subscription does not reach out to its publisher.
    await db.exec(`ALTER SUBSCRIPTION ${quoteIdent(name)} DISABLE`);
    await db.exec(`ALTER SUBSCRIPTION ${quoteIdent(name)} SET (slot_name = NONE)`);
    await db.exec(`DROP SUBSCRIPTION ${quoteIdent(name)}`);
  }
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
  const roles = await db.query<{ name: string }>(rolesToClear(scope));
  for (const { name } of roles) await db.exec(`DROP OWNED BY ${quoteIdent(name)} CASCADE`);
  if (scope === 'cluster') for (const { name } of roles) await db.exec(`DROP ROLE ${quoteIdent(name)}`);
  await resetSettings(db, scope);
  // The bootstrap superuser of the embedded database cannot DROP OWNED: its default privileges go.
  if (scope === 'cluster') await db.exec('DELETE FROM pg_default_acl');
}

/** ALTER DATABASE / ROLE ... SET in this database (and, in our own cluster, in every database). */
async function resetSettings(db: Database, scope: Scope): Promise<void> {
  const settings = await db.query<{ role: string | null; here: boolean }>(
    `SELECT CASE WHEN s.setrole <> 0 THEN pg_get_userbyid(s.setrole)::text END AS role,
      s.setdatabase <> 0 AS here
    FROM pg_db_role_setting s
    WHERE s.setdatabase IN ($1, (SELECT oid FROM pg_database WHERE datname = current_database()))`,
    [scope === 'cluster' ? 0 : -1],
  );
  for (const { role, here } of settings) {
    const database = here ? ` IN DATABASE ${quoteIdent(await currentDatabase(db))}` : '';
    await db.exec(
      role === null
        ? `ALTER DATABASE ${quoteIdent(await currentDatabase(db))} RESET ALL`
        : `ALTER ROLE ${quoteIdent(role)}${database} RESET ALL`,
    );
  }
}

async function currentDatabase(db: Database): Promise<string> {
  const [row] = await db.query<{ name: string }>('SELECT current_database() AS name');
  return row?.name ?? '';
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

/** A new database's fingerprint, and the query that takes it. */
async function takeBaseline(db: Database, scope: Scope): Promise<{ query: string; baseline: string }> {
  const query = fingerprintQuery(await catalogsWithOids(db, scope), scope);
  return { query, baseline: await fingerprint(db, query) };
}

/** Empties `db`; says what is left over when it differs from a new database. */
async function emptyDatabase(db: Database, scope: Scope, query: string, baseline: string) {
  const failure = await dropUserObjects(db, scope).then(
    () => undefined,
    (error: Error) => `reset failed: ${error.message}`,
  );
  return failure ?? leftOver(baseline, await fingerprint(db, query));
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
    const { query, baseline } = await takeBaseline(db, 'cluster');
    return new ReusableEmbeddedDatabase(db, query, baseline);
  }

  get db(): Database {
    return this.current;
  }

  /** Empties the database; replaces it when what is left differs from a new database. */
  async reset(): Promise<void> {
    const left = await emptyDatabase(this.current, 'cluster', this.query, this.baseline);
    if (left === undefined) return;
    await this.current.close().catch(() => undefined);
    this.current = await openEmbeddedDatabase();
    this.replacements.push(left);
  }

  async close(): Promise<void> {
    await this.current.close();
  }
}

/** A scratch database on a server that `reset()` empties, or replaces when emptying is not enough. */
export class ReusableServerDatabase {
  readonly replacements: string[] = [];

  private constructor(
    private readonly serverUrl: string,
    private scratch: ScratchDatabase,
    private baseline: { query: string; baseline: string },
    /** Takes a database that is no longer used, to drop it. */
    private readonly retire: (database: ScratchDatabase) => void,
  ) {}

  static async create(
    serverUrl: string,
    retire: (database: ScratchDatabase) => void,
  ): Promise<ReusableServerDatabase> {
    const scratch = await createScratchDatabase(serverUrl, 'schemata_conf');
    const baseline = await ReusableServerDatabase.baselineOf(scratch);
    return new ReusableServerDatabase(serverUrl, scratch, baseline, retire);
  }

  private static async baselineOf(scratch: ScratchDatabase) {
    const db = await openServerDatabase(scratch.url);
    return takeBaseline(db, 'database').finally(() => db.close());
  }

  get url(): string {
    return this.scratch.url;
  }

  async reset(): Promise<void> {
    const db = await openServerDatabase(this.scratch.url);
    const left = await emptyDatabase(db, 'database', this.baseline.query, this.baseline.baseline).finally(
      () => db.close(),
    );
    if (left === undefined) return;
    this.retire(this.scratch);
    this.scratch = await createScratchDatabase(this.serverUrl, 'schemata_conf');
    this.baseline = await ReusableServerDatabase.baselineOf(this.scratch);
    this.replacements.push(left);
  }

  /** Hands the database over to be dropped. */
  close(): void {
    this.retire(this.scratch);
  }
}
