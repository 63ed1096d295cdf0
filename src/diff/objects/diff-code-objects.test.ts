import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Model } from '../../model/model-schema.ts';
import { loadSqlParser } from '../../dialects/postgres/types.ts';
import { planChanges } from '../../dialects/postgres/plan/plan-changes.ts';
import { applyStatements } from '../../dialects/postgres/plan/apply-plan.ts';
import { withEmbeddedDatabase } from '../../../test/support/databases.ts';
import { diffModels } from '../diff-models.ts';
import { formatKey, type Change } from '../changes.ts';

const base: Model = {
  schemas: {
    app: {
      tables: {
        users: {
          columns: [
            { name: 'id', type: 'integer' },
            { name: 'age', type: 'numeric' },
            { name: 'Role', type: 'text' },
          ],
          rowSecurity: true,
          policies: [{ name: 'own', using: '("Role" = CURRENT_USER)' }],
          triggers: [
            { name: 'audit', timing: 'after', events: ['update'], forEach: 'row', function: 'app.audit()' },
          ],
        },
      },
      views: {
        adults: {
          definition:
            ' SELECT users.id,\n    users.age\n   FROM app.users\n  WHERE (users.age >= (18)::numeric)',
        },
        names: { definition: ' SELECT users.id\n   FROM app.users' },
      },
      functions: {
        'audit()': { language: 'plpgsql', returns: 'trigger', body: 'BEGIN RETURN NEW; END' },
        'twice(integer)': {
          language: 'sql',
          arguments: [{ name: 'x', type: 'integer' }],
          returns: 'integer',
          body: 'SELECT x * 2',
        },
      },
    },
  },
};

function edit(change: (model: Model) => void): Model {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}

const app = (model: Model) => model.schemas!.app!;
const summary = (changes: Change[]) =>
  changes.map(
    (c) => `${c.action} ${c.kind} ${formatKey(c.key)}${'rebuild' in c && c.rebuild ? ' (rebuild)' : ''}`,
  );

test('equal code objects give no changes; owners and grants are changes of their own', async () => {
  await loadSqlParser();
  assert.deepEqual(diffModels(base, structuredClone(base)), []);
  const granted = edit((m) => {
    app(m).views!.names!.grants = [{ role: 'PUBLIC', privileges: ['select'] }];
  });
  const changes = diffModels(base, granted);
  assert.deepEqual(summary(changes), ['alter access VIEW app.names']);
  const plan = planChanges(changes);
  assert.deepEqual(
    plan.up.map((s) => s.sql),
    ['GRANT SELECT ON TABLE app.names TO PUBLIC;'],
  );
  assert.deepEqual(
    plan.down.map((s) => s.sql),
    ['REVOKE SELECT ON TABLE app.names FROM PUBLIC;'],
  );
});

test('a column type change rebuilds the views and policies that use the column, not the others', async () => {
  await loadSqlParser();
  const retyped = edit((m) => {
    app(m).tables!.users!.columns[1]!.type = 'integer';
    app(m).tables!.users!.columns[2]!.type = 'character varying(20)';
  });
  const changes = diffModels(base, retyped);
  assert.deepEqual(summary(changes).sort(), [
    'alter column app.users.Role',
    'alter column app.users.age',
    'alter policy app.users.own (rebuild)',
    'alter view app.adults (rebuild)',
  ]);
  const plan = planChanges(changes, { allowDataLoss: true });
  const sql = plan.up.map((s) => s.sql);
  const at = (prefix: string) => sql.findIndex((s) => s.startsWith(prefix));
  assert.ok(at('DROP VIEW app.adults;') < at('ALTER TABLE app.users ALTER COLUMN age TYPE'));
  assert.ok(at('DROP POLICY own ON app.users;') < at('ALTER TABLE app.users ALTER COLUMN "Role" TYPE'));
  assert.ok(at('ALTER TABLE app.users ALTER COLUMN age TYPE') < at('CREATE VIEW app.adults'));
  assert.ok(at('CREATE POLICY own ON app.users') > at('ALTER TABLE app.users ALTER COLUMN "Role" TYPE'));
  const dropView = plan.up[at('DROP VIEW app.adults;')];
  assert.deepEqual(dropView?.hazards.locks, [{ mode: 'ACCESS EXCLUSIVE', on: 'app.adults' }]);
  assert.equal(dropView?.hazards.backwardIncompatible, true);
  // The reverse plan rebuilds them too.
  const down = plan.down.map((s) => s.sql);
  assert.ok(down.includes('DROP VIEW app.adults;') && down.includes('DROP POLICY own ON app.users;'));
});

