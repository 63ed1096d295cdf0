// Round trips of composite types, range types, collations, extended statistics and text search
// dictionaries and configurations (test/fixtures/type-objects.sql), on the embedded and server
// databases: database -> model -> DDL -> fresh database -> the same model, on the server the same
// `pg_dump --schema-only`; and a hand-written model whose names sort against its dependencies.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { type Database } from '../src/db/database.ts';
import { generateDdl } from '../src/dialects/postgres/render-ddl.ts';
import { inspectDatabase } from '../src/dialects/postgres/inspect/inspect-database.ts';
import { compareModels } from '../src/model/compare-models.ts';
import { formatDiagnostic } from '../src/model/diagnostics.ts';
import type { Model } from '../src/model/model-schema.ts';
import { loadSql } from '../src/readers/import-sql.ts';
import { databaseKinds, serverSkipReason, withDatabase } from './support/databases.ts';
import { assertDumpRoundTrip } from './support/dump-round-trip.ts';

const FIXTURE = 'test/fixtures/type-objects.sql';

async function load(db: Database, sql: string, file: string): Promise<void> {
  const loaded = await loadSql(db, sql, file);
  assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), []);
}

describe('composite and range types, collations, statistics and text search round-trip', () => {
  for (const kind of databaseKinds) {
    test(`database -> model -> DDL -> database -> equal model on the ${kind} database`, async (t) => {
      const fixture = await readFile(FIXTURE, 'utf8');
      const first = await withDatabase(kind, t, async (db) => {
        await load(db, fixture, 'type-objects.sql');
        return inspectDatabase(db);
      });
      if (!first) return;
      assert.deepEqual(first.unsupported, []);
      const types = first.model.schemas?.['Ty pes'];
      const publicSchema = first.model.schemas?.public;
      assert.deepEqual(types?.compositeTypes?.['Point 3'], {
        attributes: [
          { name: 'x', type: 'double precision' },
          { name: 'Y z', type: '"Ty pes".pos', description: 'the y' },
          { name: 'label', type: 'text', collation: '"Ty pes".c_posix' },
          { name: 'm', type: '"Ty pes".mood' },
        ],
        description: 'a point',
      });
      assert.deepEqual(publicSchema?.compositeTypes?.empty_row, { attributes: [] });
      assert.deepEqual(types?.rangeTypes?.timerange, {
        subtype: 'time without time zone',
        subtypeDiff: 'time_diff',
        multirangeTypeName: '"Ty pes"."time multi"',
      });
      assert.deepEqual(types?.rangeTypes?.textrange, {
        subtype: 'text',
        subtypeOpclass: 'text_pattern_ops',
        collation: '"Ty pes".c_posix',
      });
      assert.deepEqual(types?.collations?.c_posix, { lcCollate: 'C', lcCtype: 'POSIX' });
      assert.deepEqual(publicSchema?.collations?.['plain "c"'], { locale: 'C' });
      assert.deepEqual(types?.statistics?.['st 1'], {
        table: 'T',
        kinds: ['ndistinct', 'dependencies'],
        columns: ['a', 'b'],
      });
      assert.equal(types?.statistics?.st2?.statisticsTarget, 500);
      assert.deepEqual(publicSchema?.statistics?.st3?.tableSchema, 'Ty pes');
      assert.deepEqual(types?.textSearchDictionaries?.['simple nostop'], {
        template: 'simple',
        options: { stopwords: 'english', accept: 'false' },
        description: 'dict',
      });
      assert.deepEqual(types?.textSearchConfigurations?.['my cfg']?.mappings?.asciiword, [
        '"Ty pes"."simple nostop"',
        'english_stem',
      ]);
      assert.equal(types?.textSearchConfigurations?.['my cfg']?.mappings?.email, undefined);

      const ddl = await generateDdl(first.model);
      assert.equal(await generateDdl(first.model), ddl, 'the same model gives the same DDL');
      const second = await withDatabase(kind, t, async (db) => {
        await load(db, ddl, 'generated.sql');
        return inspectDatabase(db);
      });
      assert.deepEqual(second?.unsupported, []);
      assert.deepEqual(compareModels(first.model, second?.model as Model), []);
    });
  }

  test(
    'database -> model -> DDL -> database: pg_dump identical',
    { skip: serverSkipReason ?? false },
    async () => {
      const fixture = await readFile(FIXTURE, 'utf8');
      await assertDumpRoundTrip(fixture, 'type-objects.sql', 'CREATE STATISTICS "Ty pes".st2');
    },
  );
});

