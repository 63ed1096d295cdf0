// The benchmark on schemas shaped like real ones: every schema of a corpus directory (loaded with psql)
// and the realistic generator (realistic-schema.ts) at 500 and 2,000 tables, each inspected to one file,
// to a directory, and again into that directory, next to `pg_dump --schema-only` of the same database.
// Then the growth to 10,000 tables (inspect, generate, diff --no-verify), the verified diff of two
// realistic 2,000-table models that differ in 5% of their tables, and where the time of the slowest
// inspect goes, from a CPU profile.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createScratchDatabase } from '../../src/db/scratch.ts';
import { readModel } from '../../src/readers/read-model.ts';
import { writeModel } from '../../src/writers/model-files.ts';
import type { Model, Table } from '../../src/model/model-schema.ts';
import { loadWithPsql } from './corpus-databases.ts';
import { best, loadDdl, measureFailing, type Measure } from './measure.ts';
import { realisticSchema } from './realistic-schema.ts';

type Say = (line: string) => void;

interface InspectFigures {
  name: string;
  tables: number;
  dump: Measure;
  file: Measure;
  directory: Measure;
  again: Measure;
}

const RUNS = 3;

function inspectFigures(name: string, url: string, tables: number, outDir: string): InspectFigures {
  const stem = join(outDir, `realistic-${name}`);
  const dumps: Measure[] = [];
  const files: Measure[] = [];
  const directories: Measure[] = [];
  const agains: Measure[] = [];
  for (let i = 0; i < RUNS; i++) {
    dumps.push(measureFailing('pg_dump', ['--schema-only', '-f', `${stem}.dump.sql`, url]));
    rmSync(`${stem}.yaml`, { force: true });
    files.push(inspect(url, `${stem}.yaml`));
    rmSync(`${stem}-model`, { recursive: true, force: true });
    directories.push(inspect(url, `${stem}-model`));
    agains.push(inspect(url, `${stem}-model`));
  }
  return {
    name,
    tables,
    dump: best(dumps),
    file: best(files),
    directory: best(directories),
    again: best(agains),
  };
}

function inspect(url: string, out: string, extra: string[] = []): Measure {
  return measureFailing(process.execPath, [...extra, 'bin/schemata.js', 'inspect', '--db', url, '-o', out]);
}

const ratio = (a: Measure, b: Measure) => `${(a.seconds / b.seconds).toFixed(2)}x`;

function sayInspectTable(say: Say, rows: readonly InspectFigures[]): void {
  say(
    '| schema | tables | pg_dump -s (s) | to a file (s) | ratio | to a directory (s) | ratio | again into it (s) | ratio | pg_dump MB | inspect MB |',
  );
  say('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const peak = Math.max(row.file.peakMb, row.directory.peakMb, row.again.peakMb);
    say(
      `| ${row.name} | ${row.tables} | ${row.dump.seconds.toFixed(2)} | ${row.file.seconds.toFixed(2)} | ${ratio(row.file, row.dump)} | ` +
        `${row.directory.seconds.toFixed(2)} | ${ratio(row.directory, row.dump)} | ${row.again.seconds.toFixed(2)} | ${ratio(row.again, row.dump)} | ` +
        `${row.dump.peakMb.toFixed(0)} | ${peak.toFixed(0)} |`,
    );
  }
}

async function withRealisticDatabase<T>(
  serverUrl: string,
  tables: number,
  use: (url: string, made: number) => Promise<T>,
): Promise<T> {
  const { statements, tables: made } = realisticSchema(tables);
  const scratch = await createScratchDatabase(serverUrl, 'schemata_bench');
  try {
    await loadDdl(scratch.url, statements.map((statement) => `${statement};`).join('\n'));
    return await use(scratch.url, made);
  } finally {
    await scratch.drop();
  }
}

