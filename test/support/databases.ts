// Real PostgreSQL for tests: a fresh embedded database, and a scratch database on the server when
// one is reachable (scripts/run-tests.js finds out and says why when it is not).
import type { TestContext } from 'node:test';
import { openEmbeddedDatabase, openServerDatabase, type Database } from '../../src/db/database.ts';
import { createScratchDatabase } from '../../src/db/scratch.ts';

export const serverUrl: string | undefined = process.env.SCHEMATA_SERVER_URL;
export const serverSkipReason: string | undefined =
  process.env.SCHEMATA_SERVER_SKIP ??
  (serverUrl ? undefined : 'SCHEMATA_SERVER_URL is not set (run through npm test)');

export async function withEmbeddedDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openEmbeddedDatabase();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Runs fn against a scratch server database, or marks the test skipped with the reason. */
export async function withServerDatabase<T>(
  t: TestContext,
  fn: (db: Database, url: string) => Promise<T>,
): Promise<T | undefined> {
  if (!serverUrl) {
    t.skip(serverSkipReason);
    return undefined;
  }
  const scratch = await createScratchDatabase(serverUrl, 'schemata_test');
  const db = await openServerDatabase(scratch.url);
  try {
    return await fn(db, scratch.url);
  } finally {
    await db.close();
    await scratch.drop();
  }
}

/** The two kinds of database every round-trip test runs on. */
export const databaseKinds = ['embedded', 'server'] as const;

export async function withDatabase<T>(
  kind: (typeof databaseKinds)[number],
  t: TestContext,
  fn: (db: Database) => Promise<T>,
): Promise<T | undefined> {
  return kind === 'embedded' ? withEmbeddedDatabase(fn) : withServerDatabase(t, (db) => fn(db));
}
