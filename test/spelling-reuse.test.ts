// What spelling reuses, and that reusing never changes the answer: an edit re-spells only the tables
// it touched (the rest of the model and every other table come from the cache), a database built from
// the model reads back in a spelling that is already cached, and primary keys and unique constraints
// that stay out of the scratch build are put back where views and routines need them built.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Model } from '../src/model/model-schema.ts';
import { EMBEDDED } from '../src/db/scratch-source.ts';
import { spellModel } from '../src/dialects/postgres/spell/spell-model.ts';
import { inspectDatabase } from '../src/dialects/postgres/inspect/inspect-database.ts';
import { generateDdl } from '../src/dialects/postgres/render-ddl.ts';
import { loadSqlParser } from '../src/dialects/postgres/types.ts';
import { diffModels } from '../src/diff/diff-models.ts';
import { withEmbeddedDatabase } from './support/databases.ts';
import { runCli } from './support/run-cli.ts';
import { withTempDir } from './support/temp-dir.ts';

/** A model written by hand: a dozen tables, a view over one of them, a function, a table row type. */
function shopModel(tables = 12): Model {
  const entries: Record<string, NonNullable<NonNullable<Model['schemas']>[string]['tables']>[string]> = {};
  for (let n = 1; n <= tables; n++) {
    entries[`item_${n}`] = {
      columns: [
        { name: 'id', type: 'int' },
        { name: 'code', type: 'varchar(20)', notNull: true },
        { name: 'state', type: 'text', default: "'new'" },
        { name: 'price', type: 'numeric(10,2)', default: '0' },
      ],
      primaryKey: { columns: ['id'] },
      uniques: [{ columns: ['code'] }],
      checks: [{ name: `item_${n}_state_check`, expression: "state in ('new', 'old')" }],
      indexes: [{ name: `item_${n}_live_idx`, columns: ['code'], where: "state <> 'old'" }],
    };
  }
  return {
    schemata: 1,
    schemas: {
      public: {
        functions: {
          'half(numeric)': {
            arguments: [{ type: 'numeric' }],
            returns: 'numeric',
            language: 'sql',
            body: 'select $1 / 2',
          },
        },
        tables: {
          ...entries,
          // Named in the view: spelled with the rest of the model.
          listed: {
            columns: [
              { name: 'id', type: 'int' },
              { name: 'price', type: 'numeric', default: 'half(10)' },
            ],
            primaryKey: { columns: ['id'] },
          },
        },
        views: {
          // GROUP BY the primary key: the key must exist when the view is created.
          listed_totals: { definition: 'select id, price from listed group by id' },
        },
      },
    },
  };
}