/** The same model with 5% of its plain tables changed: a column, an index and a check each. */
export function changedRealisticModel(source: Model): { model: Model; changed: number } {
  const model = structuredClone(source);
  let seen = 0;
  let changed = 0;
  for (const schema of Object.values(model.schemas ?? {}))
    for (const table of Object.values(schema.tables ?? {}) as Table[]) {
      if (table.partitionOf !== undefined || table.partitionBy !== undefined) continue;
      if (seen++ % 20 !== 7) continue;
      changed += 1;
      table.columns.push({ name: 'note', type: 'varchar(500)' });
      table.indexes = [...(table.indexes ?? []), { columns: ['created_at'] }];
      table.checks = [...(table.checks ?? []), { expression: "kind <> 'internal' OR quantity IS NULL" }];
    }
  return { model, changed };
}

/** Self time of a CPU profile by stage: the first frame of a known stage on each sample's stack. */
const STAGES: readonly [string, RegExp][] = [
  [
    'reading the catalog (rows from the server)',
    /^(parseRow|handleDataRow|_handleDataRow|parseDataRowMessage|parse)$/,
  ],
  ['folding patterns', /^foldPatterns$/],
  ['assembling the model', /^(assembleModel|makeCatalogTextExact)$/],
  ['canonical forms and comparison', /^(canonicalizeModel|compareModels|diffModels)$/],
  ['writing model files', /^(writeModel|writeModelFile|stringifyModelFile|writeNewModel)$/],
  ['reading model files', /^(readModel|readModelSources)$/],
  ['start-up (loading modules)', /^(require|Module\._load|compileFunction)$/],
];

function stageTable(profileFile: string): [string, number][] {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string }; children?: number[] }[];
    samples: number[];
    timeDeltas: number[];
  };
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const totals = new Map<string, number>();
  profile.samples.forEach((sample, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    let stage = 'other';
    const own = byId.get(sample)?.callFrame.functionName ?? '';
    if (own === '(garbage collector)') stage = 'garbage collection';
    else if (own === '(idle)') stage = 'waiting (server queries, I/O)';
    else
      for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
        const name = byId.get(id)?.callFrame.functionName ?? '';
        const found = STAGES.find(([, pattern]) => pattern.test(name));
        if (found) {
          stage = found[0];
          break;
        }
      }
    totals.set(stage, (totals.get(stage) ?? 0) + delta);
  });
  return [...totals].sort((a, b) => b[1] - a[1]).map(([stage, micros]) => [stage, micros / 1e6]);
}

