// Views, routines, triggers, policies and privileges planned and applied on real PostgreSQL (embedded
// and server), with hostile names: each side is loaded from SQL and inspected, the up plan applied to
// the seeded source must give the target (re-diff empty) and keep the rows, and down the source again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Model } from '../../../../model/model-schema.ts';
import { diffModels } from '../../../../diff/diff-models.ts';
import { formatKey } from '../../../../diff/changes.ts';
import type { Database } from '../../../../db/database.ts';
import { databaseKinds, withDatabase } from '../../../../../test/support/databases.ts';
import { inspectDatabase } from '../../inspect/inspect-database.ts';
import { loadSqlParser } from '../../types.ts';
import { applyStatements } from '../apply-plan.ts';
import { planChanges } from '../plan-changes.ts';

const TABLE = `
CREATE SCHEMA "Sales Ω";
CREATE TABLE "Sales Ω"."Order Items" (
  id integer PRIMARY KEY,
  "Unit Price" numeric(10,2) NOT NULL,
  "select" text
);
ALTER TABLE "Sales Ω"."Order Items" ENABLE ROW LEVEL SECURITY;
CREATE FUNCTION "Sales Ω"."touch it"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
`;

const FROM = `${TABLE}
CREATE FUNCTION "Sales Ω"."Net Price"(p numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT p * 0.8 $$;
CREATE VIEW "Sales Ω"."Item View" AS SELECT id, "Unit Price" FROM "Sales Ω"."Order Items";
CREATE VIEW "Sales Ω"."Old Name" AS SELECT id FROM "Sales Ω"."Order Items";
CREATE VIEW "Sales Ω"."Narrow" AS SELECT id FROM "Sales Ω"."Order Items";
CREATE TRIGGER "Touch ""it""" BEFORE UPDATE ON "Sales Ω"."Order Items" FOR EACH ROW EXECUTE FUNCTION "Sales Ω"."touch it"();
CREATE POLICY "Own rows" ON "Sales Ω"."Order Items" USING ("select" = current_user);
`;

const TO = `${TABLE}
ALTER TABLE "Sales Ω"."Order Items" ALTER COLUMN "Unit Price" TYPE numeric(12,2);
CREATE FUNCTION "Sales Ω"."Net Price"(p numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT p * 0.75 $$;
CREATE VIEW "Sales Ω"."Item View" AS SELECT id, "Unit Price", "Sales Ω"."Net Price"("Unit Price") AS net FROM "Sales Ω"."Order Items";
CREATE VIEW "Sales Ω"."Expensive" AS SELECT id FROM "Sales Ω"."Item View" WHERE net > 100;
CREATE VIEW "Sales Ω"."New Name" AS SELECT id FROM "Sales Ω"."Order Items";
CREATE VIEW "Sales Ω"."Narrow" AS SELECT id, "select" FROM "Sales Ω"."Order Items";
CREATE TRIGGER "Touch ""it""" BEFORE INSERT OR UPDATE ON "Sales Ω"."Order Items" FOR EACH ROW EXECUTE FUNCTION "Sales Ω"."touch it"();
CREATE POLICY "Own rows" ON "Sales Ω"."Order Items" USING ("select" = current_user OR "select" IS NULL);
GRANT SELECT ON "Sales Ω"."Expensive" TO PUBLIC;
COMMENT ON VIEW "Sales Ω"."Narrow" IS 'ids and who';
`;

async function modelOf(db: Database, sql: string): Promise<Model> {
  await db.exec('DROP SCHEMA IF EXISTS "Sales Ω" CASCADE');
  await db.exec(sql);
  return (await inspectDatabase(db)).model;
}

async function assertEquals(db: Database, model: Model): Promise<void> {
  const { model: inspected } = await inspectDatabase(db);
  const remaining = diffModels(inspected, model).map(
    (c) => `${c.action} ${c.kind} ${formatKey(c.key)} ${c.changed.join(',')}`,
  );
  assert.deepEqual(remaining, []);
}