test('views change in place when columns are only appended, and are replaced otherwise', async () => {
  await loadSqlParser();
  const appended = edit((m) => {
    app(m).views!.names!.definition = ' SELECT users.id,\n    users."Role"\n   FROM app.users';
  });
  const up = planChanges(diffModels(base, appended));
  assert.deepEqual(
    up.up.map((s) => s.sql.split('\n')[0]),
    ['CREATE OR REPLACE VIEW app.names AS'],
  );
  // Going back removes a column: drop and create.
  assert.deepEqual(
    up.down.map((s) => s.sql.split('\n')[0]),
    ['DROP VIEW app.names;', 'CREATE VIEW app.names AS'],
  );
  const options = edit((m) => {
    app(m).views!.names!.securityBarrier = true;
  });
  assert.deepEqual(
    planChanges(diffModels(base, options)).up.map((s) => s.sql),
    ['ALTER VIEW app.names SET (security_barrier = true);'],
  );
});

test('routines: same signature is replaced in place, a new return type drops it and rebuilds its users', async () => {
  await loadSqlParser();
  const body = edit((m) => {
    app(m).functions!['twice(integer)']!.body = 'SELECT x + x';
  });
  const sql = planChanges(diffModels(base, body)).up.map((s) => s.sql);
  assert.equal(sql[0], 'SET check_function_bodies = false;');
  assert.match(sql[1] ?? '', /^CREATE OR REPLACE FUNCTION app.twice\(x integer\)/);
  const retyped = edit((m) => {
    app(m).functions!['twice(integer)']!.returns = 'bigint';
    app(m).views!.names!.definition = ' SELECT app.twice(users.id) AS twice\n   FROM app.users';
  });
  const from = edit((m) => {
    app(m).views!.names!.definition = ' SELECT app.twice(users.id) AS twice\n   FROM app.users';
  });
  const changes = diffModels(from, retyped);
  assert.deepEqual(summary(changes).sort(), [
    'alter function app.twice(integer)',
    'alter view app.names (rebuild)',
  ]);
  const up = planChanges(changes).up.map((s) => s.sql.split('\n')[0]);
  assert.deepEqual(up, [
    'SET check_function_bodies = false;',
    'DROP VIEW app.names;',
    'DROP FUNCTION app.twice(integer);',
    'CREATE FUNCTION app.twice(x integer)',
    'CREATE VIEW app.names AS',
  ]);
});

test('a renamed function is renamed, not dropped and created', async () => {
  await loadSqlParser();
  const renamed = edit((m) => {
    const fn = app(m).functions!['twice(integer)']!;
    delete app(m).functions!['twice(integer)'];
    app(m).functions!['double it(integer)'] = { ...fn, renamedFrom: 'twice' };
  });
  const plan = planChanges(diffModels(base, renamed));
  assert.deepEqual(
    plan.up.map((s) => s.sql),
    ['ALTER FUNCTION app.twice(integer) RENAME TO "double it";'],
  );
  assert.deepEqual(
    plan.down.map((s) => s.sql),
    ['ALTER FUNCTION app."double it"(integer) RENAME TO twice;'],
  );
  assert.equal(plan.up[0]?.hazards.backwardIncompatible, true);
});

test('new sequence bounds restart a sequence that has handed out no value yet', async () => {
  await loadSqlParser();
  const from: Model = { schemas: { app: { sequences: { counter: {} } } } };
  const to: Model = { schemas: { app: { sequences: { counter: { minValue: 100, maxValue: 500 } } } } };
  const plan = planChanges(diffModels(from, to));
  assert.equal(plan.up.length, 1);
  assert.match(plan.up[0]?.sql ?? '', /^DO \$schemata\$/);
  assert.match(plan.up[0]?.sql ?? '', /IF \(SELECT is_called FROM app\.counter\) THEN/);
  assert.match(
    plan.up[0]?.sql ?? '',
    /ALTER SEQUENCE app\.counter MINVALUE 100 MAXVALUE 500 START WITH 100 RESTART;/,
  );
  await withEmbeddedDatabase(async (db) => {
    await db.exec('CREATE SCHEMA app; CREATE SEQUENCE app.counter;');
    assert.equal(await applyStatements(db, plan.up), undefined);
    const [row] = await db.query<{ v: string }>(`SELECT nextval('app.counter')::text AS v`);
    assert.equal(row?.v, '100');
    assert.equal(await applyStatements(db, plan.down), undefined);
  });
});

