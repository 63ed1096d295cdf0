// Round trips of the cases the schema-transition corpus (npm run conformance:import) found: the SQL
// read by the server and by the embedded database gives the same model, and its DDL rebuilds a server
// database with the same `pg_dump --schema-only`, whichever of the two read it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { openServerDatabase } from '../src/db/database.ts';
import { quoteIdent } from '../src/dialects/postgres/quote.ts';
import { compareModels } from '../src/model/compare-models.ts';
import type { Model } from '../src/model/model-schema.ts';
import { databaseKinds, serverSkipReason, serverUrl, withDatabase } from './support/databases.ts';
import { assertDumpRoundTrip, loadAndInspect } from './support/dump-round-trip.ts';

const FILE = 'test/fixtures/import-cases.sql';

/** The fixture, and an event trigger owned by a superuser role of its own (roles are cluster-wide). */
async function fixture(owner: string): Promise<string> {
  const role = quoteIdent(owner);
  return `${await readFile(FILE, 'utf8')}
CREATE ROLE ${role} SUPERUSER NOLOGIN;
CREATE FUNCTION "Import Cases".log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN END$$;
CREATE EVENT TRIGGER "Import Cases Logger" ON ddl_command_end EXECUTE FUNCTION "Import Cases".log_ddl();
ALTER EVENT TRIGGER "Import Cases Logger" OWNER TO ${role};
`;
}

async function withRole(t: { skip(reason?: string): void }, fn: (role: string) => Promise<void>) {
  const role = `Import Owner ${randomBytes(4).toString('hex')}`;
  try {
    await fn(role);
  } finally {
    if (serverUrl) {
      const admin = await openServerDatabase(serverUrl);
      await admin.exec(`DROP ROLE IF EXISTS ${quoteIdent(role)}`).finally(() => admin.close());
    }
  }
}

/** PostgreSQL 16 stopped qualifying column names in view definitions; the rest must be equal. */
function withoutViewQueries(model: Model): Model {
  const copy = structuredClone(model);
  for (const schema of Object.values(copy.schemas ?? {})) {
    for (const view of Object.values(schema.views ?? {})) view.definition = '';
    for (const view of Object.values(schema.materializedViews ?? {})) view.definition = '';
  }
  return copy;
}

describe('import cases', () => {
  test('the server and the embedded database read the same model', async (t) => {
    await withRole(t, async (role) => {
      const sql = await fixture(role);
      const models: Model[] = [];
      for (const kind of databaseKinds) {
        const model = await withDatabase(kind, t, (db) => loadAndInspect(db, sql, FILE));
        if (model) models.push(model);
      }
      const cases = models[0]?.schemas?.['Import Cases'];
      assert.deepEqual(cases?.tables?.posts?.foreignKeys?.[0]?.onDeleteColumns, ['Author ID']);
      assert.deepEqual(cases?.tables?.posts?.grants, [{ role: 'PUBLIC', privileges: ['all'] }]);
      assert.deepEqual(cases?.tables?.['Locked Out']?.revokes, [
        { role: 'CURRENT_USER', privileges: ['all'] },
      ]);
      assert.equal(cases?.functions?.['Previous Value(anyelement)']?.window, true);
      assert.equal(models[0]?.eventTriggers?.['Import Cases Logger']?.owner, role);
      assert.equal(cases?.materializedViews?.['Z Source']?.clusterOn, 'Z Source By ID');
      assert.deepEqual(
        cases?.tables?.posts?.rules?.map((rule) => [rule.name, rule.enabled]),
        [
          ['Keep Posts', 'disabled'],
          ['Log Inserts', 'always'],
          ['On Replica', 'replica'],
        ],
      );
      assert.equal(cases?.tables?.posts?.triggers?.[0]?.from, '"Import Cases"."Tenant Users"');
      assert.deepEqual(cases?.tables?.posts?.replicaIdentity, { index: 'Posts Tenant ID' });
      assert.equal(cases?.tables?.documents?.replicaIdentity, 'full');
      assert.equal(cases?.tables?.documents?.columns[0]?.storage, 'external');
      assert.deepEqual(cases?.tables?.tickets?.sequencePrivileges, {
        id: { grants: [{ role: 'PUBLIC', privileges: ['usage'] }] },
        'Seq No': { grants: [{ role: 'PUBLIC', privileges: ['select', 'update'] }] },
      });
      if (models.length === 2)
        assert.deepEqual(compareModels(withoutViewQueries(models[0]!), withoutViewQueries(models[1]!)), []);
    });
  });

  for (const via of ['server', 'embedded'] as const) {
    test(
      `read by the ${via} database, rebuilt on the server: pg_dump identical`,
      { skip: serverSkipReason ?? false },
      async (t) => {
        await withRole(t, async (role) => {
          await assertDumpRoundTrip(await fixture(role), FILE, 'ON DELETE SET NULL ("Author ID")', via);
        });
      },
    );
  }
});
