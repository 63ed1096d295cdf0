// The spelling benchmark: a 2,000-table model written by hand (every table with a default, checks and
// a partial index in a spelling PostgreSQL stores differently) is generated into a server database;
// then `schemata diff MODEL URL` runs with an empty cache (PostgreSQL spells both sides) and with a
// warm one (nothing to build), next to `pg_dump --schema-only` of the same database in the same run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createScratchDatabase } from '../../src/db/scratch.ts';
import { generateDdl } from '../../src/dialects/postgres/render-ddl.ts';
import { writeModel } from '../../src/writers/model-files.ts';
import { best, loadDdl, measureFailing } from './measure.ts';
import { handWrittenModel } from './synthetic-model.ts';

const TABLES = 2000;

export async function benchSpelling(serverUrl: string, outDir: string, say: (line: string) => void) {
  const model = handWrittenModel(TABLES);
  const modelFile = join(outDir, 'hand-written.yaml');
  writeFileSync(modelFile, writeModel(model));
  const scratch = await createScratchDatabase(serverUrl, 'schemata_bench');
  const cache = mkdtempSync(join(outDir, 'spelling-cache-'));
  const previous = process.env.SCHEMATA_CACHE_DIR;
  process.env.SCHEMATA_CACHE_DIR = cache;
  try {
    await loadDdl(scratch.url, await generateDdl(model));
    const dump = best(
      [0, 1, 2].map(() =>
        measureFailing('pg_dump', [
          '--schema-only',
          '-f',
          join(outDir, 'hand-written.dump.sql'),
          scratch.url,
        ]),
      ),
    );
    // Equal schemas: diff exits 0 and proves nothing; the spelling is the work measured.
    const diff = () => measureFailing(process.execPath, ['bin/schemata.js', 'diff', modelFile, scratch.url]);
    const cold = diff();
    const warm = best([0, 1, 2].map(diff));
    // One table edited: only that table is spelled again (spell/spell-parts.ts).
    const edited = structuredClone(model);
    const table = Object.values(edited.schemas?.public?.tables ?? {})[TABLES / 2];
    const check = table?.checks?.[0];
    if (check === undefined) throw new Error('the synthetic table has no check to edit');
    check.expression = `(${check.expression}) and true`;
    writeFileSync(modelFile, writeModel(edited));
    // Without the proof, which builds the whole schema whatever the spelling cost (issue of its own).
    const edit = measureFailing(
      process.execPath,
      ['bin/schemata.js', 'diff', modelFile, scratch.url, '--no-verify'],
      [1],
    );
    say('');
    say(`Diff of a ${TABLES.toLocaleString('en')}-table hand-written model with the database built from it:`);
    say('');
    say('| measure | seconds | peak MB | vs pg_dump -s |');
    say('|---|---|---|---|');
    say(`| pg_dump --schema-only | ${dump.seconds.toFixed(2)} | ${dump.peakMb.toFixed(0)} | 1.00x |`);
    say(
      `| schemata diff MODEL URL, empty cache | ${cold.seconds.toFixed(2)} | ${cold.peakMb.toFixed(0)} | ${(cold.seconds / dump.seconds).toFixed(2)}x |`,
    );
    say(
      `| schemata diff MODEL URL, warm cache | ${warm.seconds.toFixed(2)} | ${warm.peakMb.toFixed(0)} | ${(warm.seconds / dump.seconds).toFixed(2)}x |`,
    );
    say(
      `| schemata diff MODEL URL --no-verify, one table edited | ${edit.seconds.toFixed(2)} | ${edit.peakMb.toFixed(0)} | ${(edit.seconds / dump.seconds).toFixed(2)}x |`,
    );
    say('');
    say(
      'Targets: warm within 2x of pg_dump --schema-only; empty cache under 10 s; peak memory under 500 MB.',
    );
  } finally {
    if (previous === undefined) delete process.env.SCHEMATA_CACHE_DIR;
    else process.env.SCHEMATA_CACHE_DIR = previous;
    rmSync(cache, { recursive: true, force: true });
    await scratch.drop();
  }
}
