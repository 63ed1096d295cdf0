// Speed and memory of schemata against a reference measured in the same run.
//   npm run bench [-- --sizes 100,1000,2000] [--variants plain,objects]
// Variants: plain tables, and `objects`, where every tenth table also has a view, a trigger function,
// a trigger and a row-security policy. For each variant and size: a synthetic schema is loaded into a scratch database on the server; then
// `schemata inspect` and `pg_dump --schema-only` run on it (wall time and peak memory of each
// process), and `schemata generate` runs on the model (in-process render time and whole command).
// The commands run from the bundle that `npm run build` writes, built first when it is missing or stale.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openServerDatabase } from '../src/db/database.ts';
import { createScratchDatabase } from '../src/db/scratch.ts';
import { generateDdl, renderDdl } from '../src/dialects/postgres/render-ddl.ts';
import { writeModel } from '../src/writers/model-files.ts';
import { splitSqlStatements } from '../src/readers/import-sql.ts';
import { syntheticModel, type SyntheticVariant } from './support/synthetic-model.ts';
import { isBuildCurrent } from '../bin/source-stamp.js';

const serverUrl = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const option = (flag: string): string | undefined =>
  process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : undefined;
const sizes = (option('--sizes') ?? '100,1000,2000').split(',').map(Number);
const variants = (option('--variants') ?? 'plain,objects').split(',').map((variant) => {
  if (variant !== 'plain' && variant !== 'objects')
    throw new Error(`unknown variant ${variant}: plain or objects`);
  return variant satisfies SyntheticVariant;
});
const outDir = 'bench-out';
mkdirSync(outDir, { recursive: true });

interface Measure {
  seconds: number;
  peakMb: number;
}

/** Runs a command under GNU time and reads its wall time and maximum resident set size. */
function measure(command: string, args: string[]): Measure {
  const result = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M', command, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw Object.assign(new Error(`exit ${result.status}`), { stderr: result.stderr });
  return parseTime(result.stderr);
}

function parseTime(stderr: string): Measure {
  const match = /__TIME__ ([\d.]+) (\d+)/.exec(stderr);
  if (!match) throw new Error(`could not read time output: ${stderr.slice(-500)}`);
  return { seconds: Number(match[1]), peakMb: Number(match[2]) / 1024 };
}

/**
 * The command is measured as it ships: the bundle in dist/. Built again whenever the sources changed
 * (also during the run), since bin/schemata.js would otherwise run the sources through tsx.
 */
function ensureBuild(): void {
  if (isBuildCurrent(new URL('../', import.meta.url))) return;
  const result = spawnSync(process.execPath, ['scripts/build.js'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`npm run build failed with exit ${result.status}`);
}

function measureFailing(command: string, args: string[]): Measure {
  if (args[0] === 'bin/schemata.js') ensureBuild();
  try {
    return measure(command, args);
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '');
    throw new Error(`${command} ${args.join(' ')} failed: ${stderr.slice(-2000)}`);
  }
}

const best = (runs: Measure[]): Measure => ({
  seconds: Math.min(...runs.map((r) => r.seconds)),
  peakMb: Math.max(...runs.map((r) => r.peakMb)),
});

const lines: string[] = [];
const say = (line: string) => {
  console.log(line);
  lines.push(line);
};

say(
  `| variant | tables | pg_dump -s (s) | inspect (s) | ratio | pg_dump MB | inspect MB | render (s) | generate cmd (s) | generate MB |`,
);
say(`|---|---|---|---|---|---|---|---|---|---|`);
const ratios: string[] = [];
for (const variant of variants)
  for (const size of sizes) {
    ratios.push(await benchSize(variant, size));
  }

async function benchSize(variant: SyntheticVariant, size: number): Promise<string> {
  const model = syntheticModel(size, variant);
  const ddl = await generateDdl(model);
  const stem = `${variant}-${size}`;
  const modelFile = join(outDir, `model-${stem}.yaml`);
  writeFileSync(modelFile, writeModel(model));
  const scratch = await createScratchDatabase(serverUrl, 'schemata_bench');
  try {
    const db = await openServerDatabase(scratch.url);
    // One implicit transaction per batch: creating thousands of tables at once exhausts the lock table.
    const { statements } = await splitSqlStatements(ddl, 'generated.sql');
    for (let i = 0; i < statements.length; i += 500) {
      await db.exec(
        statements
          .slice(i, i + 500)
          .map((s) => `${s.text};`)
          .join('\n'),
      );
    }
    await db.exec('ANALYZE');
    await db.close();
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
say('');
say(`Ratios: ${ratios.join('; ')}.`);
say('Times are the best of three runs; memory is the peak resident set size of the process (GNU time).');
say(
  'Targets: inspect of 2,000 tables within 1.5x of pg_dump --schema-only; generate under 0.5 s; peak memory under 300 MB.',
);
writeFileSync(join(outDir, 'bench.md'), `${lines.join('\n')}\n`);
