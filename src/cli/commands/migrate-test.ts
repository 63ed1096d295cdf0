// schemata migrate test: every migration of the directory up, down and up again on a fresh scratch
// database (src/migrations/test-migrations.ts), then the end state against the model when there is one
// (--model, or the config's "model"). Exit 0 every migration passed (and the end state is the model),
// 1 a migration failed or the end state differs, 2 usage or input error.
import { existsSync, statSync } from 'node:fs';
import { diffModels } from '../../diff/diff-models.ts';
import { loadSqlParser } from '../../dialects/postgres/types.ts';
import { readMigrationsDirectory } from '../../migrations/migrations-directory.ts';
import { testMigrations } from '../../migrations/test-migrations.ts';
import { describe } from '../../dialects/postgres/plan/plan-changes.ts';
import type { Change } from '../../diff/changes.ts';
import { hasErrors } from '../../model/diagnostics.ts';
import type { Model } from '../../model/model-schema.ts';
import { CliError, EXIT } from '../cli-error.ts';
import { loadModelWithLocate, resolveMigrationsPath, resolveModelPath } from '../model-io.ts';
import type { Output } from '../output.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import { printDiagnostics } from '../print.ts';
import { spellingFor, spellSide } from '../spelling.ts';

export async function runMigrationsTest(args: ParsedArgs, out: Output): Promise<number> {
  const [, extra] = args.positionals;
  if (extra !== undefined)
    throw new CliError('usage', `unexpected argument "${extra}"`, 'migrate test takes no argument');
  const dir = resolveMigrationsPath(args.values.dir as string | undefined, args.config);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CliError('usage', `${dir} is not a directory`, 'pass the migrations directory with --dir DIR');
  await loadSqlParser();
  const directory = await readMigrationsDirectory(dir);
  if (hasErrors(directory.diagnostics))
    throw new CliError('invalid-migrations', '', undefined, directory.diagnostics);
  printDiagnostics(out, directory.diagnostics);
  const spelling = await spellingFor(args);
  const modelPath =
    args.values.model !== undefined || args.config?.values.model !== undefined
      ? await resolveModelPath(args.values.model as string | undefined, args.config)
      : undefined;
  // The model first, so a model that does not load stops the command before the test runs.
  let model: Model | undefined;
  if (modelPath !== undefined) {
    const loaded = await loadModelWithLocate(modelPath, out);
    model = await spellSide(loaded.model, spelling, loaded.locate, out.progress);
  }
  const result = await testMigrations(directory, { source: spelling.source, progress: out.progress });
  const modelChanges =
    model !== undefined && result.endState !== undefined ? diffModels(result.endState, model) : undefined;
  if (out.json)
    Object.assign(out.json.fields, {
      tested: result.tested,
      ...(modelPath !== undefined &&
        modelChanges !== undefined && {
          endState: { model: modelPath, changes: modelChanges },
        }),
    });
  for (const test of result.tested) {
    if (test.up === 'ok' && test.down === 'missing') out.stderr(`ok ${test.label}: up (no down file)\n`);
    else if (test.reapply === 'ok')
      out.stderr(`ok ${test.label}: up, down (the schema as before), up again\n`);
  }
  const diagnostics = [...result.diagnostics];
  if (modelPath !== undefined && modelChanges !== undefined && modelChanges.length > 0)
    diagnostics.push({
      code: 'migration-test-model',
      severity: 'error',
      message: `the migrations end elsewhere than the model ${modelPath}: ${modelChanges.map(describeAgainstModel).join('; ')}`,
      hint: 'schemata migrate new NAME writes the migration that brings the directory to the model',
    });
  printDiagnostics(out, diagnostics);
  if (hasErrors(diagnostics)) return EXIT.findings;
  const reverted = result.tested.filter((t) => t.down === 'ok').length;
  out.stderr(
    `tested ${result.tested.length} migration(s): ${reverted} revert${reverted === 1 ? 's' : ''} to the schema before ${reverted === 1 ? 'it' : 'them'} and appl${reverted === 1 ? 'ies' : 'y'} again${modelPath !== undefined ? `; the end state is the model ${modelPath}` : ''}\n`,
  );
  return EXIT.ok;
}

/** A change from the migrations' end state to the model, as a difference between the two. */
function describeAgainstModel(change: Change): string {
  const what = describe(change).replace(/^(create|drop|alter|rename) /, '');
  if (change.action === 'create') return `${what} is in the model but not made by the migrations`;
  if (change.action === 'drop') return `${what} is made by the migrations but not in the model`;
  return `${what} differs (${describe(change)})`;
}
