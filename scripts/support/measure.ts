// Measuring commands for the benchmark: wall time and peak memory of a child process (GNU time), the
// schemata command run from its bundle, and synthetic schemas loaded into server databases.
import { spawnSync } from 'node:child_process';
import { openServerDatabase } from '../../src/db/database.ts';
import { splitSqlStatements } from '../../src/readers/import-sql.ts';
import { isBuildCurrent } from '../../bin/source-stamp.js';

export interface Measure {
  seconds: number;
  peakMb: number;
}

/** Runs a command under GNU time and reads its wall time and maximum resident set size. */
function measure(command: string, args: string[], okStatuses: readonly number[]): Measure {
  const result = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M', command, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
  if (!okStatuses.includes(result.status ?? -1))
    throw Object.assign(new Error(`exit ${result.status}`), { stderr: result.stderr });
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
  if (isBuildCurrent(new URL('../../', import.meta.url))) return;
  const result = spawnSync(process.execPath, ['scripts/build.js'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`npm run build failed with exit ${result.status}`);
}

/** Measures a command; its stderr is shown when it fails. `schemata diff` exits 1 when different. */
export function measureFailing(
  command: string,
  args: string[],
  okStatuses: readonly number[] = [0],
): Measure {
  if (args[0] === 'bin/schemata.js') ensureBuild();
  try {
    return measure(command, args, okStatuses);
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '');
    throw new Error(`${command} ${args.join(' ')} failed: ${stderr.slice(-2000)}`);
  }
}

export const best = (runs: Measure[]): Measure => ({
  seconds: Math.min(...runs.map((r) => r.seconds)),
  peakMb: Math.max(...runs.map((r) => r.peakMb)),
});

/** Runs DDL in a server database, in batches of one implicit transaction each. */
export async function loadDdl(url: string, ddl: string): Promise<void> {
  const db = await openServerDatabase(url);
  try {
    // Creating thousands of tables in one transaction exhausts the lock table.
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
  } finally {
    await db.close();
  }
}
