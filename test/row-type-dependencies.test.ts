// Objects that use a table's or a view's row type: a domain over a table (CREATE DOMAIN d AS t), a
// function returning a view's rows (RETURNS SETOF v). The generated script and the plans create each
// after what it uses and drop it before; every plan here is proved on embedded PostgreSQL by the
// command itself (exit 2 when a statement fails).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { runCli } from './support/run-cli.ts';
import { withTempDir } from './support/temp-dir.ts';

const EMPTY = 'schemata: 1\n';

/** The position of each pattern in text, asserting each is there. */
function positions(text: string, ...patterns: RegExp[]): number[] {
  return patterns.map((pattern) => {
    const at = text.search(pattern);
    assert.ok(at >= 0, `${pattern} in:\n${text}`);
    return at;
  });
}

describe('a domain over a table row type', () => {
  // w has a column of the domain y, which is over the table x.
  const MODEL = `schemas:
  public:
    domains:
      y: { type: x }
    tables:
      w:
        columns:
          - { name: c, type: y }
      x:
        columns:
          - { name: a, type: integer }
`;

  test('generate creates the table, then the domain, then the table using the domain', async () => {
    await withTempDir({ 'model.yaml': MODEL }, async (dir) => {
      const generated = await runCli('generate', join(dir, 'model.yaml'));
      assert.equal(generated.code, 0, generated.stderr);
      const [x, y, w] = positions(
        generated.stdout,
        /CREATE TABLE public\.x /,
        /CREATE DOMAIN public\.y AS x;/,
        /CREATE TABLE public\.w /,
      );
      assert.ok(x! < y! && y! < w!, generated.stdout);
      // The script loads (diff builds the .sql side on embedded PostgreSQL) and gives the model.
      await writeFile(join(dir, 'schema.sql'), generated.stdout);
      const same = await runCli('diff', join(dir, 'schema.sql'), join(dir, 'model.yaml'));
      assert.equal(same.code, 0, same.stderr);
    });
  });

  test('a plan adding them creates the domain after its table; its reverse drops it before', async () => {
    await withTempDir({ 'empty.yaml': EMPTY, 'model.yaml': MODEL }, async (dir) => {
      // Verified on embedded PostgreSQL, the reverse plan too.
      const up = await runCli('diff', join(dir, 'empty.yaml'), join(dir, 'model.yaml'));
      assert.equal(up.code, 1, up.stderr);
      const [x, y, w] = positions(
        up.stdout,
        /CREATE TABLE public\.x /,
        /CREATE DOMAIN public\.y AS x;/,
        /CREATE TABLE public\.w /,
      );
      assert.ok(x! < y! && y! < w!, up.stdout);

      const down = await runCli(
        'diff',
        join(dir, 'empty.yaml'),
        join(dir, 'model.yaml'),
        '--down',
        '--no-verify',
      );
      assert.equal(down.code, 1, down.stderr);
      const [dropW, dropY, dropX] = positions(
        down.stdout,
        /DROP TABLE public\.w;/,
        /DROP DOMAIN public\.y;/,
        /DROP TABLE public\.x;/,
      );
      assert.ok(dropW! < dropY! && dropY! < dropX!, down.stdout);
    });
  });
});

describe('a view whose row type a function returns', () => {
  // Definitions as pg_get_viewdef prints them (and `schemata import` writes them).
  const model = (definition: string) => `schemas:
  public:
    tables:
      t:
        columns:
          - { name: a, type: integer }
          - { name: b, type: text }
    views:
      v:
        definition: ${JSON.stringify(definition)}
    functions:
      f():
        language: sql
        returns: SETOF v
        body: SELECT * FROM v
`;
  const BEFORE = model('SELECT a,\n    b\n   FROM t');

  test('a new definition with the same columns replaces the view in place and leaves the function', async () => {
    await withTempDir(
      { 'before.yaml': BEFORE, 'after.yaml': model('SELECT a,\n    b\n   FROM t\n  WHERE a > 0') },
      async (dir) => {
        const up = await runCli('diff', join(dir, 'before.yaml'), join(dir, 'after.yaml'));
        assert.equal(up.code, 1, up.stderr);
        assert.match(up.stdout, /CREATE OR REPLACE VIEW public\.v AS/);
        assert.doesNotMatch(up.stdout, /DROP VIEW|FUNCTION/);
      },
    );
  });

  test('columns in a new order drop the function before the view and create it after', async () => {
    await withTempDir(
      { 'before.yaml': BEFORE, 'after.yaml': model('SELECT b,\n    a\n   FROM t') },
      async (dir) => {
        // Verified on embedded PostgreSQL, the reverse plan too: PostgreSQL refuses to drop the view
        // while the function returns its rows.
        const up = await runCli('diff', join(dir, 'before.yaml'), join(dir, 'after.yaml'));
        assert.equal(up.code, 1, up.stderr);
        const [dropF, dropV, createV, createF] = positions(
          up.stdout,
          /DROP FUNCTION public\.f\(\);/,
          /DROP VIEW public\.v;/,
          /CREATE VIEW public\.v AS/,
          /CREATE FUNCTION public\.f\(\)/,
        );
        assert.ok(dropF! < dropV! && dropV! < createV! && createV! < createF!, up.stdout);
      },
    );
  });
});
