// The backup check on both kinds of database: pg_dump -Fc and pg_restore on the server, PGlite's own
// dump and load when embedded; the schema and the row counts of the flawed shop come through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds, serverUrl, withDatabase } from '../../test/support/databases.ts';
import { flawedShopContext, SAMPLE_ROWS } from '../../test/fixtures/validate-plans/flawed-shop.ts';
import { checkBackup } from './backup-check.ts';

for (const kind of databaseKinds)
  test(`the sample database is dumped and restored with its schema and rows (${kind})`, async (t) => {
    await withDatabase(kind, t, async (db) => {
      const ctx = await flawedShopContext(db);
      const section = await checkBackup({
        ...ctx,
        backupCheck: true,
        ...(kind === 'server' && serverUrl !== undefined && { devDb: serverUrl }),
      });
      assert.deepEqual(section.findings, []);
      const total = SAMPLE_ROWS.customers + SAMPLE_ROWS.orders + SAMPLE_ROWS.lines;
      const how = kind === 'server' ? 'pg_dump -Fc and pg_restore' : "PGlite's dumpDataDir and loadDataDir";
      assert.equal(
        section.summary,
        `dumped and restored with ${how}: schema and ${total.toLocaleString('en-US')} rows in 3 tables match`,
      );
      assert.deepEqual(section.details.rowsAfter, section.details.rowsBefore);
      // Not asked for: nothing is dumped.
      const skipped = await checkBackup(ctx);
      assert.equal(skipped.summary, 'skipped: --backup-check not given');
    });
  });