for (const kind of databaseKinds) {
  test(`views, routines, triggers, policies and grants planned and applied (${kind})`, async (t) => {
    await loadSqlParser();
    await withDatabase(kind, t, async (db) => {
      const target = await modelOf(db, TO);
      target.schemas!['Sales Ω']!.views!['New Name']!.renamedFrom = 'Old Name';
      const source = await modelOf(db, FROM);
      await db.exec(`INSERT INTO "Sales Ω"."Order Items" VALUES (1, 150, 'a'), (2, 20, NULL)`);
      const plan = planChanges(diffModels(source, target), { allowDataLoss: true });
      assert.deepEqual(plan.diagnostics, []);
      const sql = plan.up.map((s) => s.sql);
      assert.ok(sql.includes('ALTER VIEW "Sales Ω"."Old Name" RENAME TO "New Name";'));
      assert.ok(sql.some((s) => s.startsWith('CREATE OR REPLACE VIEW "Sales Ω"."Narrow"')));
      assert.ok(sql.some((s) => s.startsWith('CREATE OR REPLACE FUNCTION "Sales Ω"."Net Price"')));
      assert.ok(sql.some((s) => s.startsWith('ALTER POLICY "Own rows"')));
      assert.ok(sql.some((s) => s.startsWith('CREATE OR REPLACE TRIGGER "Touch ""it"""')));
      // The view on the retyped column is dropped before the column changes and created after.
      const dropView = sql.indexOf('DROP VIEW "Sales Ω"."Item View";');
      const retype = sql.findIndex((s) => s.includes('ALTER COLUMN "Unit Price" TYPE numeric(12,2)'));
      const createView = sql.findIndex((s) => s.startsWith('CREATE VIEW "Sales Ω"."Item View"'));
      assert.ok(dropView >= 0 && dropView < retype && retype < createView, sql.join('\n'));
      assert.equal(await applyStatements(db, plan.up), undefined);
      await assertEquals(db, target);
      const rows = await db.query<{ id: number; net: string }>(
        `SELECT id, net::text AS net FROM "Sales Ω"."Item View" ORDER BY id`,
      );
      assert.deepEqual(
        rows.map((r) => [r.id, r.net]),
        [
          [1, '112.5000'],
          [2, '15.0000'],
        ],
      );
      assert.equal(await applyStatements(db, plan.down), undefined);
      await assertEquals(db, source);
      const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Sales Ω"."Order Items"`);
      assert.equal(count?.n, 2);
    });
  });
}

// Objects the plan creates start with the default privileges in force, which the model's privileges
// may take back: here a table whose schema grants SELECT to PUBLIC by default has it revoked, a view
// keeps it, and a function under a database-wide revoke of EXECUTE gets it back explicitly.
const DEFAULTS = `
CREATE SCHEMA "Sales Ω";
ALTER DEFAULT PRIVILEGES IN SCHEMA "Sales Ω" GRANT SELECT ON TABLES TO PUBLIC;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
`;

const UNDER_DEFAULTS = `${DEFAULTS}
CREATE TABLE "Sales Ω"."Order Items" (id integer PRIMARY KEY, "select" text);
REVOKE SELECT ON "Sales Ω"."Order Items" FROM PUBLIC;
CREATE VIEW "Sales Ω"."Item View" AS SELECT id FROM "Sales Ω"."Order Items";
CREATE FUNCTION "Sales Ω"."Net Price"(p numeric) RETURNS numeric LANGUAGE sql AS $$ SELECT p $$;
GRANT EXECUTE ON FUNCTION "Sales Ω"."Net Price"(numeric) TO PUBLIC;
CREATE FUNCTION "Sales Ω"."private"() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
`;

