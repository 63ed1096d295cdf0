// Round trips of views, materialized views, functions, procedures, aggregates, triggers, row-level
// security, policies and rules (test/fixtures/code-objects.sql), on the embedded and server databases:
// database -> model -> DDL -> fresh database -> the same model, and on the server the same
// `pg_dump --schema-only`.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { generateDdl } from '../src/dialects/postgres/render-ddl.ts';
import { inspectDatabase } from '../src/dialects/postgres/inspect/inspect-database.ts';
import { compareModels } from '../src/model/compare-models.ts';
import { formatDiagnostic } from '../src/model/diagnostics.ts';
import type { Model } from '../src/model/model-schema.ts';
import { loadSql } from '../src/readers/import-sql.ts';
import { databaseKinds, serverSkipReason, withDatabase } from './support/databases.ts';
import { assertDumpRoundTrip } from './support/dump-round-trip.ts';

const FIXTURE = 'test/fixtures/code-objects.sql';

describe('views, routines, triggers, policies and rules round-trip', () => {
  for (const kind of databaseKinds) {
    test(`database -> model -> DDL -> database -> equal model on the ${kind} database`, async (t) => {
      const fixture = await readFile(FIXTURE, 'utf8');
      const first = await withDatabase(kind, t, async (db) => {
        const loaded = await loadSql(db, fixture, 'code-objects.sql');
        assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), []);
        return inspectDatabase(db);
      });
      if (!first) return;
      assert.deepEqual(first.unsupported, []);
      const model = first.model;
      const publicSchema = model.schemas?.public;
      const appSchema = model.schemas?.['App Code'];
      // Every kind arrived in the model.
      assert.ok(appSchema?.views?.['Open Tickets']);
      assert.equal(publicSchema?.views?.ticket_titles_v?.checkOption, 'cascaded');
      assert.equal(publicSchema?.views?.ticket_titles_v?.securityBarrier, true);
      assert.equal(publicSchema?.views?.my_tickets?.securityInvoker, true);
      assert.equal(publicSchema?.materializedViews?.ticket_stats_empty?.withNoData, true);
      assert.equal(publicSchema?.materializedViews?.ticket_stats?.indexes?.[0]?.name, 'ticket_stats_owner');
      assert.ok(publicSchema?.functions?.['add(integer, integer)']?.sqlBody?.startsWith('RETURN'));
      assert.ok(publicSchema?.functions?.['add(numeric, numeric)']?.sqlBody?.startsWith('BEGIN ATOMIC'));
      assert.deepEqual(appSchema?.functions?.['open_tickets(bigint, text[])']?.set, {
        search_path: '"App Code", pg_temp',
        work_mem: '8MB',
      });
      assert.ok(publicSchema?.procedures?.['touch(integer, integer)']);
      // regproc qualifies an overloaded name.
      assert.equal(publicSchema?.aggregates?.['sum_add(integer)']?.combinefunc, 'public.add');
      const ticket = appSchema?.tables?.Ticket;
      assert.equal(ticket?.rowSecurity, true);
      assert.equal(ticket?.forceRowSecurity, true);
      assert.deepEqual(
        ticket?.triggers?.map((trigger) => [trigger.name, trigger.enabled ?? 'origin']),
        [
          ['Touch', 'origin'],
          ['always_on', 'always'],
          ['checked_late', 'origin'],
          ['log_statement', 'origin'],
          ['log_transitions', 'origin'],
          ['replica_only', 'replica'],
          ['switched_off', 'disabled'],
        ],
      );
      assert.deepEqual(ticket?.triggers?.find((tr) => tr.name === 'log_statement')?.arguments, [
        "it's",
        'two',
        'back\\slash',
      ]);
      assert.deepEqual(
        ticket?.policies?.map((policy) => policy.name),
        ['Owners see theirs', 'edit_own', 'no_empty'],
      );
      assert.deepEqual(
        publicSchema?.tables?.audit_note?.rules?.map((rule) => rule.name),
        ['log_update', 'no delete'],
      );

      const ddl = await generateDdl(model);
      assert.equal(await generateDdl(model), ddl, 'the same model gives the same DDL');
      const second = await withDatabase(kind, t, async (db) => {
        const loaded = await loadSql(db, ddl, 'generated.sql');
        assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), []);
        return inspectDatabase(db);
      });
      assert.deepEqual(second?.unsupported, []);
      assert.deepEqual(compareModels(model, second?.model as Model), []);
    });
  }

  test(
    'database -> model -> DDL -> database: pg_dump identical',
    { skip: serverSkipReason ?? false },
    async () => {
      const fixture = await readFile(FIXTURE, 'utf8');
      await assertDumpRoundTrip(fixture, 'code-objects.sql', 'CREATE POLICY "Owners see theirs"');
    },
  );
});

describe('dependency order of a hand-written model', () => {
  // Names sort against the dependencies: view a_top uses view b_middle, which uses function z_count,
  // which returns the row type of table y_items, whose default calls function c_default (SQL body).
  const model: Model = {
    schemas: {
      public: {
        tables: {
          y_items: { columns: [{ name: 'id', type: 'integer', default: 'c_default()' }] },
        },
        functions: {
          'c_default()': { language: 'sql', returns: 'integer', sqlBody: 'RETURN 1' },
          'z_count()': {
            language: 'sql',
            returns: 'SETOF y_items',
            sqlBody: 'BEGIN ATOMIC SELECT * FROM y_items; END',
          },
        },
        views: {
          a_top: { definition: 'SELECT id FROM b_middle' },
          b_middle: { definition: 'SELECT id FROM z_count()' },
        },
      },
    },
  };
  for (const kind of databaseKinds) {
    test(`loads without errors and reads back equal on the ${kind} database`, async (t) => {
      const ddl = await generateDdl(model);
      const order = [
        'FUNCTION public.c_default',
        'TABLE public.y_items',
        'FUNCTION public.z_count',
        'VIEW public.b_middle',
        'VIEW public.a_top',
      ];
      const positions = order.map((statement) => ddl.indexOf(`CREATE ${statement}`));
      assert.deepEqual(
        [...positions].sort((x, y) => x - y),
        positions,
        ddl,
      );
      await withDatabase(kind, t, async (db) => {
        const loaded = await loadSql(db, ddl, 'generated.sql');
        assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), []);
        const inspected = await inspectDatabase(db);
        const views = inspected.model.schemas?.public?.views;
        assert.deepEqual(Object.keys(views ?? {}), ['a_top', 'b_middle']);
      });
    });
  }
});
