// The quick reading of int2[] and int4[] gives what node-postgres's own parser gives, for every shape
// a server sends: checked on the server itself when one is reachable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openServerDatabase, parseIntegerArray } from './database.ts';
import { serverSkipReason, serverUrl } from '../../test/support/databases.ts';

const own = pg.types.getTypeParser(1007 as never, 'text');

test('one-dimensional arrays are read as node-postgres reads them; other shapes go to it', () => {
  for (const text of [
    '{}',
    '{1}',
    '{1,2,3}',
    '{-32768,0,32767}',
    '{NULL,4,NULL}',
    '{{1,2},{3,4}}',
    '[0:1]={5,6}',
  ])
    assert.deepEqual(parseIntegerArray(text, own), own(text), text);
});

test('arrays from the server: the same values through the quick reading', async (t) => {
  if (serverUrl === undefined) return t.skip(serverSkipReason);
  const db = await openServerDatabase(serverUrl);
  try {
    const [row] = await db.query<Record<string, unknown>>(
      `SELECT '{}'::int4[] AS empty, ARRAY[1, -2, NULL]::int4[] AS four, ARRAY[3, 4]::int2[] AS two,
        '{{1,2},{3,4}}'::int4[] AS square, '[0:1]={5,6}'::int4[] AS bounded,
        (SELECT indkey::int2[] FROM pg_index LIMIT 1) IS NOT NULL AS catalog`,
    );
    assert.deepEqual(row, {
      empty: [],
      four: [1, -2, null],
      two: [3, 4],
      square: [
        [1, 2],
        [3, 4],
      ],
      bounded: [5, 6],
      catalog: true,
    });
  } finally {
    await db.close();
  }
});
