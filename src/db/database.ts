// One small interface over the two ways schemata reaches PostgreSQL: PGlite (embedded, in-process)
// and node-postgres for servers.
import { readdirSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readSnapshot, writeSnapshot } from './embedded-snapshot.ts';

export interface Database {
  readonly kind: 'embedded' | 'server';
  /** Runs one statement with parameters and returns its rows. */
  query<Row extends object>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  /** Another connection to the same database, where there can be one (servers). */
  openPeer?(): Promise<Database>;
  /** The whole embedded database as a tarball (PGlite's own dump), which `loadDataDir` starts from. */
  dumpDataDir?(): Promise<Blob>;
  /** Runs `COPY ... FROM '/dev/blob' (FORMAT csv)` with this CSV text as its input (embedded only). */
  copyCsv?(copySql: string, csv: string): Promise<void>;
}

export interface DatabaseError {
  message: string;
  /** 1-based character offset into the statement, when PostgreSQL reports one. */
  position?: number;
  code?: string;
  detail?: string;
  hint?: string;
}

/** Reads PostgreSQL's error fields from an error thrown by either driver. */
export function readDatabaseError(error: unknown): DatabaseError {
  const e = error as {
    message?: unknown;
    position?: unknown;
    code?: unknown;
    detail?: unknown;
    hint?: unknown;
  };
  const result: DatabaseError = { message: typeof e?.message === 'string' ? e.message : String(error) };
  if (e?.position !== undefined && e.position !== null && e.position !== '')
    result.position = Number(e.position);
  if (typeof e?.code === 'string') result.code = e.code;
  if (typeof e?.detail === 'string' && e.detail) result.detail = e.detail;
  if (typeof e?.hint === 'string' && e.hint) result.hint = e.hint;
  return result;
}

/** Contrib extensions the embedded database can CREATE EXTENSION, as real schemas often do. */
const EMBEDDED_EXTENSIONS = [
  'btree_gin',
  'btree_gist',
  'citext',
  'cube',
  'earthdistance',
  'fuzzystrmatch',
  'hstore',
  'intarray',
  'isn',
  'ltree',
  'pg_trgm',
  'pgcrypto',
  'seg',
  'tablefunc',
  'unaccent',
  'uuid_ossp',
] as const;

/** PGlite is large; commands that only talk to servers never load it. */
async function loadEmbeddedExtensions(): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    EMBEDDED_EXTENSIONS.map(async (name) => {
      const module = (await import(`@electric-sql/pglite/contrib/${name}`)) as Record<string, unknown>;
      return [name, module[name]] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * Embedded databases are scratch databases, rebuilt for every run and never larger than one schema:
 * small shared buffers and frequent checkpoints keep their memory (and write-ahead log, which lives in
 * memory too) from growing with the size of the schema.
 */
const EMBEDDED_SETTINGS = ['shared_buffers=16MB', 'max_wal_size=64MB', 'min_wal_size=32MB'];

export interface EmbeddedOptions {
  /**
   * Keep the database in this directory (created, from the snapshot, when it is missing or empty),
   * instead of in memory for this run only. One process at a time: a lock file says which.
   */
  dataDir?: string;
  /** Start from this tarball of a database (a `dumpDataDir` result) instead of a fresh cluster. */
  loadDataDir?: Blob;
}

export async function openEmbeddedDatabase(options: EmbeddedOptions = {}): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const startParams = [
    ...PGlite.defaultStartParams,
    ...EMBEDDED_SETTINGS.flatMap((setting) => ['-c', setting]),
  ];
  const extensions = (await loadEmbeddedExtensions()) as never;
  const { dataDir } = options;
  const unlock = dataDir === undefined ? undefined : await lockDataDir(dataDir);
  const fresh = options.loadDataDir === undefined && (dataDir === undefined || isEmptyDirectory(dataDir));
  const snapshot = options.loadDataDir ?? (fresh ? await readSnapshot() : undefined);
  const where = dataDir === undefined ? {} : { dataDir };
  let db: InstanceType<typeof PGlite> | undefined;
  try {
    if (snapshot) {
      try {
        db = new PGlite({ ...where, extensions, loadDataDir: snapshot, startParams });
        await db.waitReady;
      } catch (error) {
        // A dump asked for must load; a cached snapshot that does not start (damaged, or from another
        // build) is replaced below.
        if (options.loadDataDir !== undefined) throw error;
        db = undefined;
        if (dataDir !== undefined) await emptyDirectory(dataDir);
      }
    }
    if (db === undefined) {
      const started = new PGlite({ ...where, extensions, startParams });
      await started.waitReady;
      if (fresh) await writeSnapshot(() => started.dumpDataDir('none'));
      db = started;
    }
  } catch (error) {
    await unlock?.();
    throw error;
  }
  const started = db;
  return {
    kind: 'embedded',
    async query<Row extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await started.query<Row>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await started.exec(sql);
    },
    dumpDataDir: () => started.dumpDataDir('none'),
    async copyCsv(copySql: string, csv: string) {
      await started.query(copySql, [], { blob: new Blob([csv]) });
    },
    async close() {
      try {
        await started.close();
      } finally {
        await unlock?.();
      }
    },
  };
}

