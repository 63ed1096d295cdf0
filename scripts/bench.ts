// Speed and memory of schemata against a reference measured in the same run.
//   npm run bench [-- --sizes 100,1000,2000] [--variants plain,objects]
//                 [--diff-only | --lint-only | --runner-only | --docs-only | --validate-only]
//                 [--corpus DIR] [--realistic-sizes 500,2000] [--big 10000 (0: skip)]
// Variants: plain tables, and `objects`, where every tenth table also has a view, a trigger function,
// a trigger and a row-security policy. For each variant and size: a synthetic schema is loaded into a
// scratch database on the server; then `schemata inspect` and `pg_dump --schema-only` run on it (wall
// time and peak memory of each process), and `schemata generate` runs on the model (in-process render
// time and whole command). Then the diff of two 2,000-table models against apgdiff
// (scripts/support/diff-bench.ts), and the diff of a hand-written model with its database, cold and
// warm (scripts/support/spelling-bench.ts), and lint of a 2,000-table model, database and a
// 5,000-statement SQL file (scripts/support/lint-bench.ts). Last, the migration runner: migrate up against
// psql, status and drift of 2,000 tables, a fan-out over 100 schemas (scripts/support/runner-bench.ts).
// Then diagrams and documentation of a 1,000-table model: `erd --format svg` and `docs` with the
// overview page in Chromium (scripts/support/erd-bench.ts, docs-bench.ts), and validate of a 200-table
// model with the sample-data rate next to COPY (scripts/support/validate-bench.ts).
// The commands run from the bundle that `npm run build` writes, built
// first when it is missing or stale.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createScratchDatabase } from '../src/db/scratch.ts';
import { generateDdl, renderDdl } from '../src/dialects/postgres/render-ddl.ts';
import { writeModel } from '../src/writers/model-files.ts';
import { syntheticModel, type SyntheticVariant } from './support/synthetic-model.ts';
import { best, loadDdl, measureFailing, type Measure } from './support/measure.ts';
import { benchDiff } from './support/diff-bench.ts';
import { benchSpelling } from './support/spelling-bench.ts';
import { benchRealistic } from './support/realistic-bench.ts';
import { benchLint } from './support/lint-bench.ts';
import { benchRunner } from './support/runner-bench.ts';
import { benchErdSvg } from './support/erd-bench.ts';
import { benchDocs } from './support/docs-bench.ts';
import { benchValidate } from './support/validate-bench.ts';

const serverUrl = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const option = (flag: string): string | undefined =>
  process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : undefined;
const lintOnly = process.argv.includes('--lint-only');
const runnerOnly = process.argv.includes('--runner-only');
const docsOnly = process.argv.includes('--docs-only');
const validateOnly = process.argv.includes('--validate-only');
const diffOnly = process.argv.includes('--diff-only');
const only = diffOnly || lintOnly || runnerOnly || docsOnly || validateOnly;
const sizes = only ? [] : (option('--sizes') ?? '100,1000,2000').split(',').map(Number);
const variants = (option('--variants') ?? 'plain,objects').split(',').map((variant) => {
  if (variant !== 'plain' && variant !== 'objects')
    throw new Error(`unknown variant ${variant}: plain or objects`);
  return variant satisfies SyntheticVariant;
});
const outDir = 'bench-out';
mkdirSync(outDir, { recursive: true });
// Spellings are cached in the run's own directory: every run starts cold, and the user's cache is left alone.
const cacheDir = join(outDir, 'cache');
rmSync(cacheDir, { recursive: true, force: true });
process.env.SCHEMATA_CACHE_DIR = cacheDir;

const lines: string[] = [];
const say = (line: string) => {
  console.log(line);
  lines.push(line);
};

const ratios: string[] = [];
if (sizes.length > 0) {
  say(
    `| variant | tables | pg_dump -s (s) | inspect (s) | ratio | pg_dump MB | inspect MB | render (s) | generate cmd (s) | generate MB |`,
  );
  say(`|---|---|---|---|---|---|---|---|---|---|`);
  for (const variant of variants)
    for (const size of sizes) {
      ratios.push(await benchSize(variant, size));
    }
}

