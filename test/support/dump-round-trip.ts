// Proof 2 of every object kind: SQL -> database A -> inspect -> DDL -> database B, and
// `pg_dump --schema-only` of A and B must be identical. Server only (pg_dump is the oracle).
import assert from 'node:assert/strict';
import { openEmbeddedDatabase, openServerDatabase, type Database } from '../../src/db/database.ts';
import { createScratchDatabase } from '../../src/db/scratch.ts';
import { inspectDatabase } from '../../src/dialects/postgres/inspect/inspect-database.ts';
import { dumpSchema, firstDifferingLines } from '../../src/dialects/postgres/pg-dump.ts';
import { generateDdl } from '../../src/dialects/postgres/render-ddl.ts';
import { formatDiagnostic } from '../../src/model/diagnostics.ts';
import type { Model } from '../../src/model/model-schema.ts';
import { loadSql } from '../../src/readers/import-sql.ts';
import { serverUrl } from './databases.ts';

/** Loads SQL into `db` without errors and inspects it into a model with nothing left out. */
export async function loadAndInspect(db: Database, sql: string, file: string): Promise<Model> {
  const loaded = await loadSql(db, sql, file);
  assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), []);
  const inspected = await inspectDatabase(db);
  assert.deepEqual(inspected.unsupported, []);
  return inspected.model;
}

/**
 * Loads `sql` into a scratch database, rebuilds a second one from its inspected model, and asserts
 * the dumps are equal. `marker` is a line the first dump must contain, proving the fixture loaded.
 * With `via: 'embedded'` the model is read from the SQL loaded into the embedded database instead,
 * as `schemata import` does (PostgreSQL 18 read, the server's version applied).
 */
export async function assertDumpRoundTrip(
  sql: string,
  file: string,
  marker: string,
  via: 'server' | 'embedded' = 'server',
): Promise<void> {
  const a = await createScratchDatabase(serverUrl!, 'schemata_test');
  const b = await createScratchDatabase(serverUrl!, 'schemata_test');
  try {
    const dbA = await openServerDatabase(a.url);
    let model: Model;
    try {
      if (via === 'server') model = await loadAndInspect(dbA, sql, file);
      else {
        const loaded = await loadSql(dbA, sql, file);
        assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), []);
        const embedded = await openEmbeddedDatabase();
        model = await loadAndInspect(embedded, sql, file).finally(() => embedded.close());
      }
    } finally {
      await dbA.close();
    }
    const ddl = await generateDdl(model);
    const dbB = await openServerDatabase(b.url);
    try {
      const loaded = await loadSql(dbB, ddl, 'generated.sql');
      assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), []);
    } finally {
      await dbB.close();
    }
    const [dumpA, dumpB] = await Promise.all([dumpSchema(a.url), dumpSchema(b.url)]);
    assert.ok(dumpA.includes(marker), 'the fixture loaded');
    if (dumpA !== dumpB) assert.fail(`pg_dump output differs:\n${firstDifferingLines(dumpA, dumpB, 4)}`);
  } finally {
    await a.drop();
    await b.drop();
  }
}
