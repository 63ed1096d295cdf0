// The lint benchmark: `schemata lint` through the bin on a 2,000-table model file, on the same schema
// in a server database, and on a 5,000-statement migration file. Start-up (the lint of a one-table
// model, which loads the same code and the SQL parser) is measured in the same run and taken off, so
// the figures are the work after start-up. Squawk, when installed (`npm i -g squawk-cli` installs its
// prebuilt binary, shipped in a registry package; or SQUAWK=/path/to/squawk), lints the same SQL file.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createScratchDatabase } from '../../src/db/scratch.ts';
import { generateDdl } from '../../src/dialects/postgres/render-ddl.ts';
import { writeModel } from '../../src/writers/model-files.ts';
import { best, loadDdl, measureFailing, type Measure } from './measure.ts';
import { syntheticModel } from './synthetic-model.ts';

const TABLES = 2000;
const STATEMENTS = 5000;

/** A migration of STATEMENTS statements: tables created, then altered and indexed the safe way and not. */
function migrationSql(): string {
  const lines = ["SET lock_timeout = '5s';"];
  for (let i = 0; lines.length < STATEMENTS; i++) {
    const t = `public.bench_${i}`;
    lines.push(
      `CREATE TABLE ${t} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, code text NOT NULL, total integer);`,
      `ALTER TABLE ${t} ADD COLUMN note text;`,
      `CREATE INDEX bench_${i}_code ON ${t} (code);`,
      `ALTER TABLE ${t} ADD CONSTRAINT bench_${i}_total CHECK (total >= 0) NOT VALID;`,
      `ALTER TABLE ${t} VALIDATE CONSTRAINT bench_${i}_total;`,
    );
  }
  return `${lines.slice(0, STATEMENTS).join('\n')}\n`;
}

function findSquawk(): string | undefined {
  if (process.env.SQUAWK) return process.env.SQUAWK;
  const local = join('node_modules', '.bin', 'squawk');
  if (existsSync(local)) return local;
  const which = spawnSync('which', ['squawk'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : undefined;
}

const lint = (...args: string[]) =>
  best(
    [0, 1, 2].map(() =>
      measureFailing(process.execPath, ['bin/schemata.js', 'lint', ...args, '-o', '/dev/null'], [0, 1]),
    ),
  );

export async function benchLint(
  serverUrl: string,
  outDir: string,
  say: (line: string) => void,
): Promise<void> {
  const model = syntheticModel(TABLES);
  const modelFile = join(outDir, `lint-model-${TABLES}.yaml`);
  writeFileSync(modelFile, writeModel(model));
  const tiny = join(outDir, 'lint-model-1.yaml');
  writeFileSync(tiny, writeModel(syntheticModel(1)));
  const sqlFile = join(outDir, `lint-${STATEMENTS}-statements.sql`);
  writeFileSync(sqlFile, migrationSql());

  const startup = lint(tiny);
  const rows: [string, Measure][] = [[`model file, ${TABLES} tables`, lint(modelFile)]];
  const scratch = await createScratchDatabase(serverUrl, 'schemata_bench');
  try {
    await loadDdl(scratch.url, await generateDdl(model));
    rows.push([`database, ${TABLES} tables`, lint(scratch.url)]);
  } finally {
    await scratch.drop();
  }
  rows.push([`SQL file, ${STATEMENTS} statements`, lint(sqlFile)]);

  say('');
  say('| schemata lint of | command (s) | after start-up (s) | peak MB |');
  say('|---|---|---|---|');
  say(`| start-up: a one-table model | ${startup.seconds.toFixed(2)} | - | ${startup.peakMb.toFixed(0)} |`);
  for (const [what, m] of rows)
    say(
      `| ${what} | ${m.seconds.toFixed(2)} | ${Math.max(0, m.seconds - startup.seconds).toFixed(2)} | ${m.peakMb.toFixed(0)} |`,
    );
  const squawk = findSquawk();
  if (squawk === undefined) {
    say('');
    say(
      'Squawk: not installed here (npm i -g squawk-cli, or SQUAWK=/path/to/squawk, to measure it on the same file).',
    );
  } else {
    const runs = [0, 1, 2].map(() => measureFailing(squawk, [sqlFile], [0, 1, 2]));
    const m = best(runs);
    const ours = rows[rows.length - 1]?.[1];
    say('');
    say(
      `Squawk (${squawk}) on the same ${STATEMENTS}-statement file: ${m.seconds.toFixed(2)} s, ${m.peakMb.toFixed(0)} MB` +
        (ours
          ? `; schemata lint ${ours.seconds.toFixed(2)} s (${(ours.seconds / m.seconds).toFixed(1)}x, start-up included).`
          : '.'),
    );
  }
  say('Target: each lint under 1 s after start-up.');
}