async function benchSize(variant: SyntheticVariant, size: number): Promise<string> {
  const model = syntheticModel(size, variant);
  const ddl = await generateDdl(model);
  const stem = `${variant}-${size}`;
  const modelFile = join(outDir, `model-${stem}.yaml`);
  writeFileSync(modelFile, writeModel(model));
  const scratch = await createScratchDatabase(serverUrl, 'schemata_bench');
  try {
    await loadDdl(scratch.url, ddl);
    const repeats = 3;
    const dumpRuns: Measure[] = [];
    const inspectRuns: Measure[] = [];
    for (let i = 0; i < repeats; i++) {
      dumpRuns.push(
        measureFailing('pg_dump', ['--schema-only', '-f', join(outDir, `dump-${stem}.sql`), scratch.url]),
      );
      // A fresh file each time, as pg_dump writes one: onto an existing model, inspect also reads it to
      // keep its documentation.
      const inspected = join(outDir, `inspected-${stem}.yaml`);
      rmSync(inspected, { force: true });
      inspectRuns.push(
        measureFailing(process.execPath, [
          'bin/schemata.js',
          'inspect',
          '--db',
          scratch.url,
          '-o',
          inspected,
        ]),
      );
    }
    const started = performance.now();
    renderDdl(model);
    const renderSeconds = (performance.now() - started) / 1000;
    const generateRuns = [0, 1, 2].map(() =>
      measureFailing(process.execPath, [
        'bin/schemata.js',
        'generate',
        modelFile,
        '-o',
        join(outDir, `generated-${stem}.sql`),
      ]),
    );
    const dump = best(dumpRuns);
    const inspect = best(inspectRuns);
    const generate = best(generateRuns);
    const ratio = `${(inspect.seconds / dump.seconds).toFixed(2)}x`;
    say(
      `| ${variant} | ${size} | ${dump.seconds.toFixed(2)} | ${inspect.seconds.toFixed(2)} | ${ratio} | ` +
        `${dump.peakMb.toFixed(0)} | ${inspect.peakMb.toFixed(0)} | ${renderSeconds.toFixed(3)} | ${generate.seconds.toFixed(2)} | ${generate.peakMb.toFixed(0)} |`,
    );
    return `${variant} ${size}: inspect/pg_dump ${ratio}`;
  } finally {
    await scratch.drop();
  }
}
if (sizes.length > 0) {
  say('');
  say(`Ratios: ${ratios.join('; ')}.`);
  say('Times are the best of three runs; memory is the peak resident set size of the process (GNU time).');
  say(
    'Targets: inspect of 2,000 tables within 1.5x of pg_dump --schema-only; generate under 0.5 s; peak memory under 300 MB.',
  );
}
if (!only) {
  // Real schemas from a corpus directory (default: the shared corpus beside the checkout, when there).
  const corpus =
    option('--corpus') ??
    (existsSync('../shared/corpus/realworld') ? '../shared/corpus/realworld' : undefined);
  if (corpus === undefined)
    say('No corpus of real schemas (--corpus DIR): only the realistic generator is measured.');
  await benchRealistic(serverUrl, outDir, say, {
    ...(corpus !== undefined ? { corpus } : {}),
    sizes: (option('--realistic-sizes') ?? '500,2000').split(',').map(Number),
    big: Number(option('--big') ?? 10000) || 0,
  });
}
if (!only || diffOnly) {
  await benchDiff(serverUrl, outDir, say);
  await benchSpelling(serverUrl, outDir, say);
}
if (!only || lintOnly) await benchLint(serverUrl, outDir, say);
if (!only || runnerOnly) await benchRunner(serverUrl, outDir, say);
if (!only || docsOnly) {
  await benchErdSvg(outDir, say, [100, 1000]);
  await benchDocs(outDir, say, 1000);
}
if (!only || validateOnly) await benchValidate(outDir, say);
writeFileSync(join(outDir, 'bench.md'), `${lines.join('\n')}\n`);
