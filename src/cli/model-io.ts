// Finding, reading and writing model files for the commands.
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, extname, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Model } from '../model/model-schema.ts';
import { hasErrors, type Diagnostic } from '../model/diagnostics.ts';
import { mergeDocumentation } from '../model/documentation-merge.ts';
import { readModel } from '../readers/read-model.ts';
import { writeModel, writeModelFiles, type ModelLayout } from '../writers/model-files.ts';
import { CliError } from './cli-error.ts';
import { printDiagnostics } from './print.ts';
import type { Output } from './output.ts';

const CONFIG_FILES = ['schemata.config.yaml', 'schemata.config.yml', 'schemata.config.json'];

/** The model argument, else the config file's `model`, else ./model. */
export async function resolveModelPath(argument: string | undefined, cwd = process.cwd()): Promise<string> {
  if (argument !== undefined) {
    if (!existsSync(argument))
      throw new CliError('model-not-found', `no model file or directory at ${argument}`);
    return argument;
  }
  for (const name of CONFIG_FILES) {
    const path = join(cwd, name);
    if (!existsSync(path)) continue;
    const config = parseYaml(await readFile(path, 'utf8')) as { model?: unknown } | null;
    if (typeof config?.model !== 'string') {
      throw new CliError(
        'invalid-config',
        `${name} has no "model" entry`,
        'add `model: path/to/model` to it',
      );
    }
    return join(cwd, config.model);
  }
  const fallback = join(cwd, 'model');
  if (existsSync(fallback)) return fallback;
  throw new CliError(
    'model-not-found',
    'no model given and none found in the current directory',
    'pass a model file or directory, or create schemata.config.yaml with `model: <path>`',
  );
}

/** Reads a model; prints warnings; stops with exit 2 on errors. */
export async function loadModel(path: string, out: Output): Promise<Model> {
  const result = await readModel(path);
  const warnings = result.diagnostics.filter((d) => d.severity !== 'error');
  if (hasErrors(result.diagnostics)) {
    throw new CliError('invalid-model', '', undefined, result.diagnostics);
  }
  printDiagnostics(out, warnings);
  return result.model;
}

function isFilePath(path: string): boolean {
  if (existsSync(path)) return statSync(path).isFile();
  return ['.yaml', '.yml', '.json'].includes(extname(path));
}

/**
 * Writes a model to a file or directory. An existing model there keeps its documentation for the
 * objects that still exist; files of the old model that the new one no longer needs are removed.
 */
export async function saveModel(
  model: Model,
  path: string,
  layout: string | undefined,
  out: Output,
): Promise<Diagnostic[]> {
  let toWrite = model;
  if (existsSync(path)) {
    const existing = await readModel(path);
    if (hasErrors(existing.diagnostics)) {
      throw new CliError(
        'invalid-model',
        `the existing model at ${path} has errors; it was not overwritten`,
        'fix it, or write to another path',
        existing.diagnostics,
      );
    }
    toWrite = mergeDocumentation(existing.model, model);
  }
  if (isFilePath(path)) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, writeModel(toWrite));
    out.stderr(`wrote ${path}\n`);
    return [];
  }
  const chosen = (layout ?? 'per-table') as ModelLayout;
  if (!['single', 'per-schema', 'per-table'].includes(chosen)) {
    throw new CliError('usage', `unknown layout "${layout}"`, 'use single, per-schema or per-table');
  }
  const files = writeModelFiles(toWrite, chosen);
  const stale = existsSync(path) ? await listModelFiles(path) : [];
  for (const [relativePath, text] of files) {
    const target = join(path, relativePath);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
  }
  for (const file of stale) {
    if (!files.has(relative(path, file).split('\\').join('/'))) await rm(file);
  }
  out.stderr(`wrote ${files.size} file(s) to ${path}\n`);
  return [];
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
