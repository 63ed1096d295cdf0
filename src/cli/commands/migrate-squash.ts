// schemata migrate squash --to VERSION: the migrations up to VERSION replaced by one, proved by replay
// (src/migrations/squash-migrations.ts). Exit 0 squashed (or, with --dry-run, would be), 2 refused or
// an error (nothing is written then).
import { existsSync, statSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { loadSqlParser } from '../../dialects/postgres/types.ts';
import { formatVersionRanges, readMigrationsDirectory } from '../../migrations/migrations-directory.ts';
import { planSquash } from '../../migrations/squash-migrations.ts';
import { CliError, EXIT } from '../cli-error.ts';
import { resolveMigrationsPath } from '../model-io.ts';
import type { Output } from '../output.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import { printDiagnostics } from '../print.ts';
import { spellingFor } from '../spelling.ts';

export async function runSquash(args: ParsedArgs, out: Output): Promise<number> {
  const [, extra] = args.positionals;
  if (extra !== undefined)
    throw new CliError('usage', `unexpected argument "${extra}"`, 'e.g. schemata migrate squash --to 0040');
  const toText = args.values.to as string | undefined;
  if (toText === undefined)
    throw new CliError(
      'usage',
      'migrate squash needs --to VERSION: the last migration to squash',
      'e.g. schemata migrate squash --to 0040',
    );
  if (!/^\d+$/.test(toText))
    throw new CliError(
      'usage',
      `--to takes a migration version (e.g. 0040), not "${toText}"`,
      'e.g. --to 0040',
    );
  const dir = resolveMigrationsPath(args.values.dir as string | undefined, args.config);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CliError('usage', `${dir} is not a directory`, 'pass the migrations directory with --dir DIR');
  await loadSqlParser();
  const directory = await readMigrationsDirectory(dir);
  const spelling = await spellingFor(args);
  const result = await planSquash(directory, Number(toText), {
    source: spelling.source,
    progress: out.progress,
  });
  if (result.status === 'failed') throw new CliError('squash-refused', '', undefined, result.diagnostics);
  printDiagnostics(out, result.diagnostics);
  const removed = result.replaced.flatMap((m) => [m.up, ...(m.down === undefined ? [] : [m.down])]);
  const dryRun = Boolean(args.values['dry-run']);
  if (out.json)
    Object.assign(out.json.fields, {
      squash: {
        migration: result.label,
        replaces: result.replaces,
        replaced: result.replaced.map((m) => m.label),
        removed,
        objects: result.objects,
        dryRun,
      },
      ...(!dryRun && { written: [result.up.path, result.down.path] }),
    });
  const what = `${result.replaced.length} migrations (${result.replaced[0]?.label} to ${result.replaced.at(-1)?.label}) into ${result.label}: ${result.objects} object(s), proved by replay`;
  if (dryRun) {
    out.stderr(`dry run: would squash ${what}; nothing was written\n`);
    if (!out.json) out.stdout(result.up.text);
    return EXIT.ok;
  }
  // The new files under temporary names first: nothing is removed before they are on disk.
  const temporary = [result.up, result.down].map((file) => ({
    ...file,
    temporary: `${file.path}.squash-tmp`,
  }));
  for (const file of temporary) await writeFile(file.temporary, file.text, { flag: 'w' });
  for (const path of removed) await rm(path);
  for (const file of temporary) await rename(file.temporary, file.path);
  out.stderr(
    `squashed ${what}; removed ${removed.map((p) => basename(p)).join(', ')}\n` +
      `databases that applied ${formatVersionRanges(result.replaces, directory.width)} have ${result.label} applied; new ones run it instead\n`,
  );
  return EXIT.ok;
}
