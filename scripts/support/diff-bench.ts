// The diff benchmark: two synthetic 2,000-table models that differ in 5% of their tables (added,
// dropped, a column added, an index added, a column widened), compared by schemata in-process and as
// a command (with and without proving the plan on embedded PostgreSQL), and by apgdiff on pg_dump
// files of the same two schemas, in the same run.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Model, Table } from '../../src/model/model-schema.ts';
import { createScratchDatabase } from '../../src/db/scratch.ts';
import { diffModels } from '../../src/diff/diff-models.ts';
import { planChanges } from '../../src/dialects/postgres/plan/plan-changes.ts';
import { generateDdl } from '../../src/dialects/postgres/render-ddl.ts';
import { loadSqlParser } from '../../src/dialects/postgres/types.ts';
import { writeModel } from '../../src/writers/model-files.ts';
import { best, loadDdl, measureFailing, type Measure } from './measure.ts';
import { syntheticModel } from './synthetic-model.ts';

const TABLES = 2000;
/** Tables changed in each of the five ways: 5 x 20 = 100 of 2,000. */
const EACH = 20;

const tableName = (i: number) => `entity_${String(i).padStart(4, '0')}`;

/** The target model: the first tables altered, the last (leaf) tables dropped, new tables added. */
export function changedModel(source: Model): { model: Model; changedTables: number } {
  const model = structuredClone(source);
  const tables = model.schemas?.public?.tables as Record<string, Table>;
  const template = tables[tableName(TABLES - 1)] as Table;
  for (let i = 0; i < EACH; i++) {
    // Tables from 1,000 up are referenced by no other table, so dropping them leaves no dangling key.
    delete tables[tableName(TABLES - 1 - i)];
    tables[tableName(TABLES + i)] = structuredClone(template);
    (tables[tableName(1 + i)] as Table).columns.push({ name: 'note', type: 'text' });
    (tables[tableName(1 + EACH + i)] as Table).indexes?.push({ columns: ['code', 'updated_at'] });
    const widened = (tables[tableName(1 + 2 * EACH + i)] as Table).columns.find((c) => c.name === 'code');
    if (widened) widened.type = 'character varying(80)';
  }
  return { model, changedTables: 5 * EACH };
}

function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function seconds(start: number): number {
  return (performance.now() - start) / 1000;
}

export async function benchDiff(
  serverUrl: string,
  outDir: string,
  say: (line: string) => void,
): Promise<void> {
  await loadSqlParser();
  const from = syntheticModel(TABLES);
  const { model: to, changedTables } = changedModel(from);
  const fromFile = join(outDir, 'diff-from.yaml');
  const toFile = join(outDir, 'diff-to.yaml');
  writeFileSync(fromFile, writeModel(from));
  writeFileSync(toFile, writeModel(to));

  // Wall time, and CPU time of this process, which a machine busy with other work inflates less.
  const inProcess = [0, 1, 2, 3, 4].map(() => {
    const start = performance.now();
    const cpu = process.cpuUsage();
    const changes = diffModels(from, to);
    const diffed = seconds(start);
    const plan = planChanges(changes, { allowDataLoss: true });
    const used = process.cpuUsage(cpu);
    return {
      diffed,
      total: seconds(start),
      cpu: (used.user + used.system) / 1e6,
      changes: changes.length,
      statements: plan.up.length,
    };
  });
  const fastest = inProcess.reduce((a, b) => (b.total < a.total ? b : a));
  const command = (extra: string[], runs: number) =>
    best(
      Array.from({ length: runs }, () =>
        measureFailing(
          process.execPath,
          ['bin/schemata.js', 'diff', fromFile, toFile, '--allow-data-loss', ...extra],
          [1],
        ),
      ),
    );
  const unverified = command(['--no-verify'], 3);
  const verified = command([], 1);

  let apgdiff: Measure | undefined;
  if (hasCommand('apgdiff')) {
    const dumps: string[] = [];
    for (const [name, model] of [
      ['from', from],
      ['to', to],
    ] as const) {
      const scratch = await createScratchDatabase(serverUrl, 'schemata_bench');
      try {
        await loadDdl(scratch.url, await generateDdl(model));
        const dump = join(outDir, `diff-${name}.dump.sql`);
        measureFailing('pg_dump', ['--schema-only', '-f', dump, scratch.url]);
        // apgdiff predates the psql meta-commands newer pg_dump writes (\restrict) and stops at them.
        writeFileSync(dump, readFileSync(dump, 'utf8').replace(/^\\.*$/gm, ''));
        dumps.push(dump);
      } finally {
        await scratch.drop();
      }
    }
    apgdiff = best([0, 1, 2].map(() => measureFailing('apgdiff', dumps)));
  }

  say('');
  say(
    `Diff of two ${TABLES.toLocaleString('en')}-table models differing in ${changedTables} tables (${(100 * changedTables) / TABLES}%): ` +
      `${fastest.changes} changes, ${fastest.statements} statements.`,
  );
  say('');
  say('| measure | seconds | peak MB | vs apgdiff |');
  say('|---|---|---|---|');
  const ratio = (s: number) => (apgdiff ? `${(s / apgdiff.seconds).toFixed(2)}x` : 'n/a');
  const leastCpu = Math.min(...inProcess.map((run) => run.cpu));
  say(`| diffModels (in-process) | ${fastest.diffed.toFixed(3)} | | |`);
  say(`| diffModels + planChanges (in-process) | ${fastest.total.toFixed(3)} | | ${ratio(fastest.total)} |`);
  say(`| diffModels + planChanges (in-process, CPU time) | ${leastCpu.toFixed(3)} | | |`);
  say(
    `| schemata diff --no-verify (command, reads both model files) | ${unverified.seconds.toFixed(2)} | ${unverified.peakMb.toFixed(0)} | ${ratio(unverified.seconds)} |`,
  );
  say(
    `| schemata diff (command, plan proved on embedded PostgreSQL) | ${verified.seconds.toFixed(2)} | ${verified.peakMb.toFixed(0)} | ${ratio(verified.seconds)} |`,
  );
  say(
    apgdiff
      ? `| apgdiff on the pg_dump -s files | ${apgdiff.seconds.toFixed(2)} | ${apgdiff.peakMb.toFixed(0)} | 1.00x |`
      : '| apgdiff | not installed (apt-get install apgdiff); not measured | | |',
  );
  say('');
  say(
    'Targets: diff and plan under 1 s without verification; faster than apgdiff. In-process times are the best of five; ' +
      `commands the best of three, the verified command one run. Load average when done: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(', ')} on ${cpus().length} CPUs.`,
  );
}
