// The proofs that model files, DDL and databases agree exactly.
// 1. model -> DDL -> database -> inspect -> model: equal (embedded and server).
// 2. database -> inspect -> DDL -> fresh database: `pg_dump --schema-only` identical (server).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { generateDdl } from '../src/dialects/postgres/render-ddl.ts';
import { inspectDatabase } from '../src/dialects/postgres/inspect/inspect-database.ts';
import { compareModels } from '../src/model/compare-models.ts';
import { mergeDocumentation } from '../src/model/documentation-merge.ts';
import { formatDiagnostic } from '../src/model/diagnostics.ts';
import { loadSql } from '../src/readers/import-sql.ts';
import { readModel } from '../src/readers/read-model.ts';
import { databaseKinds, serverSkipReason, withDatabase } from './support/databases.ts';
import { assertDumpRoundTrip } from './support/dump-round-trip.ts';

const examples = ['examples/task-manager', 'examples/quiz-platform'];

describe('model -> DDL -> database -> model', () => {
  for (const kind of databaseKinds) {
    for (const example of examples) {
      test(`${example} on the ${kind} database`, async (t) => {
        const read = await readModel(example);
        assert.deepEqual(read.diagnostics.map(formatDiagnostic), []);
        const ddl = await generateDdl(read.model);
        await withDatabase(kind, t, async (db) => {
          const loaded = await loadSql(db, ddl, 'generated.sql');
          assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), []);
          const inspected = await inspectDatabase(db);
          assert.deepEqual(inspected.unsupported, []);
          assert.deepEqual(compareModels(read.model, mergeDocumentation(read.model, inspected.model)), []);
        });
      });
    }
  }
});

describe('database -> model -> DDL -> database, compared by pg_dump', () => {
  test('every supported object kind with hostile names', { skip: serverSkipReason ?? false }, async () => {
    const fixture = await readFile('test/fixtures/features.sql', 'utf8');
    await assertDumpRoundTrip(fixture, 'features.sql', 'Order Status');
  });

  test('the same fixture round-trips through the embedded database into an equal model', async (t) => {
    const fixture = await readFile('test/fixtures/features.sql', 'utf8');
    const models = [];
    for (const kind of databaseKinds) {
      const model = await withDatabase(kind, t, async (db) => {
        const loaded = await loadSql(db, fixture, 'features.sql');
        assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), []);
        const first = await inspectDatabase(db);
        assert.deepEqual(first.unsupported, []);
        return first.model;
      });
      if (model) models.push(model);
    }
    // PostgreSQL 15 and 18 read the same schema into the same model.
    if (models.length === 2) assert.deepEqual(compareModels(models[0]!, models[1]!), []);
  });
});
