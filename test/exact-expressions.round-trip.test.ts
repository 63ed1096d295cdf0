// Expressions and queries as inspect writes them must parse back to what PostgreSQL stored: a model
// inspected, generated, applied and inspected again is the same text, on the embedded database and on
// the server. PostgreSQL's own printing is not always exact (an IN list on a varchar column, a cast
// without a name in a later UNION branch or a subquery), so pg_dump of the rebuilt database is
// compared too.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServerDatabase } from '../src/db/database.ts';
import { createScratchDatabase } from '../src/db/scratch.ts';
import { dumpSchema, firstDifferingLines } from '../src/dialects/postgres/pg-dump.ts';
import { serverSkipReason, serverUrl } from './support/databases.ts';
import { runCli } from './support/run-cli.ts';

const FIXTURE = `
CREATE DOMAIN code AS varchar(5) DEFAULT 'a' CHECK (VALUE IN ('a', 'b'));
CREATE TABLE items (
  id int PRIMARY KEY,
  kind varchar(10) DEFAULT 'a' CHECK (kind IN ('a', 'b')),
  grade char(2) CHECK (grade IN ('x', 'y')),
  size int CHECK (size BETWEEN 1 AND 5) CHECK (size <> 3 AND size BETWEEN 1 AND 5),
  old_kind varchar(10) CHECK (old_kind NOT IN ('q', 'r')),
  tags varchar(20)[] DEFAULT ARRAY['p', 'q'],
  labels text[] DEFAULT ARRAY['p'::varchar, 'q'::varchar]::text[],
  price numeric(10,2) DEFAULT 0 CHECK (price >= 0),
  label text GENERATED ALWAYS AS (kind || '-' || grade) STORED
);
CREATE INDEX items_kind ON items ((kind::text)) WHERE kind IN ('a', 'b');
CREATE INDEX items_tags ON items (id) WHERE tags && ARRAY['p']::varchar[];
CREATE VIEW picked AS SELECT id FROM items WHERE kind IN ('a', 'b') AND size BETWEEN 1 AND 2;
CREATE VIEW with_blank AS SELECT s.id FROM (SELECT id FROM items UNION ALL SELECT NULL) s;
CREATE VIEW kinds AS SELECT id, kind FROM items UNION SELECT NULL, NULL;
CREATE VIEW labelled AS SELECT id FROM items i WHERE EXISTS (SELECT 'x' FROM items j WHERE j.id = i.id);
CREATE MATERIALIZED VIEW kind_counts AS SELECT kind, count(*) AS n FROM items WHERE kind IN ('a', 'b') GROUP BY kind;
ALTER TABLE items ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_kinds ON items USING (kind IN ('a', 'b')) WITH CHECK (grade IN ('x', 'y'));
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER touch BEFORE UPDATE ON items FOR EACH ROW
  WHEN (NEW.kind IN ('a', 'b') AND OLD.kind IS DISTINCT FROM NEW.kind) EXECUTE FUNCTION touch();
`;

/** The constructs PostgreSQL prints inexactly, as the model must spell them. */
function assertExactSpellings(model: string): void {
  assert.ok(
    model.includes(
      `kind::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::character varying[]::text[])`,
    ),
  );
  assert.ok(
    model.includes(
      `VALUE::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::character varying[]::text[])`,
    ),
  );
  assert.ok(model.includes(`SELECT NULL::integer AS "?column?"`));
  assert.ok(model.includes(`SELECT 'x'::text AS "?column?"`));
  assert.ok(model.includes(`((size <> 3) AND ((size >= 1) AND (size <= 5)))`));
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'schemata-exact-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function run(...argv: string[]): Promise<void> {
  const result = await runCli(...argv);
  assert.equal(result.code, 0, result.stderr);
}

describe('inspected expressions parse back to what PostgreSQL stored', () => {
  test('embedded: import, generate, import again gives the same model', async () => {
    await withTempDir(async (dir) => {
      const fixture = join(dir, 'fixture.sql');
      await writeFile(fixture, FIXTURE);
      await run('import', fixture, '-o', join(dir, 'first.yaml'));
      await run('generate', join(dir, 'first.yaml'), '-o', join(dir, 'generated.sql'));
      await run('import', join(dir, 'generated.sql'), '-o', join(dir, 'second.yaml'));
      const first = await readFile(join(dir, 'first.yaml'), 'utf8');
      assert.equal(await readFile(join(dir, 'second.yaml'), 'utf8'), first);
      assertExactSpellings(first);
    });
  });

  test(
    'server: inspect, generate, apply, inspect again gives the same model and pg_dump',
    { skip: serverSkipReason ?? false },
    async () => {
      const original = await createScratchDatabase(serverUrl!, 'schemata_test');
      const rebuilt = await createScratchDatabase(serverUrl!, 'schemata_test');
      try {
        await withTempDir(async (dir) => {
          const db = await openServerDatabase(original.url);
          await db.exec(FIXTURE).finally(() => db.close());
          await run('inspect', '--db', original.url, '-o', join(dir, 'first.yaml'));
          await run('generate', join(dir, 'first.yaml'), '-o', join(dir, 'generated.sql'));
          const target = await openServerDatabase(rebuilt.url);
          await target.exec(await readFile(join(dir, 'generated.sql'), 'utf8')).finally(() => target.close());
          await run('inspect', '--db', rebuilt.url, '-o', join(dir, 'second.yaml'));
          const first = await readFile(join(dir, 'first.yaml'), 'utf8');
          assert.equal(await readFile(join(dir, 'second.yaml'), 'utf8'), first);
          assertExactSpellings(first);
        });
        const [dumpA, dumpB] = await Promise.all([dumpSchema(original.url), dumpSchema(rebuilt.url)]);
        if (dumpA !== dumpB) assert.fail(`pg_dump output differs:\n${firstDifferingLines(dumpA, dumpB, 4)}`);
      } finally {
        await original.drop();
        await rebuilt.drop();
      }
    },
  );
});
