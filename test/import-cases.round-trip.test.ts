// Round trips of the cases the schema-transition corpus (npm run conformance:import) found: the SQL
// read by the server and by the embedded database gives the same model, and its DDL rebuilds a server
// database with the same `pg_dump --schema-only`, whichever of the two read it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { inspectDatabase } from '../src/dialects/postgres/inspect/inspect-database.ts';
import { compareModels } from '../src/model/compare-models.ts';
import { formatDiagnostic } from '../src/model/diagnostics.ts';
import type { Model } from '../src/model/model-schema.ts';
import { loadSql } from '../src/readers/import-sql.ts';
import { databaseKinds, serverSkipReason, withDatabase } from './support/databases.ts';
import { assertDumpRoundTrip } from './support/dump-round-trip.ts';

const FILE = 'test/fixtures/import-cases.sql';

describe('import cases', () => {
  test('the server and the embedded database read the same model', async (t) => {
    const fixture = await readFile(FILE, 'utf8');
    const models: Model[] = [];
    for (const kind of databaseKinds) {
      const model = await withDatabase(kind, t, async (db) => {
        const loaded = await loadSql(db, fixture, FILE);
        assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), []);
        const inspected = await inspectDatabase(db);
        assert.deepEqual(inspected.unsupported, []);
        return inspected.model;
      });
      if (model) models.push(model);
    }
    const cases = models[0]?.schemas?.['Import Cases'];
    assert.deepEqual(cases?.tables?.posts?.foreignKeys?.[0]?.onDeleteColumns, ['Author ID']);
    assert.deepEqual(cases?.tables?.posts?.grants, [{ role: 'PUBLIC', privileges: ['all'] }]);
    if (models.length === 2) assert.deepEqual(compareModels(models[0]!, models[1]!), []);
  });

  for (const via of ['server', 'embedded'] as const) {
    test(
      `read by the ${via} database, rebuilt on the server: pg_dump identical`,
      {
        skip: serverSkipReason ?? false,
      },
      async () => {
        const fixture = await readFile(FILE, 'utf8');
        await assertDumpRoundTrip(fixture, FILE, 'ON DELETE SET NULL ("Author ID")', via);
      },
    );
  }
});
