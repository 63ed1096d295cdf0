// The runner benchmark, each figure next to a reference measured in the same run:
// - 200 small migrations applied by `schemata migrate up` to an empty database, and by `psql -f` of the
//   same files concatenated (target: within 1.3x of psql);
// - `migrate status` and `migrate drift` of a 2,000-table database built by 200 applied migrations
//   (targets: status under 0.5 s; drift within 3x of `pg_dump --schema-only`, with the cache warm as
//   on a second run, and cold);
// - one migration fanned out over 100 tenant schemas with --concurrency 4 and 1.
// Each command is the whole process (start-up included), from the bundle, best of three where it is
// repeated; every run starts from a fresh scratch database.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openServerDatabase } from '../../src/db/database.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch.ts';
import { best, measureFailing, type Measure } from './measure.ts';

const pad = (n: number) => String(n).padStart(4, '0');

/** 200 migrations of a small table each (a column default, a check, an index), 2 statements each. */
function smallMigrations(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i <= count; i++) {
    files[`${pad(i)}_table_${i}.up.sql`] =
      `CREATE TABLE t_${i} (id bigint PRIMARY KEY, name text NOT NULL CHECK (name <> ''), created_at timestamptz NOT NULL DEFAULT now());\n` +
      `CREATE INDEX t_${i}_name ON t_${i} (name);\n`;
    files[`${pad(i)}_table_${i}.down.sql`] = `DROP TABLE t_${i};\n`;
  }
  return files;
}

/** 200 migrations of 10 tables each: 2,000 tables, each with a key, a default and an index. */
function wideMigrations(count: number, tablesEach: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i <= count; i++) {
    const tables = Array.from({ length: tablesEach }, (_, j) => `w_${i}_${j}`);
    files[`${pad(i)}_tables_${i}.up.sql`] = tables
      .map(
        (t) =>
          `CREATE TABLE ${t} (id bigint PRIMARY KEY, owner_id bigint, note text, amount numeric(12,2) NOT NULL DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now());\n` +
          `CREATE INDEX ${t}_owner ON ${t} (owner_id);\n`,
      )
      .join('');
    files[`${pad(i)}_tables_${i}.down.sql`] = `DROP TABLE ${tables.join(', ')};\n`;
  }
  return files;
}