for (const kind of databaseKinds) {
  test(`objects created under default privileges get the model's privileges (${kind})`, async (t) => {
    await loadSqlParser();
    await withDatabase(kind, t, async (db) => {
      const target = await modelOf(db, UNDER_DEFAULTS);
      // Dropping the schema takes its default privileges; the database-wide ones stay and are set again.
      const source = await modelOf(db, DEFAULTS);
      const plan = planChanges(diffModels(source, target), { allowDataLoss: true });
      assert.deepEqual(plan.diagnostics, []);
      const sql = plan.up.map((s) => s.sql).filter((s) => /^(GRANT|REVOKE)/.test(s));
      assert.deepEqual(sql, [
        'GRANT EXECUTE ON FUNCTION "Sales Ω"."Net Price"(numeric) TO PUBLIC;',
        'REVOKE SELECT ON TABLE "Sales Ω"."Order Items" FROM PUBLIC;',
      ]);
      assert.equal(await applyStatements(db, plan.up), undefined);
      await assertEquals(db, target);
      assert.equal(await applyStatements(db, plan.down), undefined);
      await assertEquals(db, source);
    });
  });
}

// An enum losing a value is replaced; routines whose signature uses it are dropped and created again
// around it, with their privileges, and a view calling one of them is rebuilt too.
const ENUM_BASE = `
CREATE TABLE "Sales Ω"."Order Items" (id integer PRIMARY KEY, state "Sales Ω"."State ""x""");
CREATE FUNCTION "Sales Ω"."by state"(s "Sales Ω"."State ""x""") RETURNS SETOF integer LANGUAGE plpgsql
  AS $$ BEGIN RETURN QUERY SELECT id FROM "Sales Ω"."Order Items" WHERE state = s; END $$;
CREATE FUNCTION "Sales Ω".states() RETURNS "Sales Ω"."State ""x"""[] LANGUAGE sql
  AS $$ SELECT enum_range(NULL::"Sales Ω"."State ""x""") $$;
REVOKE EXECUTE ON FUNCTION "Sales Ω".states() FROM PUBLIC;
CREATE VIEW "Sales Ω"."All States" AS SELECT "Sales Ω".states() AS list;
`;

for (const kind of databaseKinds) {
  test(`routines using a replaced enum are rebuilt around it (${kind})`, async (t) => {
    await loadSqlParser();
    await withDatabase(kind, t, async (db) => {
      const enumOf = (values: string) => `CREATE TYPE "Sales Ω"."State ""x""" AS ENUM (${values});`;
      const withEnum = (values: string) =>
        ENUM_BASE.replace('\n', `\nCREATE SCHEMA "Sales Ω";\n${enumOf(values)}\n`);
      const target = await modelOf(db, withEnum(`'new', 'paid'`));
      const source = await modelOf(db, withEnum(`'new', 'paid', 'gone'`));
      await db.exec(`INSERT INTO "Sales Ω"."Order Items" VALUES (1, 'paid')`);
      const plan = planChanges(diffModels(source, target), { allowDataLoss: true });
      assert.deepEqual(plan.diagnostics, []);
      const sql = plan.up.map((s) => s.sql);
      assert.ok(sql.includes('DROP FUNCTION "Sales Ω"."by state"("Sales Ω"."State ""x""");'), sql.join('\n'));
      assert.ok(sql.includes('DROP VIEW "Sales Ω"."All States";'));
      assert.equal(await applyStatements(db, plan.up), undefined);
      await assertEquals(db, target);
      assert.equal(await applyStatements(db, plan.down), undefined);
      await assertEquals(db, source);
    });
  });
}

// A domain's base type changes: the domain is replaced, its column converted with its rows, default,
// comment and privileges, and the view on the column rebuilt.
const DOMAIN_USE = `
COMMENT ON DOMAIN "Sales Ω"."Amount ""ω""" IS 'money';
REVOKE USAGE ON DOMAIN "Sales Ω"."Amount ""ω""" FROM PUBLIC;
CREATE TABLE "Sales Ω"."Order Items" (id integer PRIMARY KEY, "Amount" "Sales Ω"."Amount ""ω""" DEFAULT 1);
CREATE VIEW "Sales Ω"."Big" AS SELECT id, "Amount" FROM "Sales Ω"."Order Items" WHERE "Amount" > 10;
`;

