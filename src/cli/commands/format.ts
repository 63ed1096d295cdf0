// schemata format [MODEL] [--check]: the model files in PostgreSQL's own spelling of their types and
// expressions (comments, key order and layout kept). --check changes nothing and exits 1 when a file
// would change, for CI. Writing a model in one's own spelling stays fully supported: diff and
// migrate new spell it themselves.
import { readFile, writeFile } from 'node:fs/promises';
import { loadSqlParser } from '../../dialects/postgres/types.ts';
import { applySpellingEdits, spellingEdits, type SpellingEdit } from '../../writers/format-model.ts';
import { readModel } from '../../readers/read-model.ts';
import { CliError, EXIT } from '../cli-error.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import { loadModelWithLocate, resolveModelPath } from '../model-io.ts';
import type { Output } from '../output.ts';
import { noteTargetVersion, spellingFor, spellSide } from '../spelling.ts';

export async function runFormat(args: ParsedArgs, out: Output): Promise<number> {
  const [argument, extra] = args.positionals;
  if (extra !== undefined)
    throw new CliError('usage', `unexpected argument "${extra}"`, 'schemata format [MODEL] [--check]');
  await loadSqlParser();
  const path = await resolveModelPath(argument, args.config);
  const { model, locate } = await loadModelWithLocate(path, out);
  const spelling = await spellingFor(args);
  noteTargetVersion(out, model, spelling);
  const spelled = await spellSide(model, spelling, locate, out.progress);

  const byFile = new Map<string, SpellingEdit[]>();
  for (const edit of spellingEdits(model, spelled)) {
    const file = locate(edit.path)?.file;
    if (file === undefined) continue;
    byFile.set(file, [...(byFile.get(file) ?? []), edit]);
  }
  const files = (await readModel(path)).files;
  const changed: string[] = [];
  for (const file of files) {
    const edits = byFile.get(file);
    if (edits === undefined) continue;
    const text = await readFile(file, 'utf8');
    const formatted = applySpellingEdits(text, edits);
    if (formatted === text) continue;
    changed.push(file);
    if (!args.values.check) await writeFile(file, formatted);
  }
  if (out.json) out.json.fields.files = changed;
  if (args.values.check) {
    if (!out.json) for (const file of changed) out.stdout(`${file}\n`);
    out.stderr(
      changed.length === 0
        ? "the model is in PostgreSQL's spelling\n"
        : `${changed.length} file(s) would change; run "schemata format" to rewrite them\n`,
    );
    return changed.length === 0 ? EXIT.ok : EXIT.findings;
  }
  out.stderr(changed.length === 0 ? 'nothing to change\n' : `formatted ${changed.length} file(s)\n`);
  return EXIT.ok;
}
