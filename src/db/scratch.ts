// Throw-away databases on a server, for verification, conformance runs and tests.
import { randomBytes } from 'node:crypto';
import { openServerDatabase } from './database.ts';
import { quoteIdent } from '../dialects/postgres/quote.ts';

export interface ScratchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates a database beside the one `serverUrl` points at: empty, or a copy of `template`. */
export async function createScratchDatabase(
  serverUrl: string,
  prefix = 'schemata_scratch',
  template = 'template0',
): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = await openServerDatabase(serverUrl);
  try {
    await admin.exec(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
  } finally {
    await admin.close();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const adminAgain = await openServerDatabase(serverUrl);
      try {
        await adminAgain.exec(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      } finally {
        await adminAgain.close();
      }
    },
  };
}