for (const kind of databaseKinds) {
  test(`a domain given a new type is replaced around its columns (${kind})`, async (t) => {
    await loadSqlParser();
    await withDatabase(kind, t, async (db) => {
      const withType = (type: string) =>
        `CREATE SCHEMA "Sales Ω";\nCREATE DOMAIN "Sales Ω"."Amount ""ω""" AS ${type} CONSTRAINT positive CHECK (VALUE > 0);${DOMAIN_USE}`;
      const target = await modelOf(db, withType('bigint'));
      const source = await modelOf(db, withType('integer'));
      await db.exec(`INSERT INTO "Sales Ω"."Order Items" VALUES (1, 5), (2, 50)`);
      const plan = planChanges(diffModels(source, target), { allowDataLoss: true });
      assert.deepEqual(plan.diagnostics, []);
      const sql = plan.up.map((s) => s.sql);
      assert.ok(sql.includes('DROP VIEW "Sales Ω"."Big";'), sql.join('\n'));
      assert.equal(await applyStatements(db, plan.up), undefined);
      await assertEquals(db, target);
      const rows = await db.query<{ amount: string }>(`SELECT "Amount"::text AS amount FROM "Sales Ω"."Big"`);
      assert.deepEqual(
        rows.map((r) => r.amount),
        ['50'],
      );
      assert.equal(await applyStatements(db, plan.down), undefined);
      await assertEquals(db, source);
    });
  });
}

// A function renames its parameter, so it is dropped and created again: the table check and the
// domain check calling it are dropped before and added after, checking the rows again.
for (const kind of databaseKinds) {
  test(`checks calling a routine that is created again are rebuilt around it (${kind})`, async (t) => {
    await loadSqlParser();
    await withDatabase(kind, t, async (db) => {
      const withParameter = (parameter: string) => `
CREATE SCHEMA "Sales Ω";
CREATE FUNCTION "Sales Ω"."is ""ok"""(${parameter} text) RETURNS boolean LANGUAGE sql IMMUTABLE
  AS $$ SELECT length(${parameter}) > 0 $$;
CREATE DOMAIN "Sales Ω".code AS text CONSTRAINT "code ok" CHECK ("Sales Ω"."is ""ok"""(VALUE));
CREATE TABLE "Sales Ω"."Order Items" (id integer PRIMARY KEY, note text, code "Sales Ω".code,
  CONSTRAINT "note ok" CHECK ("Sales Ω"."is ""ok"""(note)));`;
      const target = await modelOf(db, withParameter('candidate'));
      const source = await modelOf(db, withParameter('value'));
      await db.exec(`INSERT INTO "Sales Ω"."Order Items" VALUES (1, 'n', 'c')`);
      const plan = planChanges(diffModels(source, target), { allowDataLoss: true });
      assert.deepEqual(plan.diagnostics, []);
      const sql = plan.up.map((s) => s.sql);
      const dropFunction = sql.findIndex((s) => s.startsWith('DROP FUNCTION'));
      const dropCheck = sql.indexOf('ALTER TABLE "Sales Ω"."Order Items" DROP CONSTRAINT "note ok";');
      const dropDomainCheck = sql.indexOf('ALTER DOMAIN "Sales Ω".code DROP CONSTRAINT "code ok";');
      assert.ok(
        dropCheck >= 0 && dropDomainCheck >= 0 && dropFunction > Math.max(dropCheck, dropDomainCheck),
        sql.join('\n'),
      );
      assert.equal(await applyStatements(db, plan.up), undefined);
      await assertEquals(db, target);
      assert.equal(await applyStatements(db, plan.down), undefined);
      await assertEquals(db, source);
    });
  });
}
