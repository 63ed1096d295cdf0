// Round trips of partitioned tables, partitions, inheritance and CLUSTER ON
// (test/fixtures/partitions.sql): database -> model -> DDL -> database compared by pg_dump on the
// server, and database -> model -> DDL -> database -> model equal on both databases.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { generateDdl } from '../src/dialects/postgres/render-ddl.ts';
import { inspectDatabase } from '../src/dialects/postgres/inspect/inspect-database.ts';
import { compareModels } from '../src/model/compare-models.ts';
import { formatDiagnostic } from '../src/model/diagnostics.ts';
import type { Model } from '../src/model/model-schema.ts';
import { loadSql } from '../src/readers/import-sql.ts';
import { readModelSources } from '../src/readers/read-model.ts';
import { writeModel } from '../src/writers/model-files.ts';
import { databaseKinds, serverSkipReason, withDatabase } from './support/databases.ts';
import { assertDumpRoundTrip } from './support/dump-round-trip.ts';

const FIXTURE = 'test/fixtures/partitions.sql';

describe('partitioned tables and inheritance', () => {
  test(
    'database -> model -> DDL -> database: pg_dump identical',
    { skip: serverSkipReason ?? false },
    async () => {
      const fixture = await readFile(FIXTURE, 'utf8');
      await assertDumpRoundTrip(fixture, 'partitions.sql', 'ATTACH PARTITION "Part Sales"."Lines 2024 EU"');
    },
  );

  for (const kind of databaseKinds) {
    test(`database -> model -> DDL -> database -> model on the ${kind} database`, async (t) => {
      const fixture = await readFile(FIXTURE, 'utf8');
      const first = await withDatabase(kind, t, async (db) => {
        const loaded = await loadSql(db, fixture, 'partitions.sql');
        assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), []);
        const inspected = await inspectDatabase(db);
        assert.deepEqual(inspected.unsupported, []);
        return inspected.model;
      });
      if (!first) return;
      assertPartitionsModelled(first);
      // The model as a file reads back valid and equal.
      const reread = await readModelSources([{ file: 'model.yaml', text: writeModel(first) }]);
      assert.deepEqual(reread.diagnostics.map(formatDiagnostic), []);
      assert.deepEqual(compareModels(first, reread.model), []);
      const ddl = await generateDdl(reread.model);
      await withDatabase(kind, t, async (db) => {
        const loaded = await loadSql(db, ddl, 'generated.sql');
        assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), []);
        const second = await inspectDatabase(db);
        assert.deepEqual(second.unsupported, []);
        assert.deepEqual(compareModels(first, second.model), []);
      });
    });
  }
});

/** What the fixture must read as: the parts a user of the model sees. */
function assertPartitionsModelled(model: Model) {
  const sales = model.schemas?.['Part Sales']?.tables ?? {};
  const lines = sales['Order Lines'];
  assert.deepEqual(lines?.partitionBy, { strategy: 'range', columns: ['placed At'] });
  assert.deepEqual(sales['Lines 2024']?.partitionOf, {
    table: 'Order Lines',
    bound: "FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00')",
  });
  assert.deepEqual(sales['Lines 2024']?.partitionBy, { strategy: 'list', columns: ['region'] });
  assert.deepEqual(sales['Lines 2024 other']?.partitionOf?.bound, 'DEFAULT');
  // Only what the partition has of its own: the parent's columns, keys and indexes are not repeated.
  assert.deepEqual(sales['Lines 2024 EU']?.columns, [
    { name: 'qty', type: 'integer', default: '2', description: 'Two by default in Europe' },
  ]);
  assert.deepEqual(sales['Lines 2025']?.columns, []);
  assert.equal(sales['Lines 2025']?.primaryKey, undefined);
  assert.deepEqual(
    sales['Lines 2025']?.indexes?.map((index) => index.name),
    ['Lines 2025 own index'],
  );
  const tables = model.schemas?.public?.tables ?? {};
  assert.deepEqual(tables.by_expression?.partitionBy, {
    strategy: 'range',
    columns: [
      { expression: 'lower(name)', collation: 'C', opclass: 'text_pattern_ops' },
      { expression: '(n + 1)' },
    ],
  });
  assert.deepEqual(tables['Child Item']?.inherits, [{ table: 'Base "Item"' }]);
  assert.deepEqual(
    tables['Child Item']?.columns.map((column) => column.name),
    ['extra'],
  );
  assert.deepEqual(tables.two_parents?.inherits, [{ table: 'Base "Item"' }, { table: 'tagged' }]);
  assert.equal(tables.clustered?.clusterOn, 'clustered_v');
}