function writeDirectory(dir: string, files: Record<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

/** Runs `measure` on a fresh scratch database each time, `times` times; the best. */
async function onFresh(
  serverUrl: string,
  times: number,
  prepare: (scratch: ScratchDatabase) => Promise<void>,
  measure: (scratch: ScratchDatabase) => Measure,
): Promise<Measure> {
  const runs: Measure[] = [];
  for (let i = 0; i < times; i++) {
    const scratch = await createScratchDatabase(serverUrl, 'schemata_bench');
    try {
      await prepare(scratch);
      runs.push(measure(scratch));
    } finally {
      await scratch.drop();
    }
  }
  return best(runs);
}

const schemata = (...args: string[]) => measureFailing(process.execPath, ['bin/schemata.js', ...args]);
const seconds = (m: Measure) => m.seconds.toFixed(2);
const ratio = (a: Measure, b: Measure) => `${(a.seconds / b.seconds).toFixed(2)}x`;

export async function benchRunner(serverUrl: string, outDir: string, say: (line: string) => void) {
  const root = join(outDir, 'runner');
  mkdirSync(root, { recursive: true });

  // 1. 200 small migrations: the runner against psql on the same SQL.
  const small = join(root, 'small');
  const smallFiles = smallMigrations(200);
  writeDirectory(small, smallFiles);
  const concatenated = join(root, 'small.sql');
  writeFileSync(
    concatenated,
    Object.entries(smallFiles)
      .filter(([name]) => name.endsWith('.up.sql'))
      .map(([, text]) => text)
      .join(''),
  );
  const nothing = async () => undefined;
  const psql = await onFresh(serverUrl, 3, nothing, (s) =>
    measureFailing('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', concatenated, s.url]),
  );
  const up = await onFresh(serverUrl, 3, nothing, (s) =>
    schemata('migrate', 'up', '--quiet', '--dir', small, '--db', s.url),
  );

  // 2. status and drift of 2,000 tables built by 200 migrations.
  const wide = join(root, 'wide');
  const wideFiles = wideMigrations(200, 10);
  writeDirectory(wide, wideFiles);
  const wideSql = join(root, 'wide.sql');
  writeFileSync(
    wideSql,
    Object.entries(wideFiles)
      .filter(([name]) => name.endsWith('.up.sql'))
      .map(([, text]) => text)
      .join(''),
  );
  const widePsql = await onFresh(serverUrl, 1, nothing, (s) =>
    measureFailing('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', wideSql, s.url]),
  );
  const scratch = await createScratchDatabase(serverUrl, 'schemata_bench');
  let status: Measure;
  let dump: Measure;
  let driftCold: Measure;
  let driftWarm: Measure;
  let wideUp: Measure;
  const cache = join(root, 'cache');
  const previousCache = process.env.SCHEMATA_CACHE_DIR;
  try {
    wideUp = schemata('migrate', 'up', '--quiet', '--dir', wide, '--db', scratch.url);
    const db = await openServerDatabase(scratch.url);
    await db.exec('ANALYZE');
    await db.close();
    status = best([0, 1, 2].map(() => schemata('migrate', 'status', '--dir', wide, '--db', scratch.url)));
    dump = best(
      [0, 1, 2].map(() =>
        measureFailing('pg_dump', ['--schema-only', '-f', join(root, 'wide-dump.sql'), scratch.url]),
      ),
    );
    rmSync(cache, { recursive: true, force: true });
    process.env.SCHEMATA_CACHE_DIR = cache;
    const drift = () => schemata('migrate', 'drift', '--quiet', '--dir', wide, '--db', scratch.url);
    driftCold = drift();
    driftWarm = best([0, 1, 2].map(drift));
  } finally {
    process.env.SCHEMATA_CACHE_DIR = previousCache;
    await scratch.drop();
  }

  // 3. One migration over 100 tenant schemas.
  const fan = join(root, 'fan-out');
  writeDirectory(fan, {
    '0001_orders.up.sql':
      "CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL DEFAULT 'new', placed_at timestamptz);\nCREATE INDEX orders_status ON orders (status);\n",
    '0001_orders.down.sql': 'DROP TABLE orders;\n',
  });
  const targets = join(root, 'tenants.txt');
  writeFileSync(targets, Array.from({ length: 100 }, (_, i) => `schema=tenant_${i + 1}`).join('\n'));
  const fanOut = async (concurrency: number) =>
    onFresh(serverUrl, 2, nothing, (s) =>
      schemata(
        'migrate',
        'up',
        '--quiet',
        '--dir',
        fan,
        '--db',
        s.url,
        '--targets',
        targets,
        '--concurrency',
        String(concurrency),
      ),
    );
  const fan4 = await fanOut(4);
  const fan1 = await fanOut(1);

  say('');
  say('The migration runner (whole processes, start-up included; best of three, two for the fan-out):');
  say('');
  say('| measure | seconds | reference | seconds | ratio | target |');
  say('|---|---|---|---|---|---|');
  say(
    `| migrate up, 200 small migrations (400 statements) | ${seconds(up)} | psql -f of the same SQL | ${seconds(psql)} | ${ratio(up, psql)} | within 1.3x |`,
  );
  say(`| migrate status, 2,000 tables, 200 applied migrations | ${seconds(status)} | | | | under 0.5 s |`);
  say(
    `| migrate drift, the same, cache warm | ${seconds(driftWarm)} | pg_dump --schema-only | ${seconds(dump)} | ${ratio(driftWarm, dump)} | within 3x |`,
  );
  say(
    `| migrate drift, the same, cache empty | ${seconds(driftCold)} | pg_dump --schema-only | ${seconds(dump)} | ${ratio(driftCold, dump)} | |`,
  );
  say(
    `| migrate up of those 200 migrations (4,000 statements) | ${seconds(wideUp)} | psql -f of the same SQL | ${seconds(widePsql)} | ${ratio(wideUp, widePsql)} | |`,
  );
  say(
    `| migrate up --targets, 1 migration over 100 schemas, --concurrency 4 | ${seconds(fan4)} | --concurrency 1 | ${seconds(fan1)} | ${(fan1.seconds / fan4.seconds).toFixed(2)}x faster | |`,
  );
}