export async function benchRealistic(
  serverUrl: string,
  outDir: string,
  say: Say,
  options: { corpus?: string; sizes: readonly number[]; big?: number },
): Promise<void> {
  const rows: InspectFigures[] = [];
  if (options.corpus) {
    for (const file of readdirSync(options.corpus)
      .filter((name) => name.endsWith('.sql'))
      .sort()) {
      const scratch = await createScratchDatabase(serverUrl, 'schemata_bench');
      try {
        await loadWithPsql(scratch.url, join(options.corpus, file));
        const tables = countTables(scratch.url);
        rows.push(inspectFigures(basename(file, '.sql'), scratch.url, tables, outDir));
      } finally {
        await scratch.drop();
      }
    }
  }
  let slowest: { dir: string; name: string } | undefined;
  const growth: Record<string, Measure> = {};
  for (const size of options.sizes)
    await withRealisticDatabase(serverUrl, size, async (url, made) => {
      rows.push(inspectFigures(`realistic ${size}`, url, made, outDir));
      if (size === Math.max(...options.sizes)) {
        const profileDir = join(outDir, 'profile');
        rmSync(profileDir, { recursive: true, force: true });
        mkdirSync(profileDir, { recursive: true });
        inspect(url, join(outDir, 'profiled.yaml'), ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
        slowest = { dir: profileDir, name: `realistic ${size}` };
        if (size === 2000) await verifiedDiff(url, outDir, say);
        if (options.big) Object.assign(growth, await bigFigures(url, join(outDir, `realistic-${size}`)));
      }
    });
  say('');
  say('Inspect of real and realistic schemas (best of three; memory is the peak resident set size):');
  say('');
  sayInspectTable(say, rows);
  say('');
  say('Target: each within 1.5x of pg_dump; peak memory under 300 MB at 2,000 tables.');
  const bigSize = options.big;
  if (bigSize && Object.keys(growth).length > 0)
    await withRealisticDatabase(serverUrl, bigSize, async (url) => {
      const big = await bigFigures(url, join(outDir, `realistic-${bigSize}`));
      say('');
      say(`| ${bigSize} tables | seconds | peak MB | growth from 2,000 |`);
      say('|---|---|---|---|');
      for (const [what, figure] of Object.entries(big)) {
        const from = growth[what];
        say(
          `| ${what} | ${figure.seconds.toFixed(2)} | ${figure.peakMb.toFixed(0)} | ${from ? `${(figure.seconds / from.seconds).toFixed(2)}x` : ''} |`,
        );
      }
      say('');
      say(`Target: linear, no worse than 5.5x for ${bigSize / 2000}x the tables.`);
    });
  if (slowest) {
    const profile = readdirSync(slowest.dir).find((name) => name.endsWith('.cpuprofile'));
    if (profile) {
      say('');
      say(`Where the time of inspect goes (${slowest.name}, CPU profile of one run):`);
      say('');
      say('| stage | seconds |');
      say('|---|---|');
      for (const [stage, secs] of stageTable(join(slowest.dir, profile)))
        say(`| ${stage} | ${secs.toFixed(2)} |`);
    }
  }
}

function countTables(url: string): number {
  const result = spawnSync(
    'psql',
    [
      '-X',
      '-At',
      '-d',
      url,
      '-c',
      "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r','p') AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg_toast%'",
    ],
    { encoding: 'utf8' },
  );
  return Number(result.stdout.trim());
}

/** Inspect, generate and diff --no-verify of one size, for the growth table. */
async function bigFigures(url: string, stem: string): Promise<Record<string, Measure>> {
  const file = `${stem}-big.yaml`;
  rmSync(file, { force: true });
  const inspected = inspect(url, file);
  const generated = measureFailing(process.execPath, [
    'bin/schemata.js',
    'generate',
    file,
    '-o',
    `${stem}-big.sql`,
  ]);
  const changedFile = `${stem}-big-changed.yaml`;
  await writeChanged(file, changedFile);
  const unverified = measureFailing(
    process.execPath,
    ['bin/schemata.js', 'diff', file, changedFile, '--no-verify'],
    [1],
  );
  return { inspect: inspected, generate: generated, 'diff --no-verify': unverified };
}

async function writeChanged(file: string, changedFile: string): Promise<number> {
  const { model, changed } = changedRealisticModel((await readModel(file)).model);
  writeFileSync(changedFile, writeModel(model));
  return changed;
}

/** The verified diff of two realistic 2,000-table models that differ in 5% of their tables. */
async function verifiedDiff(url: string, outDir: string, say: Say): Promise<void> {
  const from = join(outDir, 'realistic-diff-from.yaml');
  rmSync(from, { force: true });
  inspect(url, from);
  const { model } = await readModel(from);
  const { model: to, changed } = changedRealisticModel(model);
  const toFile = join(outDir, 'realistic-diff-to.yaml');
  writeFileSync(toFile, writeModel(to));
  const cache = join(outDir, 'cache-realistic');
  rmSync(cache, { recursive: true, force: true });
  const env = process.env.SCHEMATA_CACHE_DIR;
  process.env.SCHEMATA_CACHE_DIR = cache;
  try {
    const verified = measureFailing(process.execPath, ['bin/schemata.js', 'diff', from, toFile], [1]);
    const unverified = measureFailing(
      process.execPath,
      ['bin/schemata.js', 'diff', from, toFile, '--no-verify'],
      [1],
    );
    say('');
    say(
      `Diff of two realistic 2,000-table models differing in ${changed} tables (a column, an index and a check each):`,
    );
    say('');
    say('| measure | seconds | peak MB |');
    say('|---|---|---|');
    say(
      `| schemata diff (plan proved on embedded PostgreSQL, cold cache) | ${verified.seconds.toFixed(2)} | ${verified.peakMb.toFixed(0)} |`,
    );
    say(`| schemata diff --no-verify | ${unverified.seconds.toFixed(2)} | ${unverified.peakMb.toFixed(0)} |`);
    say('');
    say('Target: the verified diff under 15 s and 600 MB.');
  } finally {
    if (env === undefined) delete process.env.SCHEMATA_CACHE_DIR;
    else process.env.SCHEMATA_CACHE_DIR = env;
  }
}
