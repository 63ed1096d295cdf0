// schemata migrate new NAME: the next versioned up/down pair of the migrations directory, planned from
// the difference between the directory's end state and the model, proved on embedded PostgreSQL
// unless --no-verify. Exit 0 written or nothing to do, 1 likely renames found (--suggest-renames),
// 2 error (bad name or directory, failing migration, refused data loss, failed proof).
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { diffModels } from '../../diff/diff-models.ts';
import { suggestRenames } from '../../diff/suggest-renames.ts';
import { describeHazards } from '../../dialects/postgres/plan/planned-statement.ts';
import { loadSqlParser } from '../../dialects/postgres/types.ts';
import { readMigrationsDirectory } from '../../migrations/migrations-directory.ts';
import { planNewMigration, type MigrationFileText } from '../../migrations/new-migration.ts';
import { CliError, EXIT } from '../cli-error.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import { loadModelWithLocate, readMigrations, resolveMigrationsPath, resolveModelPath } from '../model-io.ts';
import type { Output } from '../output.ts';
import { noteTargetVersion, spellingFor, spellSide } from '../spelling.ts';
import { printDiagnostics, printRenameSuggestions } from '../print.ts';
import { lintPlan } from '../lint-findings.ts';

export async function runMigrateNew(
  name: string | undefined,
  extra: string | undefined,
  args: ParsedArgs,
  out: Output,
): Promise<number> {
  if (name === undefined || name.trim() === '')
    throw new CliError('usage', 'migrate new needs a name', 'e.g. schemata migrate new "add order notes"');
  if (extra !== undefined)
    throw new CliError('usage', `unexpected argument "${extra}"`, 'quote a name that has spaces');
  await loadSqlParser();
  const { model: written, locate } = await loadModelWithLocate(
    await resolveModelPath(args.values.model as string | undefined, args.config),
    out,
  );
  const dir = resolveMigrationsPath(args.values.dir as string | undefined, args.config);
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new CliError('usage', `${dir} is not a directory`, 'pass the migrations directory with --dir DIR');

  const spelling = await spellingFor(args);
  noteTargetVersion(out, written, spelling);
  const model = await spellSide(written, spelling, locate, out.progress);
  if (args.values['suggest-renames']) {
    const suggestions = suggestRenames(
      diffModels(await readMigrations(dir, out, spelling.source), model),
      model,
    );
    printRenameSuggestions(out, suggestions, locate);
    return suggestions.length === 0 ? EXIT.ok : EXIT.findings;
  }

  const result = await planNewMigration(await readMigrationsDirectory(dir), model, name, {
    safe: Boolean(args.values.safe),
    allowDataLoss: Boolean(args.values['allow-data-loss']),
    verify: !args.values['no-verify'],
    source: spelling.source,
    progress: out.progress,
  });
  if (result.status === 'failed')
    throw new CliError('migration-not-written', '', undefined, result.diagnostics);
  printDiagnostics(out, result.diagnostics);
  if (result.status === 'unchanged') {
    out.stderr(`no changes: the migrations in ${dir} already give the model; nothing written\n`);
    if (out.json) Object.assign(out.json.fields, { written: [], changes: [], up: [], down: [] });
    return EXIT.ok;
  }
  await mkdir(dir, { recursive: true });
  await writeNew(result.up);
  await writeNew(result.down);
  if (out.json) {
    Object.assign(out.json.fields, {
      migration: result.label,
      written: [result.up.path, result.down.path],
      changes: result.changes,
      up: result.plan.up,
      down: result.plan.down,
    });
  }
  // The migration rules over the new up file, judged after the files before it, as `schemata lint`
  // of the directory will judge it; printed, never a reason to fail.
  const earlier = await readMigrationsDirectory(dir);
  const before = await Promise.all(
    earlier.migrations
      .filter((migration) => migration.up !== result.up.path)
      .map(async (migration) => ({ file: migration.up, text: await readFile(migration.up, 'utf8') })),
  );
  await lintPlan(args, out, {
    file: { file: result.up.path, text: result.up.text },
    before,
    targetVersion: written.project?.postgres,
  });
  const hazardous = result.plan.up.filter((s) => describeHazards(s.hazards).length > 0).length;
  out.stderr(
    `wrote ${result.up.path} and ${result.down.path}: ${result.changes.length} change(s), ` +
      `${result.plan.up.length} statement(s), ${hazardous} with hazards (listed in the header)\n`,
  );
  return EXIT.ok;
}

/** Writes a file that must not exist yet. */
async function writeNew(file: MigrationFileText): Promise<void> {
  try {
    await writeFile(file.path, file.text, { flag: 'wx' });
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') {
      throw new CliError(
        'migration-exists',
        `${file.path} already exists; it was not overwritten`,
        'migrations that exist are never rewritten: remove the file if it was never applied, or choose another name',
      );
    }
    throw error;
  }
}
