// Roles are cluster-wide: a test that needs them makes its own, uniquely named, and drops them after.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import { openServerDatabase } from '../../src/db/database.ts';
import { inspectDatabase } from '../../src/dialects/postgres/inspect/inspect-database.ts';
import { quoteIdent } from '../../src/dialects/postgres/quote.ts';
import { generateDdl } from '../../src/dialects/postgres/render-ddl.ts';
import { compareModels } from '../../src/model/compare-models.ts';
import { formatDiagnostic } from '../../src/model/diagnostics.ts';
import type { Model } from '../../src/model/model-schema.ts';
import { loadSql } from '../../src/readers/import-sql.ts';
import { serverUrl, withDatabase, type databaseKinds } from './databases.ts';
import { assertDumpRoundTrip } from './dump-round-trip.ts';

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
  // A skipped server test made no roles, and there is no server to ask.
  if (serverUrl === undefined) return;
  const admin = await openServerDatabase(serverUrl);
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

/**
 * SQL that uses the roles -> database -> model -> DDL -> fresh database -> the same model. The
 * embedded database is a new cluster each time: the model declares the roles and the DDL creates
 * them. On the server the roles are made here and dropped afterwards. `check` sees the first model.
 */
export async function assertRolesRoundTrip(
  kind: (typeof databaseKinds)[number],
  t: TestContext,
  roles: Readonly<Record<string, string>>,
  sql: string,
  check: (first: Model) => void,
): Promise<void> {
  try {
    const first = await withDatabase(kind, t, async (db) => {
      await db.exec(createRolesSql(roles));
      const loaded = await loadSql(db, sql, 'roles.sql');
      assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), []);
      return inspectDatabase(db);
    });
    if (!first) return;
    assert.deepEqual(first.unsupported, []);
    check(first.model);
    const declared = Object.fromEntries(Object.values(roles).map((role) => [role, {}]));
    const model: Model = kind === 'embedded' ? { ...first.model, roles: declared } : first.model;
    const ddl = await generateDdl(model, { createRoles: kind === 'embedded' });
    const second = await withDatabase(kind, t, async (db) => {
      const loaded = await loadSql(db, ddl, 'generated.sql');
      assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), []);
      return inspectDatabase(db);
    });
    assert.deepEqual(second?.unsupported, []);
    assert.deepEqual(compareModels(first.model, second?.model as Model), []);
  } finally {
    if (kind === 'server' && serverUrl !== undefined) await dropServerRoles(roles);
  }
}

/** assertDumpRoundTrip with the roles made on the server first and dropped after. */
export async function assertDumpRoundTripWithRoles(
  roles: Readonly<Record<string, string>>,
  sql: string,
  marker: string,
): Promise<void> {
  await createServerRoles(roles);
  try {
    await assertDumpRoundTrip(sql, 'roles.sql', marker);
  } finally {
    await dropServerRoles(roles);
  }
}
