// Roles are cluster-wide: a test that needs them makes its own, uniquely named, and drops them after.
import { randomBytes } from 'node:crypto';
import { openServerDatabase } from '../../src/db/database.ts';
import { quoteIdent } from '../../src/dialects/postgres/quote.ts';
import { serverUrl } from './databases.ts';

/** The names with a random suffix each, so parallel runs on one server do not meet. */
export function uniqueRoleNames<K extends string>(prefixes: Record<K, string>): Record<K, string> {
  const suffix = randomBytes(4).toString('hex');
  const names = {} as Record<K, string>;
  for (const key of Object.keys(prefixes) as K[]) names[key] = `${prefixes[key]}${suffix}`;
  return names;
}

export function createRolesSql(roles: Readonly<Record<string, string>>): string {
  return Object.values(roles)
    .map((role) => `CREATE ROLE ${quoteIdent(role)};`)
    .join(' ');
}

/** Creates the roles on the server. */
export async function createServerRoles(roles: Readonly<Record<string, string>>): Promise<void> {
  const admin = await openServerDatabase(serverUrl!);
  await admin.exec(createRolesSql(roles)).finally(() => admin.close());
}

/**
 * Drops the roles of a server run; the scratch databases they owned things in are gone already. A
 * role may be gone too: a corpus run on the same server drops the roles that appeared while it ran.
 */
export async function dropServerRoles(roles: Readonly<Record<string, string>>): Promise<void> {
  const admin = await openServerDatabase(serverUrl!);
  try {
    const existing = await admin.query<{ name: string }>(
      'SELECT rolname::text AS name FROM pg_roles WHERE rolname = ANY ($1::text[])',
      [Object.values(roles)],
    );
    for (const { name: role } of existing) {
      await admin.exec(`DROP OWNED BY ${quoteIdent(role)}; DROP ROLE ${quoteIdent(role)}`);
    }
  } finally {
    await admin.close();
  }
}
