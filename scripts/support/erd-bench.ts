// The SVG ER diagram benchmark: synthetic models shaped like application schemas (subject areas of
// about 25 tables, foreign-key chains, references across areas, enums, views), drawn as SVG. For each
// size: renderSvg (layout and drawing) of the overview timed in a child process, whose peak memory
// GNU time reads; and the whole `schemata erd --format svg` command from the bundle, when it is built.
//   tsx scripts/support/erd-bench.ts [--sizes 100,1000]       prints the figures by itself
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeModel } from '../../src/writers/model-files.ts';
import { isBuildCurrent } from '../../bin/source-stamp.js';
import { syntheticErdModel } from './synthetic-diagram.ts';

const CHILD_FLAG = '--erd-svg-child';

export async function benchErdSvg(
  outDir: string,
  say: (line: string) => void,
  sizes: readonly number[] = [100, 1000],
): Promise<void> {
  say('');
  say(
    'CPU seconds (user + system) are shown beside wall time: on a loaded machine wall time is mostly waiting.',
  );
  say(
    '| erd svg, tables | entities | relationships | renderSvg wall (s) | renderSvg CPU (s) | child peak MB | command wall (s) | command CPU (s) | command peak MB | SVG MB |',
  );
  say('|---|---|---|---|---|---|---|---|---|---|');
  for (const size of sizes) {
    const modelFile = join(outDir, `erd-model-${size}.yaml`);
    writeFileSync(modelFile, writeModel(syntheticErdModel(size)));
    const svgFile = join(outDir, `erd-${size}.svg`);
    const render = timed(process.execPath, [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      CHILD_FLAG,
      modelFile,
      svgFile,
    ]);
    const figures = /__RENDER__ ([\d.]+) ([\d.]+) (\d+) (\d+)/.exec(render.stdout);
    if (!figures)
      throw new Error(`renderSvg of ${modelFile} printed no figures: ${render.stdout.slice(-500)}`);
    let command = '- | - | -';
    if (existsSync('src/cli/commands/erd.ts')) {
      ensureBuild();
      const run = timed(process.execPath, [
        'bin/schemata.js',
        'erd',
        modelFile,
        '--format',
        'svg',
        '-o',
        svgFile,
      ]);
      command = `${run.seconds.toFixed(2)} | ${run.cpuSeconds.toFixed(2)} | ${run.peakMb.toFixed(0)}`;
    }
    const svgMb = readFileSync(svgFile).length / 1024 / 1024;
    say(
      `| ${size} | ${figures[3]} | ${figures[4]} | ${Number(figures[1]).toFixed(2)} | ${Number(figures[2]).toFixed(2)} | ` +
        `${render.peakMb.toFixed(0)} | ${command} | ${svgMb.toFixed(1)} |`,
    );
  }
}

interface Timed {
  seconds: number;
  cpuSeconds: number;
  peakMb: number;
  stdout: string;
}

/** Runs a command under GNU time: wall time, CPU time, peak resident memory, and what it printed. */
function timed(command: string, args: string[]): Timed {
  const result = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M %U %S', command, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const time = /__TIME__ ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(result.stderr);
  if (result.status !== 0 || !time)
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.slice(-2000)}`);
  return {
    seconds: Number(time[1]),
    peakMb: Number(time[2]) / 1024,
    cpuSeconds: Number(time[3]) + Number(time[4]),
    stdout: result.stdout,
  };
}

/** The command is measured from its bundle, built when missing or stale (as scripts/support/measure.ts does). */
function ensureBuild(): void {
  if (isBuildCurrent(new URL('../../', import.meta.url))) return;
  const result = spawnSync(process.execPath, ['scripts/build.js'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`npm run build failed with exit ${result.status}`);
}

async function child(modelFile: string, svgFile: string): Promise<void> {
  const { readModel } = await import('../../src/readers/read-model.ts');
  const { loadSqlParser } = await import('../../src/dialects/postgres/types.ts');
  const { buildDiagrams } = await import('../../src/writers/erd/build-diagram.ts');
  const { renderSvg } = await import('../../src/writers/erd/svg/render-svg.ts');
  await loadSqlParser();
  const { model } = await readModel(modelFile);
  const { overview } = buildDiagrams(model);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const svg = await renderSvg(overview);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  writeFileSync(svgFile, svg);
  console.log(
    `__RENDER__ ${seconds.toFixed(3)} ${((used.user + used.system) / 1e6).toFixed(3)} ${overview.entities.length} ${overview.relationships.length}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf(CHILD_FLAG);
  if (at >= 0) await child(process.argv[at + 1]!, process.argv[at + 2]!);
  else {
    const sizes = process.argv.includes('--sizes')
      ? process.argv[process.argv.indexOf('--sizes') + 1]!.split(',').map(Number)
      : [100, 1000];
    mkdirSync('bench-out', { recursive: true });
    await benchErdSvg('bench-out', (line) => console.log(line), sizes);
  }
}
