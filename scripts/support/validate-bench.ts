// The validate benchmark: `schemata validate` through the bin on a 200-table synthetic model at the
// default scale on embedded PostgreSQL (target: under 30 s), and the sample-data rate (rows made and
// inserted per second) next to COPY of the very same rows into the same database (target: within 3x).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Model } from '../../src/model/model-schema.ts';
import type { Database } from '../../src/db/database.ts';
import { generateDdl } from '../../src/dialects/postgres/render-ddl.ts';
import { loadSqlParser } from '../../src/dialects/postgres/types.ts';
import { quoteIdent, quoteQualified } from '../../src/dialects/postgres/quote.ts';
import { inspectDatabase } from '../../src/dialects/postgres/inspect/inspect-database.ts';
import { runSampleData } from '../../src/validate/sample-data/run-sample-data.ts';
import { exportSampleData } from '../../src/validate/sample-data/export-sample-data.ts';
import { writeModel } from '../../src/writers/model-files.ts';
import { measureFailing } from './measure.ts';
import { syntheticModel } from './synthetic-model.ts';

const TABLES = 200;

/** The synthetic model with estimated volumes: 1,000 to 1,000,000 rows, some tables without one. */
export function modelWithVolumes(tables: number): Model {
  const model = syntheticModel(tables);
  let i = 0;
  for (const table of Object.values(model.schemas?.public?.tables ?? {})) {
    if (i % 7 !== 3) table.volume = { rows: 10 ** (3 + (i % 4)) };
    i++;
  }
  return model;
}

/** PGlite as the library's Database, keeping the PGlite itself for COPY FROM a blob. */
async function openPglite() {
  const { PGlite } = await import('@electric-sql/pglite');
  const pg = new PGlite();
  await pg.waitReady;
  const db: Database = {
    kind: 'embedded',
    query: async <Row extends object>(sql: string, params: readonly unknown[] = []) =>
      (await pg.query<Row>(sql, params as unknown[])).rows,
    exec: async (sql: string) => void (await pg.exec(sql)),
    close: () => pg.close(),
  };
  return { pg, db };
}

/**
 * Sample data for a model (scale chosen for about `rows` rows), timed; then every table emptied and
 * the same rows loaded with COPY from CSV, timed. Both on one embedded database.
 */
export async function measureInsertRate(model: Model, scale: number) {
  await loadSqlParser();
  const { pg, db } = await openPglite();
  try {
    await db.exec(await generateDdl(model));
    const spelled = (await inspectDatabase(db)).model;
    for (const [name, table] of Object.entries(spelled.schemas?.public?.tables ?? {}))
      table.volume = model.schemas?.public?.tables?.[name]?.volume;
    const ctx = {
      db,
      model: spelled,
      serverVersion: 17,
      hasHypopg: false,
      rowCounts: new Map(),
      seed: 1,
      scale,
    };
    const started = performance.now();
    const sample = await runSampleData(ctx);
    const sampleSeconds = (performance.now() - started) / 1000;
    const rows = sample.data.tables.reduce((sum, t) => sum + t.rows.length, 0);

    const csv = exportSampleData(sample.data, 'csv');
    const tables = sample.data.tables;
    await db.exec(`TRUNCATE ${tables.map((t) => quoteQualified(t.schema, t.name)).join(', ')} CASCADE`);
    const copyStarted = performance.now();
    for (const [index, table] of tables.entries()) {
      const file = csv[index];
      if (file === undefined || table.rows.length === 0) continue;
      await pg.query(
        `COPY ${quoteQualified(table.schema, table.name)} (${table.columns.map(quoteIdent).join(', ')}) FROM '/dev/blob' WITH (FORMAT csv, HEADER)`,
        [],
        { blob: new Blob([file.text]) },
      );
    }
    const copySeconds = (performance.now() - copyStarted) / 1000;
    return { rows, sampleSeconds, copySeconds };
  } finally {
    await db.close();
  }
}

export async function benchValidate(outDir: string, say: (line: string) => void): Promise<void> {
  const model = modelWithVolumes(TABLES);
  const file = join(outDir, `validate-model-${TABLES}.yaml`);
  writeFileSync(file, writeModel(model));
  const run = measureFailing(
    process.execPath,
    ['bin/schemata.js', 'validate', file, '-q', '-o', '/dev/null'],
    [0, 1],
  );
  const rate = await measureInsertRate(modelWithVolumes(20), 0.01);
  const sampleRate = rate.rows / rate.sampleSeconds;
  const copyRate = rate.rows / rate.copySeconds;
  say('');
  say('| schemata validate | figure |');
  say('|---|---|');
  say(
    `| ${TABLES}-table model, default scale, embedded (target < 30 s) | ${run.seconds.toFixed(1)} s, ${run.peakMb.toFixed(0)} MB |`,
  );
  say(
    `| sample data: ${rate.rows.toLocaleString('en-US')} rows made and inserted | ${Math.round(sampleRate).toLocaleString('en-US')} rows/s |`,
  );
  say(
    `| COPY of the same rows into the same database | ${Math.round(copyRate).toLocaleString('en-US')} rows/s |`,
  );
  say(`| COPY / sample data (target <= 3) | ${(copyRate / sampleRate).toFixed(2)} |`);
}

// Run on its own: `npx tsx scripts/support/validate-bench.ts [OUT_DIR]`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = process.argv[2] ?? 'bench-out';
  const { mkdirSync } = await import('node:fs');
  mkdirSync(outDir, { recursive: true });
  await benchValidate(outDir, (line) => console.log(line));
}
