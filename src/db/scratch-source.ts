// Where throw-away work happens: the embedded database (default), or a scratch database that schemata
// creates on a server the user names as its development database (`--dev-db URL`, like Atlas's dev
// database) and drops again afterwards. The server may be of the production major version, so that
// PostgreSQL of that version spells the model and proves the plans.
import { openEmbeddedDatabase, openServerDatabase, type Database } from './database.ts';
import { createScratchDatabase } from './scratch.ts';
import { quoteIdent } from '../dialects/postgres/quote.ts';

export type ScratchSource = { kind: 'embedded' } | { kind: 'server'; url: string };

export const EMBEDDED: ScratchSource = { kind: 'embedded' };

/** The major version of the embedded PostgreSQL (PGlite); a test keeps it true. */
export const EMBEDDED_MAJOR = 18;

export interface Scratch {
  readonly db: Database;
  /** Creates a role the schema names but the cluster lacks (dropped again on close for servers). */
  createRole(name: string): Promise<void>;
  close(): Promise<void>;
}

export function scratchSource(devDb: string | undefined): ScratchSource {
  return devDb === undefined ? EMBEDDED : { kind: 'server', url: devDb };
}

/** A short description for messages: "embedded PostgreSQL" or the dev database's host. */
export function describeScratch(source: ScratchSource): string {
  if (source.kind === 'embedded') return `embedded PostgreSQL ${EMBEDDED_MAJOR}`;
  const url = new URL(source.url);
  return `PostgreSQL at ${url.host} (--dev-db)`;
}

export async function openScratch(source: ScratchSource): Promise<Scratch> {
  if (source.kind === 'embedded') {
    const db = await openEmbeddedDatabase();
    return {
      db,
      createRole: (name) => db.exec(`CREATE ROLE ${quoteIdent(name)}`),
      close: () => db.close(),
    };
  }
  const scratch = await createScratchDatabase(source.url);
  let db: Database;
  try {
    db = await openServerDatabase(scratch.url);
  } catch (error) {
    await scratch.drop();
    throw error;
  }
  const created: string[] = [];
  return {
    db,
    async createRole(name) {
      await db.exec(`CREATE ROLE ${quoteIdent(name)}`);
      created.push(name);
    },
    async close() {
      await db.close();
      await scratch.drop();
      if (created.length === 0) return;
      // Roles are cluster-wide: the ones made for this work go again, so nothing else is touched.
      const admin = await openServerDatabase(source.url);
      try {
        for (const name of created) await admin.exec(`DROP ROLE IF EXISTS ${quoteIdent(name)}`);
      } finally {
        await admin.close();
      }
    },
  };
}

/** The major version of the server behind `db`, e.g. 15 or 18. */
export async function serverMajorVersion(db: Database): Promise<number> {
  const [row] = await db.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
  return Math.floor(Number(row?.v ?? 0) / 10000);
}
