// Finding, reading and writing model files for the commands, and reading the schema a migrations
// directory ends in.
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve } from 'node:path';
import type { Model } from '../model/model-schema.ts';
import { hasErrors, type Diagnostic } from '../model/diagnostics.ts';
import { mergeDocumentation } from '../model/documentation-merge.ts';
import type { Locate } from '../model/model-path.ts';
import { readModel, type ReadModelOptions } from '../readers/read-model.ts';
import { readMigrationsDirectory } from '../migrations/migrations-directory.ts';
import { readMigrationsModel } from '../migrations/replay-migrations.ts';
import { keepComments } from '../writers/keep-comments.ts';
import {
  SINGLE_MODEL_FILE,
  writeModelFile,
  perSchemaFileNames,
  writeModelFiles,
  type ModelLayout,
} from '../writers/model-files.ts';
import type { Change } from '../diff/changes.ts';
import { diffModels } from '../diff/diff-models.ts';
import { CliError } from './cli-error.ts';
import type { ScratchSource } from '../db/scratch-source.ts';
import { describeChange, printDiagnostics } from './print.ts';
import { painter } from './color.ts';
import type { Output } from './output.ts';
import type { ProjectConfig } from './config/config-schema.ts';

/** The model argument, else the config file's `model`, else `model` beside the config file or in `cwd`. */
export async function resolveModelPath(
  argument: string | undefined,
  config: ProjectConfig | undefined,
  cwd = process.cwd(),
): Promise<string> {
  if (argument !== undefined) {
    if (extname(argument).toLowerCase() === '.sql')
      throw new CliError(
        'sql-not-model',
        `${argument} is a SQL file, not a model`,
        `make it a model first: schemata import ${argument} -o model/ (diff takes .sql files as they are)`,
      );
    if (!existsSync(argument))
      throw new CliError('model-not-found', `no model file or directory at ${argument}`);
    return argument;
  }
  if (config?.values.model !== undefined) {
    const configured = resolve(config.dir, config.values.model);
    if (existsSync(configured)) return configured;
    throw new CliError('model-not-found', '', undefined, [
      {
        code: 'model-not-found',
        severity: 'error',
        message: `the model ${config.values.model} is not there (${configured})`,
        location: config.locate(['model']),
        hint: 'paths in the config file are relative to its directory',
      },
    ]);
  }
  const fallback = join(config?.dir ?? cwd, 'model');
  if (existsSync(fallback)) return fallback;
  throw new CliError(
    'model-not-found',
    config
      ? `no model given, and ${config.file} has no "model" entry nor a model directory beside it`
      : 'no model given and none found in the current directory',
    config
      ? 'add `model: path/to/model` to the config file'
      : 'pass a model file or directory, or create a project with schemata init',
  );
}

/** The migrations directory argument, else the config file's `migrations`, else `migrations` beside the config file or in `cwd`. */
export function resolveMigrationsPath(
  argument: string | undefined,
  config: ProjectConfig | undefined,
  cwd = process.cwd(),
): string {
  if (argument !== undefined) return argument;
  return resolve(config?.dir ?? cwd, config?.values.migrations ?? 'migrations');
}

/** Reads a model; prints warnings; stops with exit 2 on errors. */
export async function loadModel(path: string, out: Output): Promise<Model> {
  return (await loadModelWithLocate(path, out)).model;
}

/** The same, with the file positions of the model's objects and the files read. */
export async function loadModelWithLocate(
  path: string,
  out: Output,
  options: ReadModelOptions = {},
): Promise<{ model: Model; locate: Locate; files: string[] }> {
  const result = await readModel(path, options);
  const warnings = result.diagnostics.filter((d) => d.severity !== 'error');
  if (hasErrors(result.diagnostics)) {
    throw new CliError('invalid-model', '', undefined, result.diagnostics);
  }
  printDiagnostics(out, warnings);
  return { model: result.model, locate: result.locate, files: result.files };
}

/** The end state of a migrations directory; its warnings are printed, its errors stop the command. */
export async function readMigrations(dir: string, out: Output, source?: ScratchSource): Promise<Model> {
  const directory = await readMigrationsDirectory(dir);
  if (hasErrors(directory.diagnostics))
    throw new CliError('invalid-migrations', '', undefined, directory.diagnostics);
  printDiagnostics(out, directory.diagnostics);
  const result = await readMigrationsModel(directory, source, { progress: out.progress });
  if (hasErrors(result.diagnostics))
    throw new CliError('migration-failed', '', undefined, result.diagnostics);
  return result.model;
}