test('default privileges: entries added, changed and removed are granted and revoked, and applied', async () => {
  await loadSqlParser();
  const from: Model = {
    defaultPrivileges: [{ on: 'functions', revokes: [{ role: 'PUBLIC', privileges: ['execute'] }] }],
    schemas: {
      'my app': {
        defaultPrivileges: [{ on: 'sequences', grants: [{ role: 'PUBLIC', privileges: ['usage'] }] }],
      },
    },
  };
  const to: Model = {
    schemas: {
      'my app': {
        defaultPrivileges: [{ on: 'tables', grants: [{ role: 'PUBLIC', privileges: ['select'] }] }],
      },
    },
  };
  const plan = planChanges(diffModels(from, to));
  assert.deepEqual(plan.up.map((s) => s.sql).sort(), [
    'ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO PUBLIC;',
    'ALTER DEFAULT PRIVILEGES IN SCHEMA "my app" GRANT SELECT ON TABLES TO PUBLIC;',
    'ALTER DEFAULT PRIVILEGES IN SCHEMA "my app" REVOKE USAGE ON SEQUENCES FROM PUBLIC;',
  ]);
  assert.deepEqual(plan.down.map((s) => s.sql).sort(), [
    'ALTER DEFAULT PRIVILEGES IN SCHEMA "my app" GRANT USAGE ON SEQUENCES TO PUBLIC;',
    'ALTER DEFAULT PRIVILEGES IN SCHEMA "my app" REVOKE SELECT ON TABLES FROM PUBLIC;',
    'ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;',
  ]);
  await withEmbeddedDatabase(async (db) => {
    const acl =
      "SELECT coalesce(string_agg(defaclacl::text, ' ' ORDER BY defaclobjtype), '') AS acl FROM pg_default_acl";
    const [start] = await db.query<{ acl: string }>(acl);
    assert.equal(await applyStatements(db, planChanges(diffModels({}, from)).up), undefined);
    const [applied] = await db.query<{ acl: string }>(acl);
    assert.notEqual(applied?.acl, start?.acl);
    assert.equal(await applyStatements(db, plan.up), undefined);
    assert.equal(await applyStatements(db, plan.down), undefined);
    assert.equal(
      await applyStatements(db, planChanges(diffModels(from, {}), { allowDataLoss: true }).up),
      undefined,
    );
    const [end] = await db.query<{ acl: string }>(acl);
    assert.equal(end?.acl, start?.acl);
  });
});

test('event triggers: command tags are compared and planned, and an owner change is an access change', () => {
  const trigger = { event: 'ddl_command_start' as const, function: 'public.log_ddl' };
  const from: Model = { eventTriggers: { 'Log "DDL"': { ...trigger, tags: ['CREATE TABLE'] } } };
  const to: Model = {
    eventTriggers: { 'Log "DDL"': { ...trigger, tags: ['CREATE TABLE', 'ALTER TABLE'], owner: 'Ops Ω' } },
  };
  const changes = diffModels(from, to);
  assert.deepEqual(
    changes.map((c) => `${c.action} ${c.kind} ${formatKey(c.key)} ${c.changed.join(',')}`),
    ['alter eventTrigger Log "DDL" tags', 'alter access EVENT TRIGGER "Log ""DDL""" owner'],
  );
  const sql = planChanges(changes).up.map((s) => s.sql);
  assert.ok(sql.includes('DROP EVENT TRIGGER "Log ""DDL""";'), sql.join('\n'));
  assert.ok(sql.some((s) => s.includes(`WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE')`)));
  assert.ok(sql.includes('ALTER EVENT TRIGGER "Log ""DDL""" OWNER TO "Ops Ω";'));
  assert.equal(diffModels(to, to).length, 0);
});