function isEmptyDirectory(dir: string): boolean {
  try {
    return readdirSync(dir).filter((name) => name !== LOCK_FILE).length === 0;
  } catch {
    return true;
  }
}

async function emptyDirectory(dir: string): Promise<void> {
  for (const name of readdirSync(dir))
    if (name !== LOCK_FILE) await rm(join(dir, name), { recursive: true, force: true });
}

const LOCK_FILE = 'schemata.lock';

/**
 * Takes the data directory for this process: PGlite has no postmaster to keep a second process out,
 * and two processes writing one directory would corrupt it. A lock left by a process that is gone is
 * taken over.
 */
async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST' || attempt > 0) throw error;
      const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder))
        throw Object.assign(
          new Error(`the embedded database in ${dir} is in use by process ${holder}; one process at a time`),
          { code: 'EMBEDDED_IN_USE' },
        );
      await rm(path, { force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

export interface ServerOptions {
  /**
   * How the session shows in pg_stat_activity when neither the URL nor PGAPPNAME names it, e.g.
   * "schemata migrate", so a DBA (or a waiting runner) can tell who holds a lock.
   */
  applicationName?: string;
}

export async function openServerDatabase(url: string, options: ServerOptions = {}): Promise<Database> {
  // Loaded on first use: commands that never reach a server (generate) do not pay for them.
  const [{ default: pg }, { Socket }] = await Promise.all([import('pg'), import('node:net')]);
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 10_000,
    // Catalog reads return thousands of small integer arrays (column numbers of keys and indexes).
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        (oid === INT2_ARRAY || oid === INT4_ARRAY) && format !== 'binary'
          ? integerArrayParser(pg.types.getTypeParser(oid as never, 'text'))
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
    ...(options.applicationName !== undefined && { fallback_application_name: options.applicationName }),
    // A plain socket, as node-postgres would make one: its own choice first probes for a Cloudflare
    // runtime, which on Node 20 loads the fetch implementation (about 90 ms) for nothing.
    ...(isPlainConnection(url) ? { stream: () => new Socket() } : {}),
  });
  // An idle connection that the server drops must not crash the process.
  client.on('error', () => {});
  await client.connect();
  return {
    kind: 'server',
    async query<Row extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, params as unknown[]);
      return result.rows as Row[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
    async close() {
      await client.end();
    },
    openPeer: () => openServerDatabase(url, options),
  };
}

const INT2_ARRAY = 1005;
const INT4_ARRAY = 1007;

function integerArrayParser(otherwise: (text: string) => unknown): (text: string) => unknown {
  return (text) => parseIntegerArray(text, otherwise);
}

/**
 * A one-dimensional int2[] or int4[] in PostgreSQL's text form (`{1,-2,NULL}`), read as numbers; any
 * other shape (several dimensions, bounds) goes to node-postgres's own parser.
 */
export function parseIntegerArray(text: string, otherwise: (text: string) => unknown): unknown {
  if (text === '{}') return [];
  if (text.charCodeAt(0) !== 0x7b || text.indexOf('{', 1) !== -1 || text.charCodeAt(text.length - 1) !== 0x7d)
    return otherwise(text);
  return text
    .slice(1, -1)
    .split(',')
    .map((item) => (item === 'NULL' ? null : Number(item)));
}

/** No TLS asked for in the URL or the environment (then node-postgres makes a plain socket itself). */
function isPlainConnection(url: string): boolean {
  const sslMode = new URL(url).searchParams.get('sslmode') ?? process.env.PGSSLMODE;
  return !new URL(url).searchParams.has('ssl') && (sslMode === undefined || sslMode === 'disable');
}

/** A server URL opens node-postgres; no URL opens a fresh embedded database. */
export async function openDatabase(url?: string): Promise<Database> {
  return url ? openServerDatabase(url) : openEmbeddedDatabase();
}

/** `pglite:PATH`: an embedded database kept in the directory PATH (see openEmbeddedDatabase). */
export const EMBEDDED_URL = /^pglite:(.+)$/;

export function isDatabaseUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}
