// The catalog read splits its queries between two connections on one exported snapshot when the
// server gives a second connection; the result must not depend on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../../../db/database.ts';
import { withServerDatabase } from '../../../../test/support/databases.ts';
import { readCatalog } from './read-catalog.ts';

const SQL = `
CREATE SCHEMA "Odd Schema";
CREATE TABLE "Odd Schema".items (id integer PRIMARY KEY, name text UNIQUE);
CREATE INDEX items_name ON "Odd Schema".items (lower(name));
CREATE VIEW "Odd Schema".names AS SELECT name FROM "Odd Schema".items;
CREATE FUNCTION "Odd Schema".answer() RETURNS integer LANGUAGE sql AS 'SELECT 42';
`;

test('two connections on one snapshot read the same catalog as one connection', async (t) => {
  await withServerDatabase(t, async (db) => {
    await db.exec(SQL);
    const { openPeer: _, ...single } = db;
    const failingPeer: Database = { ...db, openPeer: () => Promise.reject(new Error('too many clients')) };
    const [two, one, fallback] = [
      await readCatalog(db, undefined),
      await readCatalog(single, undefined),
      await readCatalog(failingPeer, undefined),
    ];
    assert.equal(two.indexes.length, 3);
    assert.deepEqual(two, one);
    assert.deepEqual(fallback, one);
    // Nothing is left open: the same connection reads again.
    assert.deepEqual(await readCatalog(db, ['Odd Schema']), await readCatalog(single, ['Odd Schema']));
  });
});
