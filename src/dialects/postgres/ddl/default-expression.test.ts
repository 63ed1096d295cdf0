import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds, withDatabase } from '../../../../test/support/databases.ts';
import { renderDefaultExpression } from './default-expression.ts';

/** [type, expression, kept without parentheses] */
const cases: [string, string, boolean][] = [
  ['integer', '0', true],
  ['integer', '-1', true],
  ['numeric', '0.5', true],
  ['double precision', '1e3', true],
  ['boolean', 'true', true],
  ['text', 'NULL', true],
  ['timestamp with time zone', 'CURRENT_TIMESTAMP', true],
  ['timestamp with time zone', 'CURRENT_TIMESTAMP(3)', true],
  ['text', "'it''s'", true],
  ['text', "'it''s'::text", true],
  ['jsonb', "'{}'::jsonb", true],
  ['character varying(5)', "'x'::character varying", true],
  ['timestamp(3) with time zone', "'2020-01-01'::timestamp(3) with time zone", true],
  ['numeric(10,2)', "'1'::numeric(10,2)", true],
  ['integer[]', "'{1}'::integer[]", true],
  ['timestamp with time zone', 'now()', true],
  ['bigint', "nextval('s'::regclass)", true],
  ['text', "lower('(X)')", true],
  ['text', "pg_catalog.lower('X')", true],
  ['date', 'now()::date', true],
  ['boolean', '1 > 0 AND true', false],
  ['text', '\'x\'::text COLLATE "C"', false],
  ['text', '\'x\' COLLATE "C"', false],
  ['integer', '1 + 2', false],
  ['boolean', 'NOT false', false],
  ['boolean', "'a' IS NULL", false],
  ['boolean', "lower('a') = lower('b')", false],
  ['text', "'a' || 'b'", false],
  ['text', '$$x$$', false],
  ['text', "E'a\\'b'", false],
  ['text', "lower('a' -- )\n)", false],
  ['text', "CASE WHEN true THEN 'a' ELSE 'b' END", false],
  ['integer', '(1)', false],
  ['text', '"current_user"()', false],
];

describe('renderDefaultExpression', () => {
  test('one plain term stays bare; anything else is parenthesised', () => {
    for (const [, expression, bare] of cases) {
      assert.equal(renderDefaultExpression(expression), bare ? expression : `(${expression})`, expression);
    }
  });

  for (const kind of databaseKinds) {
    test(`PostgreSQL reads each rendered default as the expression itself (${kind})`, async (t) => {
      await withDatabase(kind, t, async (db) => {
        await db.exec('CREATE SEQUENCE s');
        const columns = (render: (expression: string) => string) =>
          cases.map(([type, expression], i) => `c${i} ${type} DEFAULT ${render(expression)}`).join(',\n');
        await db.exec(`CREATE TABLE rendered (${columns(renderDefaultExpression)});`);
        await db.exec(`CREATE TABLE reference (${columns((expression) => `(${expression})`)});`);
        const read = (table: string) =>
          db.query<{ name: string; expression: string; collation: string }>(
            `SELECT a.attname AS name, pg_get_expr(d.adbin, d.adrelid) AS expression, a.attcollation::regcollation::text AS collation
               FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              WHERE a.attrelid = $1::regclass AND a.attnum > 0 ORDER BY a.attnum`,
            [table],
          );
        const [rendered, reference] = [await read('rendered'), await read('reference')];
        assert.equal(rendered.length, cases.length);
        assert.deepEqual(rendered, reference);
      });
    });
  }
});