function isFilePath(path: string): boolean {
  if (existsSync(path)) return statSync(path).isFile();
  return ['.yaml', '.yml', '.json'].includes(extname(path));
}

/**
 * Writes a model to a file or directory. An existing model there keeps its documentation for the
 * objects that still exist, its comments and its layout (a directory holding one file is written as
 * that one file); files of the old model that the new one no longer needs are removed. What changed
 * in the model is printed.
 */
export async function saveModel(
  model: Model,
  path: string,
  layout: string | undefined,
  out: Output,
): Promise<Diagnostic[]> {
  const chosen = layout as ModelLayout | undefined;
  if (chosen !== undefined && !['single', 'per-schema', 'per-table'].includes(chosen)) {
    throw new CliError('usage', `unknown layout "${layout}"`, 'use single, per-schema or per-table');
  }
  if (!existsSync(path)) return writeNewModel(model, path, chosen ?? 'per-table', out);
  const existing = await readModel(path);
  if (hasErrors(existing.diagnostics)) {
    throw new CliError(
      'invalid-model',
      `the existing model at ${path} has errors; it was not overwritten`,
      'fix it, or write to another path',
      existing.diagnostics,
    );
  }
  const toWrite = mergeDocumentation(existing.model, model);
  printModelChanges(out, path, diffModels(existing.model, toWrite));
  const toFile = isFilePath(path);
  const files = toFile ? [path] : await listModelFiles(path);
  // A model kept in one file stays in that file, whatever its name.
  if (toFile || (files.length === 1 && (chosen === undefined || chosen === 'single'))) {
    const file = files[0] as string;
    const text = writeModelFile(file, toWrite);
    await writeFile(file, file.endsWith('.json') ? text : keepComments(await readFile(file, 'utf8'), text));
    out.stderr(`wrote ${file}\n`);
    return [];
  }
  const kept = chosen ?? directoryLayout(existing.model, path, files);
  const written = writeModelFiles(toWrite, kept);
  const existingFiles = new Set(files);
  for (const [relativePath, text] of written) {
    const target = join(path, relativePath);
    await mkdir(dirname(target), { recursive: true });
    const previous = existingFiles.has(target) ? await readFile(target, 'utf8') : undefined;
    // A file whose text stays the same is left as it is.
    if (previous === text) continue;
    await writeFile(target, previous === undefined ? text : keepComments(previous, text));
  }
  for (const file of files) {
    if (!written.has(relative(path, file).split('\\').join('/'))) await rm(file);
  }
  out.stderr(`wrote ${written.size} file(s) to ${path}\n`);
  return [];
}

async function writeNewModel(model: Model, path: string, layout: ModelLayout, out: Output) {
  if (isFilePath(path) || layout === 'single') {
    const file = isFilePath(path) ? path : join(path, SINGLE_MODEL_FILE);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, writeModelFile(file, model));
    out.stderr(`wrote ${file}\n`);
    return [];
  }
  const files = writeModelFiles(model, layout);
  for (const [relativePath, text] of files) {
    const target = join(path, relativePath);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
  }
  out.stderr(`wrote ${files.size} file(s) to ${path}\n`);
  return [];
}

/** The layout whose files the model directory has: per-schema when it matches it, else per-table. */
function directoryLayout(existing: Model, path: string, files: readonly string[]): ModelLayout {
  const names = new Set(files.map((file) => relative(path, file).split('\\').join('/')));
  const perSchema = perSchemaFileNames(existing);
  return perSchema.length === names.size && perSchema.every((name) => names.has(name))
    ? 'per-schema'
    : 'per-table';
}

/** One line per object the model gains, loses or sees changed; documentation is kept, so not listed. */
function printModelChanges(out: Output, path: string, changes: readonly Change[]) {
  if (changes.length === 0) {
    out.stderr(`the model at ${path} already matches\n`);
    return;
  }
  out.stderr(`${changes.length} change(s) to the model at ${path}:\n`);
  const paint = painter(out, 'stderr');
  for (const change of changes) out.stderr(`  ${describeChange(change, paint)}\n`);
}

async function listModelFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await listModelFiles(path)));
    else if (['.yaml', '.yml', '.json'].includes(extname(entry.name))) found.push(path);
  }
  return found;
}
