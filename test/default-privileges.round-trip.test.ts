// Default privileges (ALTER DEFAULT PRIVILEGES) on the embedded and server databases: database ->
// model -> DDL -> database gives the same model and, on the server, the same pg_dump --schema-only;
// a model's defaults reach objects created later but not the model's own objects.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderDdl } from '../src/dialects/postgres/render-ddl.ts';
import { inspectDatabase } from '../src/dialects/postgres/inspect/inspect-database.ts';
import { quoteIdent } from '../src/dialects/postgres/quote.ts';
import { compareModels } from '../src/model/compare-models.ts';
import { formatDiagnostic } from '../src/model/diagnostics.ts';
import type { Model } from '../src/model/model-schema.ts';
import { loadSql } from '../src/readers/import-sql.ts';
import { databaseKinds, serverSkipReason, withDatabase } from './support/databases.ts';
import { assertDumpRoundTripWithRoles, assertRolesRoundTrip, uniqueRoleNames } from './support/test-roles.ts';

type Roles = Record<'owner' | 'reader', string>;

const uniqueRoles = (): Roles => uniqueRoleNames({ owner: 'Def "Owner" ', reader: 'déf_reader_' });

const SCHEMA = 'Odd Schema';

function fixture({ owner, reader }: Roles): string {
  const o = quoteIdent(owner);
  const r = quoteIdent(reader);
  const s = quoteIdent(SCHEMA);
  return `
CREATE SCHEMA ${s};
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO ${r};
ALTER DEFAULT PRIVILEGES FOR ROLE ${o} GRANT SELECT, INSERT ON TABLES TO ${r} WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES FOR ROLE ${o} REVOKE USAGE ON TYPES FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE ${o} REVOKE TRUNCATE ON TABLES FROM ${o};
ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT SELECT, UPDATE ON SEQUENCES TO ${r};
ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT USAGE ON TYPES TO PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE ${o} IN SCHEMA ${s} GRANT EXECUTE ON ROUTINES TO ${r};
CREATE TABLE ${s}.items (id integer);
`;
}

describe('default privileges round-trip', () => {
  for (const kind of databaseKinds) {
    test(`database -> model -> DDL -> database -> equal model on the ${kind} database`, async (t) => {
      const roles = uniqueRoles();
      await assertRolesRoundTrip(kind, t, roles, fixture(roles), (model) => {
        const { owner, reader } = roles;
        assert.deepEqual(model.defaultPrivileges, [
          { on: 'functions', revokes: [{ role: 'PUBLIC', privileges: ['execute'] }] },
          { on: 'schemas', grants: [{ role: reader, privileges: ['usage'] }] },
          {
            forRole: owner,
            on: 'tables',
            grants: [{ role: reader, privileges: ['select', 'insert'], withGrantOption: true }],
            revokes: [{ role: owner, privileges: ['truncate'] }],
          },
          { forRole: owner, on: 'types', revokes: [{ role: 'PUBLIC', privileges: ['usage'] }] },
        ]);
        assert.deepEqual(model.schemas?.[SCHEMA]?.defaultPrivileges, [
          { on: 'sequences', grants: [{ role: reader, privileges: ['select', 'update'] }] },
          { on: 'types', grants: [{ role: 'PUBLIC', privileges: ['usage'] }] },
          { forRole: owner, on: 'functions', grants: [{ role: reader, privileges: ['execute'] }] },
        ]);
        // Created after the defaults by the runner, whose defaults give tables nothing extra.
        assert.equal(model.schemas?.[SCHEMA]?.tables?.items?.grants, undefined);
      });
    });
  }

  test(
    'database -> model -> DDL -> database: pg_dump identical',
    { skip: serverSkipReason ?? false },
    async () => {
      const roles = uniqueRoles();
      await assertDumpRoundTripWithRoles(
        roles,
        fixture(roles),
        // pg_dump prints two spaces before TO here.
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent(roles.owner)} IN SCHEMA ${quoteIdent(SCHEMA)} GRANT ALL ON FUNCTIONS  TO ${quoteIdent(roles.reader)};`,
      );
    },
  );

  test("model -> DDL -> embedded database: the defaults reach later objects, not the model's own", async (t) => {
    const roles = uniqueRoles();
    const model: Model = {
      roles: { [roles.owner]: {}, [roles.reader]: {} },
      defaultPrivileges: [
        { on: 'routines', revokes: [{ role: 'PUBLIC', privileges: ['execute'] }] },
        // PostgreSQL gives PUBLIC this anyway: left out in canonical form.
        { on: 'types', grants: [{ role: 'PUBLIC', privileges: ['usage'] }] },
      ],
      schemas: {
        [SCHEMA]: {
          defaultPrivileges: [
            { on: 'tables', grants: [{ role: roles.reader, privileges: ['select'] }] },
            { on: 'tables', grants: [{ role: roles.reader, privileges: ['update'] }] },
          ],
          tables: { notes: { columns: [{ name: 'id', type: 'integer' }] } },
          functions: { 'answer()': { language: 'sql', returns: 'integer', body: 'SELECT 42' } },
        },
      },
    };
    const ddl = renderDdl(model, { createRoles: true });
    const statements = ddl.trim().split('\n\n');
    assert.deepEqual(statements.slice(-2), [
      'ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;',
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${quoteIdent(SCHEMA)} GRANT SELECT, UPDATE ON TABLES TO ${quoteIdent(roles.reader)};`,
    ]);
    await withDatabase('embedded', t, async (db) => {
      const loaded = await loadSql(db, ddl, 'generated.sql');
      assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), []);
      const inspected = await inspectDatabase(db);
      assert.deepEqual(inspected.unsupported, []);
      const { roles: _roles, ...withoutRoles } = model;
      assert.deepEqual(compareModels(withoutRoles, inspected.model), []);
      // A table and a function created now get the defaults.
      await db.exec(`CREATE TABLE ${quoteIdent(SCHEMA)}.later (id integer);
        CREATE FUNCTION ${quoteIdent(SCHEMA)}.later() RETURNS integer LANGUAGE sql AS 'SELECT 1'`);
      const later = (await inspectDatabase(db)).model.schemas?.[SCHEMA];
      assert.deepEqual(later?.tables?.later?.grants, [
        { role: roles.reader, privileges: ['select', 'update'] },
      ]);
      assert.deepEqual(later?.functions?.['later()']?.revokes, [{ role: 'PUBLIC', privileges: ['execute'] }]);
    });
  });
});
