import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main.ts';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

const A = `schemas:
  public:
    tables:
      t:
        columns:
          - { name: id, type: integer, notNull: true }
          - { name: name, type: text }
        primaryKey: { columns: [id] }
`;
const B = `schemas:
  public:
    tables:
      t:
        columns:
          - { name: id, type: bigint, notNull: true }
          - { name: title, renamedFrom: name, type: text }
        primaryKey: { columns: [id] }
        indexes: [{ columns: [title] }]
`;

test('schemata diff: verified SQL, exit 1 when different, 0 when equal, 2 when data loss is refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'schemata-diff-'));
  const a = join(dir, 'a.yaml');
  const b = join(dir, 'b.yaml');
  const sql = join(dir, 'a.sql');
  await writeFile(a, A);
  await writeFile(b, B);
  await writeFile(sql, 'CREATE TABLE t (id integer NOT NULL CONSTRAINT pk_t PRIMARY KEY, name text);');

  const up = await run(['diff', a, b]);
  assert.equal(up.code, 1, up.stderr);
  assert.match(up.stdout, /ALTER TABLE public\.t RENAME COLUMN name TO title;/);
  assert.match(up.stdout, /ALTER TABLE public\.t ALTER COLUMN id TYPE bigint;/);

  const down = await run(['diff', a, b, '--down', '--no-verify']);
  assert.match(down.stdout, /ALTER TABLE public\.t RENAME COLUMN title TO name;/);

  const json = JSON.parse((await run(['diff', a, b, '--format', 'json', '--no-verify'])).stdout) as {
    changes: { kind: string; action: string }[];
    up: { hazards: { locks: unknown[] } }[];
  };
  assert.deepEqual(
    json.changes.map((c) => `${c.action} ${c.kind}`),
    ['rename column', 'alter column', 'create index'],
  );

  assert.equal((await run(['diff', sql, a])).code, 0);
  const refused = await run(['diff', b, a, '--no-verify']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /error data-loss: drop column public\.t\.title/);
  assert.equal((await run(['diff', b, a, '--allow-data-loss'])).code, 1);
});

// pg_dump writes an OWNER TO line for every object; the roles are not in the dump (the embedded
// database creates them when it loads the file).
const DUMP = `SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE public.items (id integer NOT NULL, name text);
ALTER TABLE public.items OWNER TO app_owner;
CREATE SEQUENCE public.item_ids;
ALTER SEQUENCE public.item_ids OWNER TO app_owner;
CREATE FUNCTION public.answer() RETURNS integer LANGUAGE sql AS 'SELECT 42';
ALTER FUNCTION public.answer() OWNER TO app_reader;
`;
const UNOWNED = `schemas:
  public:
    sequences:
      item_ids: {}
    tables:
      items:
        columns:
          - { name: id, type: integer, notNull: true }
          - { name: name, type: text }
    functions:
      answer():
        language: sql
        returns: integer
        body: SELECT 42
`;

test('schemata diff: owners are changed only where the target model names them', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'schemata-diff-'));
  const dump = join(dir, 'dump.sql');
  const unowned = join(dir, 'unowned.yaml');
  const owned = join(dir, 'owned.yaml');
  const recreated = join(dir, 'recreated.yaml');
  await writeFile(dump, DUMP);
  await writeFile(unowned, UNOWNED);
  await writeFile(owned, UNOWNED.replace('      items:\n', '      items:\n        owner: app_reader\n'));
  await writeFile(recreated, UNOWNED.replace('returns: integer', 'returns: bigint'));

  const same = await run(['diff', dump, unowned]);
  assert.equal(same.code, 0, same.stderr);
  assert.doesNotMatch(same.stdout, /OWNER TO/);

  const json = await run(['diff', dump, owned, '--format', 'json']);
  assert.equal(json.code, 1, json.stderr);
  const plan = JSON.parse(json.stdout) as Record<'up' | 'down', { sql: string }[]>;
  assert.deepEqual(
    plan.up.map((s) => s.sql),
    ['ALTER TABLE public.items OWNER TO app_reader;'],
  );
  assert.deepEqual(
    plan.down.map((s) => s.sql),
    ['ALTER TABLE public.items OWNER TO app_owner;'],
  );

  // A function dropped and created again is given back to its owner.
  const replaced = await run(['diff', dump, recreated, '--no-verify']);
  assert.equal(replaced.code, 1, replaced.stderr);
  assert.deepEqual(replaced.stdout.match(/.*OWNER TO.*/g), [
    'ALTER FUNCTION public.answer() OWNER TO app_reader;',
  ]);
});

test('schemata diff: a renamed table or column renames its identity sequence to the name PostgreSQL implies', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'schemata-diff-'));
  const table = (header: string, column: string, key: string) => `schemas:
  public:
    tables:
      ${header}
        columns:
          - { ${column}, type: bigint, notNull: true, identity: { generation: always } }
        primaryKey: { columns: [${key}] }
`;
  const a = join(dir, 'a.yaml');
  const b = join(dir, 'b.yaml');
  await writeFile(a, table('orders:', 'name: id', 'id'));
  await writeFile(b, table('purchases:\n        renamedFrom: orders', 'name: key, renamedFrom: id', 'key'));
  try {
    // The proof applies both directions and compares: the sequence names must be PostgreSQL's own.
    const up = await run(['diff', a, b]);
    assert.equal(up.code, 1, up.stderr);
    assert.match(up.stdout, /ALTER SEQUENCE public\.orders_id_seq RENAME TO purchases_key_seq;/);
    const down = await run(['diff', a, b, '--down']);
    assert.equal(down.code, 1, down.stderr);
    assert.match(down.stdout, /ALTER SEQUENCE public\.purchases_key_seq RENAME TO orders_id_seq;/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
