// The main job on the embedded database, for each example model: validate it, generate DDL, apply it
// to embedded PostgreSQL, inspect the database back into a model, and show that it matches.
// Results go to demo-out/<example>/.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openEmbeddedDatabase } from '../src/db/database.ts';
import { formatDiagnostic, hasErrors } from '../src/model/diagnostics.ts';
import { mergeDocumentation } from '../src/model/documentation-merge.ts';
import { compareModels } from '../src/model/compare-models.ts';
import { generateDdl } from '../src/dialects/postgres/render-ddl.ts';
import { inspectDatabase } from '../src/dialects/postgres/inspect/inspect-database.ts';
import { readModel } from '../src/readers/read-model.ts';
import { loadSql } from '../src/readers/import-sql.ts';
import { writeModel } from '../src/writers/model-files.ts';

const examplesDir = 'examples';
const outDir = 'demo-out';

async function demo(name: string): Promise<boolean> {
  const modelPath = join(examplesDir, name);
  const target = join(outDir, name);
  await mkdir(target, { recursive: true });
  console.log(`\n== ${name}`);

  const read = await readModel(modelPath);
  for (const d of read.diagnostics) console.log(`  ${formatDiagnostic(d)}`);
  if (hasErrors(read.diagnostics)) {
    console.log('  the model has errors; stopping');
    return false;
  }
  const schemas = Object.values(read.model.schemas ?? {});
  const tables = schemas.reduce((n, s) => n + Object.keys(s.tables ?? {}).length, 0);
  console.log(`  1. validated ${read.files.length} model file(s): ${tables} tables, no errors`);
  await writeFile(join(target, 'model.yaml'), writeModel(read.model));

  const ddl = await generateDdl(read.model);
  await writeFile(join(target, 'schema.sql'), ddl);
  console.log(`  2. generated ${ddl.split('\n').length} lines of DDL -> ${join(target, 'schema.sql')}`);

  const db = await openEmbeddedDatabase();
  try {
    const loaded = await loadSql(db, ddl, join(target, 'schema.sql'));
    if (loaded.diagnostics.length > 0) {
      for (const d of loaded.diagnostics) console.log(`  ${formatDiagnostic(d)}`);
      return false;
    }
    console.log(`  3. applied ${loaded.statements} statements to embedded PostgreSQL`);

    const inspected = await inspectDatabase(db);
    const merged = mergeDocumentation(read.model, inspected.model);
    await writeFile(join(target, 'inspected.yaml'), writeModel(merged));
    for (const u of inspected.unsupported) console.log(`  unsupported: ${u.kind} ${u.name}`);
    console.log(`  4. inspected the database back -> ${join(target, 'inspected.yaml')}`);

    const differences = compareModels(read.model, merged);
    if (differences.length > 0 || inspected.unsupported.length > 0) {
      console.log('  5. the database does NOT match the model:');
      for (const line of differences) console.log(`     ${line}`);
      return false;
    }
    console.log('  5. the database matches the model exactly (inspected.yaml equals model.yaml)');
    return true;
  } finally {
    await db.close();
  }
}

await rm(outDir, { recursive: true, force: true });
const names = (await readdir(examplesDir, { withFileTypes: true }))
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
let ok = true;
for (const name of names) ok = (await demo(name)) && ok;
console.log(ok ? '\nAll examples round-trip.' : '\nSome examples did not round-trip.');
process.exitCode = ok ? 0 : 1;
