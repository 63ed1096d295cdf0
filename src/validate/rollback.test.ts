// The rollback check over a migrations directory with the sample data in place, on both kinds of
// database: a down file that deletes rows is found; dropping what the up file made is not a loss; the
// sample database is as it was afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { databaseKinds, withDatabase } from '../../test/support/databases.ts';
import { readMigrationsDirectory } from '../migrations/migrations-directory.ts';
import { loadSql } from '../readers/import-sql.ts';
import type { Database } from '../db/database.ts';
import { checkRollback } from './rollback.ts';
import type { ValidationContext } from './validation.ts';

const DIR = new URL('../../test/fixtures/validate-plans/migrations', import.meta.url).pathname;

async function buildFromMigrations(db: Database): Promise<void> {
  for (const migration of (await readMigrationsDirectory(DIR)).migrations) {
    const loaded = await loadSql(db, readFileSync(migration.up, 'utf8'), migration.up);
    assert.deepEqual(loaded.diagnostics, []);
  }
  await db.exec(`
    INSERT INTO "Sales Dept".customers (email) SELECT 'c' || i || '@example.com' FROM generate_series(1, 50) AS i;
    INSERT INTO "Sales Dept"."order" (customer_id, status, placed_at, "Note")
      SELECT 1 + i % 50, CASE WHEN i % 3 = 0 THEN 'paid' ELSE 'new' END,
             '2024-01-01'::timestamptz + i * interval '1 day', 'note ' || i
        FROM generate_series(1, 300) AS i;`);
}

const count = async (db: Database) =>
  (await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM "Sales Dept"."order"`))[0]?.n;

for (const kind of databaseKinds)
  test(`a down file that deletes rows is a finding; the sample data is kept (${kind})`, async (t) => {
    await withDatabase(kind, t, async (db) => {
      await buildFromMigrations(db);
      const ctx: ValidationContext = {
        db,
        model: {},
        serverVersion: 0,
        hasHypopg: false,
        rowCounts: new Map(),
        seed: 1,
        migrationsDir: DIR,
      };
      const section = await checkRollback(ctx);
      assert.deepEqual(
        section.findings.map((f) => `${f.severity} ${f.code} ${f.object}`),
        [`error rollback-loses-data ${join(DIR, '0003_order_status_index.down.sql')}`],
      );
      assert.match(section.findings[0]?.message ?? '', /row count from 300 to 200 in Sales Dept\.order/);
      assert.equal(
        section.summary,
        '3 of 3 migrations reverted and applied again with the sample data in place, 1 with problems',
      );
      assert.equal(section.lines.length, 3);
      assert.match(section.lines[1] ?? '', /^0002_order_note: down and up again keep the rows/);
      // Everything was rolled back: the rows and the column the down files dropped are there.
      assert.equal(Number(await count(db)), 300);
      const notes = await db.query(`SELECT "Note" FROM "Sales Dept"."order" WHERE "Note" IS NOT NULL`);
      assert.equal(notes.length, 300);
    });
  });

test('without a migrations directory the check says it was skipped', async () => {
  const section = await checkRollback({
    db: undefined as never,
    model: {},
    serverVersion: 0,
    hasHypopg: false,
    rowCounts: new Map(),
    seed: 1,
  });
  assert.equal(section.summary, 'skipped: no migrations directory given');
  assert.deepEqual(section.findings, []);
});