describe('types of a hand-written model in dependency order', () => {
  // Names sort against the dependencies: composite a_pair uses domain b_score, which is based on
  // composite c_inner; range d_span's subtype_diff is function z_diff; table e_items uses all of them.
  const model: Model = {
    schemas: {
      public: {
        enums: { f_mood: { values: ['up', 'down'] } },
        domains: { b_score: { type: 'c_inner' } },
        compositeTypes: {
          a_pair: {
            attributes: [
              { name: 'score', type: 'b_score' },
              { name: 'mood', type: 'f_mood', description: 'how it feels' },
            ],
            description: 'a pair',
          },
          c_inner: { attributes: [{ name: 'Value', type: 'numeric(10,2)' }] },
        },
        rangeTypes: { d_span: { subtype: 'numeric', subtypeDiff: 'z_diff', description: 'a span' } },
        functions: {
          'z_diff(numeric, numeric)': {
            language: 'sql',
            arguments: [{ type: 'numeric' }, { type: 'numeric' }],
            returns: 'double precision',
            volatility: 'immutable',
            body: 'SELECT ($1 - $2)::float8',
          },
        },
        tables: {
          e_items: {
            columns: [
              { name: 'pair', type: 'a_pair' },
              { name: 'span', type: 'd_span' },
              { name: 'a', type: 'integer' },
              { name: 'b', type: 'integer' },
            ],
          },
        },
        statistics: {
          e_stats: { table: 'e_items', kinds: ['mcv'], columns: ['a', 'b'], statisticsTarget: 100 },
        },
      },
    },
  };
  for (const kind of databaseKinds) {
    test(`model -> DDL -> database -> equal model on the ${kind} database`, async (t) => {
      const ddl = await generateDdl(model);
      const order = [
        'TYPE public.c_inner',
        'DOMAIN public.b_score',
        'TYPE public.a_pair',
        'FUNCTION public.z_diff',
        'TYPE public.d_span',
        'TABLE public.e_items',
        'STATISTICS public.e_stats',
      ];
      const positions = order.map((statement) => ddl.indexOf(`CREATE ${statement}`));
      assert.ok(
        positions.every((position) => position >= 0),
        ddl,
      );
      assert.ok(ddl.indexOf('CREATE TYPE public.c_inner') < ddl.indexOf('CREATE DOMAIN public.b_score'), ddl);
      assert.ok(ddl.indexOf('CREATE DOMAIN public.b_score') < ddl.indexOf('CREATE TYPE public.a_pair'), ddl);
      assert.ok(ddl.indexOf('CREATE FUNCTION public.z_diff') < ddl.indexOf('CREATE TYPE public.d_span'), ddl);
      assert.ok(ddl.indexOf('CREATE TYPE public.d_span') < ddl.indexOf('CREATE TABLE public.e_items'), ddl);
      const inspected = await withDatabase(kind, t, async (db) => {
        await load(db, ddl, 'generated.sql');
        return inspectDatabase(db);
      });
      if (!inspected) return;
      assert.deepEqual(inspected.unsupported, []);
      assert.deepEqual(compareModels(model, inspected.model), []);
    });
  }
});

describe('ICU collations', () => {
  for (const kind of databaseKinds) {
    test(`a nondeterministic ICU collation round-trips on the ${kind} database`, async (t) => {
      const model: Model = {
        schemas: {
          'Coll ations': {
            collations: {
              'case insensitive': { provider: 'icu', locale: 'und-u-ks-level2', deterministic: false },
            },
            tables: {
              names: {
                columns: [{ name: 'name', type: 'text', collation: '"Coll ations"."case insensitive"' }],
              },
            },
          },
        },
      };
      const ddl = await generateDdl(model);
      await withDatabase(kind, t, async (db) => {
        const [icu] = await db.query<{ present: boolean }>(
          `SELECT EXISTS (SELECT FROM pg_collation WHERE collprovider = 'i') AS present`,
        );
        if (!icu?.present) {
          t.skip('this database is built without ICU: it has no ICU collations and cannot create one');
          return;
        }
        await load(db, ddl, 'generated.sql');
        const inspected = await inspectDatabase(db);
        assert.deepEqual(inspected.unsupported, []);
        assert.deepEqual(compareModels(model, inspected.model), []);
      });
    });
  }
});