async function withCache<T>(fn: (cache: { dir: string; codeStamp: string }) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'schemata-cache-'));
  try {
    return await fn({ dir, codeStamp: 'test' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('spelling reuses what is cached, without changing the answer', () => {
  test('an edit re-spells only the tables it touched; the result equals spelling afresh', async () => {
    await loadSqlParser();
    await withCache(async (cache) => {
      const model = shopModel();
      const first = await spellModel(model, { source: EMBEDDED, cache });
      assert.ok(first.ok, JSON.stringify(first));
      assert.equal(first.cached, false);
      assert.equal(first.builtTables?.length, 12, 'every separate table was built the first time');

      const edited = structuredClone(model);
      const item3 = edited.schemas!.public!.tables!.item_3!;
      item3.checks![0]!.expression = "state in ('new', 'old', 'gone')";
      item3.columns.push({ name: 'note', type: 'varchar(40)', default: "'-'" });
      const again = await spellModel(edited, { source: EMBEDDED, cache });
      assert.ok(again.ok);
      assert.deepEqual(again.builtTables, ['public.item_3']);
      const afresh = await spellModel(edited, { source: EMBEDDED });
      assert.ok(afresh.ok);
      assert.deepEqual(again.model, afresh.model);
      assert.match(
        again.model.schemas?.public?.tables?.item_3?.checks?.[0]?.expression ?? '',
        /ANY \(ARRAY\['new'::text, 'old'::text, 'gone'::text\]\)/,
      );

      // A table the view names is part of the rest: editing it builds no separate table, and still
      // gives the answer spelling afresh gives.
      const viewed = structuredClone(edited);
      viewed.schemas!.public!.tables!.listed!.columns[1]!.default = 'half(20)';
      const third = await spellModel(viewed, { source: EMBEDDED, cache });
      assert.ok(third.ok);
      assert.deepEqual(third.builtTables, []);
      const thirdAfresh = await spellModel(viewed, { source: EMBEDDED });
      assert.ok(thirdAfresh.ok);
      assert.deepEqual(third.model, thirdAfresh.model);
    });
  });

  test('a database built from the model reads back in a spelling already cached', async () => {
    await loadSqlParser();
    await withCache(async (cache) => {
      const model = shopModel(4);
      const spelled = await spellModel(model, { source: EMBEDDED, cache });
      assert.ok(spelled.ok);
      const inspected = await withEmbeddedDatabase(async (db) => {
        await db.exec(await generateDdl(model));
        return (await inspectDatabase(db)).model;
      });
      const database = await spellModel(inspected, { source: EMBEDDED, cache });
      assert.ok(database.ok);
      assert.equal(database.cached, true, 'no scratch build for the database side');
      assert.deepEqual(diffModels(spelled.model, database.model), []);
      // And what the cache gave is what a build gives.
      const built = await spellModel(inspected, { source: EMBEDDED });
      assert.ok(built.ok);
      assert.deepEqual(database.model, built.model);
    });
  });
});

describe('through the command', () => {
  test('diff after an edit, with a warm cache, says what --no-cache says', async () => {
    await withTempDir({}, async (dir) => {
      const file = join(dir, 'model.yaml');
      const sql = join(dir, 'model.sql');
      await writeFile(file, stringify(shopModel()));
      const generated = await runCli('generate', file);
      assert.equal(generated.code, 0, generated.stderr);
      await writeFile(sql, generated.stdout);
      const equal = await runCli('diff', file, sql);
      assert.equal(equal.code, 0, equal.stdout + equal.stderr);

      const edited = shopModel();
      edited.schemas!.public!.tables!.item_7!.checks![0]!.expression = "state IN ('new','old','x')";
      edited.schemas!.public!.tables!.listed!.columns[1]!.default = 'half(30)';
      await writeFile(file, stringify(edited));
      const warm = await runCli('diff', sql, file);
      const cold = await runCli('diff', sql, file, '--no-cache');
      assert.equal(warm.code, 1, warm.stderr);
      assert.equal(warm.stdout, cold.stdout);
      assert.match(warm.stdout, /item_7_state_check/);
      assert.match(warm.stdout, /half\(30::numeric\)/);
      assert.doesNotMatch(warm.stdout, /item_6/);
    });
  });

  test('keys that views and routine bodies rely on are built: GROUP BY a primary key, ON CONFLICT', async () => {
    await withTempDir({}, async (dir) => {
      const file = join(dir, 'model.yaml');
      const sql = join(dir, 'model.sql');
      await writeFile(
        file,
        [
          'schemata: 1',
          'schemas:',
          '  public:',
          '    tables:',
          '      counters:',
          '        columns:',
          '          - { name: id, type: int }',
          '          - { name: name, type: varchar(40), notNull: true }',
          "          - { name: hits, type: int, notNull: true, default: '0' }",
          '        primaryKey: { columns: [id] }',
          '        uniques: [{ name: counters_name_key, columns: [name] }]',
          '    views:',
          '      counter_names:',
          '        definition: select id, name, count(*) as n from counters group by id',
          '    functions:',
          '      bump(character varying):',
          '        arguments: [{ type: varchar }]',
          '        returns: void',
          '        language: sql',
          '        sqlBody: |-',
          '          BEGIN ATOMIC',
          '            insert into counters (id, name) values (1, $1) on conflict (name) do update set hits = counters.hits + 1;',
          '          END',
          '',
        ].join('\n'),
      );
      const generated = await runCli('generate', file);
      assert.equal(generated.code, 0, generated.stderr);
      await writeFile(sql, generated.stdout);
      for (const [from, to] of [
        [file, sql],
        [sql, file],
      ]) {
        const result = await runCli('diff', from as string, to as string);
        assert.equal(result.code, 0, result.stdout + result.stderr);
      }
    });
  });
});
