// Round trips of owners and privileges on the embedded and server databases: database -> model -> DDL
// -> fresh database -> the same model, and on the server the same `pg_dump --schema-only`. Roles are
// cluster-wide, so every run makes its own uniquely named roles and drops them afterwards.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderDdl } from '../src/dialects/postgres/render-ddl.ts';
import { inspectDatabase } from '../src/dialects/postgres/inspect/inspect-database.ts';
import { quoteIdent } from '../src/dialects/postgres/quote.ts';
import { compareModels } from '../src/model/compare-models.ts';
import { canonicalizeModel } from '../src/model/canonicalize.ts';
import { formatDiagnostic } from '../src/model/diagnostics.ts';
import type { Model } from '../src/model/model-schema.ts';
import { loadSql } from '../src/readers/import-sql.ts';
import { databaseKinds, serverSkipReason, withDatabase } from './support/databases.ts';
import { assertDumpRoundTripWithRoles, assertRolesRoundTrip, uniqueRoleNames } from './support/test-roles.ts';

type Roles = Record<'owner' | 'reader', string>;

const uniqueRoles = (): Roles => uniqueRoleNames({ owner: 'Acc Owner ', reader: 'acc_reader_' });

function fixture({ owner, reader }: Roles): string {
  const o = quoteIdent(owner);
  const r = quoteIdent(reader);
  return `
CREATE SCHEMA app;
ALTER SCHEMA app OWNER TO ${o};
GRANT USAGE ON SCHEMA app TO ${r};
REVOKE ALL ON SCHEMA public FROM PUBLIC;
CREATE TYPE app.mood AS ENUM ('ok', 'meh');
ALTER TYPE app.mood OWNER TO ${o};
REVOKE USAGE ON TYPE app.mood FROM PUBLIC;
CREATE DOMAIN app.positive AS integer CHECK (VALUE > 0);
GRANT USAGE ON DOMAIN app.positive TO ${r};
CREATE SEQUENCE app.counter;
GRANT USAGE, SELECT ON SEQUENCE app.counter TO ${r};
CREATE TABLE app.items (id integer PRIMARY KEY, name text, secret text);
ALTER TABLE app.items OWNER TO ${o};
GRANT SELECT ON app.items TO ${r} WITH GRANT OPTION;
GRANT SELECT (id, name), UPDATE (name) ON app.items TO PUBLIC;
REVOKE TRUNCATE ON app.items FROM ${o};
CREATE VIEW app.item_names AS SELECT id, name FROM app.items;
GRANT SELECT ON app.item_names TO ${r};
CREATE MATERIALIZED VIEW app.item_count AS SELECT count(*) AS n FROM app.items;
ALTER MATERIALIZED VIEW app.item_count OWNER TO ${r};
CREATE FUNCTION app.answer() RETURNS integer LANGUAGE sql AS 'SELECT 42';
REVOKE EXECUTE ON FUNCTION app.answer() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.answer() TO ${r};
CREATE PROCEDURE app.noop() LANGUAGE sql AS 'SELECT 1';
ALTER PROCEDURE app.noop() OWNER TO ${r};
CREATE AGGREGATE app.total(integer) (SFUNC = int4pl, STYPE = integer);
REVOKE ALL ON FUNCTION app.total(integer) FROM PUBLIC;
`;
}

function withoutRoles(model: Model): Model {
  const { roles: _roles, ...rest } = model;
  return rest;
}

describe('owners and privileges round-trip', () => {
  for (const kind of databaseKinds) {
    test(`database -> model -> DDL -> database -> equal model on the ${kind} database`, async (t) => {
      const roles = uniqueRoles();
      await assertRolesRoundTrip(kind, t, roles, fixture(roles), (model) => {
        const app = model.schemas?.app;
        assert.equal(app?.owner, roles.owner);
        assert.deepEqual(app?.grants, [{ role: roles.reader, privileges: ['usage'] }]);
        assert.deepEqual(model.schemas?.public?.revokes, [{ role: 'PUBLIC', privileges: ['usage'] }]);
        assert.deepEqual(app?.enums?.mood?.revokes, [{ role: 'PUBLIC', privileges: ['usage'] }]);
        assert.deepEqual(app?.tables?.items?.grants, [
          { role: 'PUBLIC', privileges: ['select'], columns: ['id', 'name'] },
          { role: 'PUBLIC', privileges: ['update'], columns: ['name'] },
          { role: roles.reader, privileges: ['select'], withGrantOption: true },
        ]);
        assert.deepEqual(app?.tables?.items?.revokes, [{ role: roles.owner, privileges: ['truncate'] }]);
        assert.equal(app?.materializedViews?.item_count?.owner, roles.reader);
        assert.deepEqual(app?.functions?.['answer()']?.revokes, [
          { role: 'PUBLIC', privileges: ['execute'] },
        ]);
        assert.equal(app?.procedures?.['noop()']?.owner, roles.reader);
        assert.deepEqual(app?.aggregates?.['total(integer)']?.revokes, [
          { role: 'PUBLIC', privileges: ['execute'] },
        ]);
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
        'REVOKE ALL ON FUNCTION app.answer() FROM PUBLIC;',
      );
    },
  );

  test('model -> DDL with roles -> embedded database -> equal model', async (t) => {
    const roles = uniqueRoles();
    const model: Model = {
      roles: { [roles.owner]: { login: true }, [roles.reader]: { inherit: false, memberOf: [roles.owner] } },
      schemas: {
        app: {
          owner: roles.owner,
          grants: [{ role: 'PUBLIC', privileges: ['usage'] }],
          tables: {
            notes: {
              owner: roles.owner,
              columns: [
                { name: 'id', type: 'integer' },
                { name: 'body', type: 'text' },
              ],
              grants: [
                { role: roles.reader, privileges: ['insert', 'select'] },
                { role: roles.reader, privileges: ['update'], columns: ['body'] },
              ],
            },
          },
          functions: {
            'now_ish()': {
              language: 'sql',
              returns: 'integer',
              body: 'SELECT 1',
              revokes: [{ role: 'PUBLIC', privileges: ['execute'] }],
              grants: [{ role: roles.reader, privileges: ['execute'] }],
            },
          },
        },
      },
    };
    const ddl = renderDdl(model, { createRoles: true });
    assert.ok(ddl.startsWith(`CREATE ROLE ${quoteIdent(roles.owner)} WITH LOGIN;`), ddl);
    assert.ok(!renderDdl(model).includes('CREATE ROLE'), 'roles only when asked');
    await withDatabase('embedded', t, async (db) => {
      const loaded = await loadSql(db, ddl, 'generated.sql');
      assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), []);
      const inspected = await inspectDatabase(db);
      assert.deepEqual(inspected.unsupported, []);
      assert.deepEqual(compareModels(canonicalizeModel(withoutRoles(model)), inspected.model), []);
      assert.deepEqual(
        canonicalizeModel(inspected.model).schemas?.app,
        canonicalizeModel(model).schemas?.app,
      );
    });
  });
});
