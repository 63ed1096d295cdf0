// Round-trip conformance on real schemas: for every *.sql file in a directory, load it into a fresh
// server database A with psql, inspect A into a model, generate DDL from the model, load that into a
// fresh database B, and compare `pg_dump --schema-only` of A and B. Differences are allowed only in
// objects that inspect reported as unsupported, by name.
//
//   npm run conformance -- DIR [--only NAME] [--verbose]
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { openServerDatabase } from '../src/db/database.ts';
import { createScratchDatabase } from '../src/db/scratch.ts';
import { inspectDatabase } from '../src/dialects/postgres/inspect/inspect-database.ts';
import { loadWithPsql, rebuildAndCompare, serverUrl, summariseKinds } from './support/corpus-databases.ts';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const verbose = args.includes('--verbose');

if (!dir) {
  console.error('usage: npm run conformance -- DIR [--only NAME] [--verbose]');
  process.exit(2);
}

interface Row {
  file: string;
  objects: number;
  result: 'pass' | 'FAIL';
  detail: string;
  unsupported: string;
}

async function checkFile(path: string): Promise<Row> {
  const file = basename(path);
  const a = await createScratchDatabase(serverUrl, 'schemata_conf');
  const b = await createScratchDatabase(serverUrl, 'schemata_conf');
  try {
    await loadWithPsql(a.url, path);
    const dbA = await openServerDatabase(a.url);
    const inspected = await inspectDatabase(dbA).finally(() => dbA.close());
    const objects = countObjects(inspected.model);
    const unsupported = summariseKinds(inspected.unsupported.map((u) => u.kind));
    const difference = await rebuildAndCompare(inspected.model, inspected.unsupported, a.url, b.url, file);
    if (verbose) for (const u of inspected.unsupported) console.error(`  unsupported ${u.kind} ${u.name}`);
    const result = difference === undefined ? 'pass' : 'FAIL';
    return { file, objects, result, detail: difference ?? '', unsupported };
  } finally {
    await a.drop();
    await b.drop();
  }
}

function countObjects(model: Awaited<ReturnType<typeof inspectDatabase>>['model']): number {
  let count = Object.keys(model.extensions ?? {}).length;
  for (const schema of Object.values(model.schemas ?? {})) {
    count += 1;
    count += Object.keys(schema.enums ?? {}).length + Object.keys(schema.domains ?? {}).length;
    count += Object.keys(schema.sequences ?? {}).length;
    for (const table of Object.values(schema.tables ?? {})) {
      count += 1 + table.columns.length + (table.primaryKey ? 1 : 0);
      count += (table.uniques?.length ?? 0) + (table.foreignKeys?.length ?? 0) + (table.checks?.length ?? 0);
      count += (table.exclusions?.length ?? 0) + (table.indexes?.length ?? 0);
    }
  }
  return count;
}

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.sql') && (!only || f.includes(only)))
  .sort()
  .map((f) => join(dir, f));
const rows: Row[] = [];
for (const path of files) {
  const started = Date.now();
  const row = await checkFile(path).catch((error: Error): Row => ({
    file: basename(path),
    objects: 0,
    result: 'FAIL',
    detail: error.message,
    unsupported: '',
  }));
  rows.push(row);
  console.error(`${row.result} ${row.file} (${Date.now() - started} ms)`);
}

console.log('\n| file | objects | result | unsupported (reported by name) |');
console.log('|---|---|---|---|');
for (const row of rows)
  console.log(`| ${row.file} | ${row.objects} | ${row.result} | ${row.unsupported || '-'} |`);
for (const row of rows.filter((r) => r.result === 'FAIL')) console.log(`\n${row.file}: ${row.detail}`);
const passed = rows.filter((r) => r.result === 'pass').length;
console.log(`\n${passed} passed, ${rows.length - passed} failed`);
process.exit(passed === rows.length ? 0 : 1);
