// Finding and reading schemata.config.yaml: in the current directory or the nearest parent (as git
// finds its repository), checked against its format with each mistake at its file:line:column, and
// refused when it holds a password.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { Diagnostic, SourceLocation } from '../../model/diagnostics.ts';
import type { ModelPath } from '../../model/model-path.ts';
import { documentSource, locateInSource, locationOf } from '../../readers/source-map.ts';
import { shapeDiagnostics } from '../../readers/shape-issues.ts';
import { isDatabaseUrl } from '../../db/database.ts';
import { CliError } from '../cli-error.ts';
import { CheckedConfigFileSchema } from './command-defaults.ts';
import { CONFIG_FILE_NAMES, type ConfigFile, type ProjectConfig } from './config-schema.ts';

const FORMAT_HINT = 'the configuration file is described in docs/configuration.md';

/** The config file in `cwd` or the nearest directory above it that has one. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The project's configuration, if there is a config file; its mistakes stop the command (exit 2). */
export async function readProjectConfig(cwd = process.cwd()): Promise<ProjectConfig | undefined> {
  const file = findConfigFile(cwd);
  return file === undefined ? undefined : readConfigFile(file);
}

export async function readConfigFile(file: string): Promise<ProjectConfig> {
  const text = await readFile(file, 'utf8');
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const source = documentSource(file, document, lineCounter);
  const locate = (path: ModelPath, atKey = false) => locateInSource(source, path, atKey);
  const fail = (diagnostics: Diagnostic[]) =>
    new CliError('invalid-config', '', undefined, diagnostics.sort(byPosition));

  if (document.errors.length > 0)
    throw fail(
      document.errors.map((error) => ({
        code: 'yaml-syntax',
        severity: 'error',
        message: (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, ''),
        location: locationOf(source, error.pos[0]),
        hint: 'fix the YAML syntax of the config file; indentation, quotes and brackets are the usual causes',
      })),
    );
  const data: unknown = document.toJS() ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw fail([
      {
        code: 'invalid-config',
        severity: 'error',
        message: 'the config file must be a mapping (key: value lines)',
        location: locate([]),
        hint: 'e.g. `model: model` and `migrations: migrations`',
      },
    ]);
  const checked = CheckedConfigFileSchema.safeParse(data);
  if (!checked.success)
    throw fail(
      shapeDiagnostics(checked.error.issues, locate, data, {
        schema: CheckedConfigFileSchema,
        hint: FORMAT_HINT,
      }).map((d) => (d.code === 'invalid-shape' ? { ...d, code: 'invalid-config' } : d)),
    );
  const values = data as ConfigFile;
  const problems = [...environmentProblems(values, locate), ...passwordProblems(values, locate)];
  if (problems.length > 0) throw fail(problems);
  return { file, dir: dirname(file), values, locate: (path, atKey = false) => locate(path, atKey) };
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0)
  );
}

type LocateKey = (path: ModelPath, atKey?: boolean) => SourceLocation;

/** Each environment names its database in exactly one way. */
function environmentProblems(values: ConfigFile, locate: LocateKey): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const [name, environment] of Object.entries(values.environments ?? {})) {
    const both = environment.url !== undefined && environment.urlEnv !== undefined;
    if (environment.url !== undefined && !both && !isDatabaseUrl(environment.url))
      problems.push({
        code: 'invalid-config',
        severity: 'error',
        message: `environment "${name}": url must be a postgres:// URL`,
        location: locate(['environments', name, 'url']),
        hint: 'e.g. url: postgres://app@db.internal/shop',
      });
    if (!both && (environment.url !== undefined || environment.urlEnv !== undefined)) continue;
    problems.push({
      code: 'invalid-config',
      severity: 'error',
      message: both
        ? `environment "${name}" has both url and urlEnv`
        : `environment "${name}" has neither url nor urlEnv`,
      location: locate(['environments', name], true),
      hint: 'give one: url: postgres://user@host/db, or urlEnv: NAME_OF_THE_VARIABLE that holds the URL',
    });
  }
  return problems;
}

/** A password in a postgres:// URL: after the user name, or as a `password` parameter. */
function hasPassword(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.password !== '' || parsed.searchParams.has('password');
  } catch {
    return /^[^/]*\/\/[^/@]*:[^/@]*@/.test(url);
  }
}

/** Every database URL in the file, wherever it is, must come without its password. */
function passwordProblems(values: ConfigFile, locate: LocateKey): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const visit = (value: unknown, path: (string | number)[]) => {
    if (typeof value === 'string') {
      if (!isDatabaseUrl(value) || !hasPassword(value)) return;
      const inEnvironment = path[0] === 'environments';
      problems.push({
        code: 'password-in-config',
        severity: 'error',
        message: `${path.join('.')} holds a password; the config file is meant for version control`,
        location: locate(path),
        hint: inEnvironment
          ? `put the URL in an environment variable and name it instead: urlEnv: ${String(path[1]).toUpperCase().replace(/\W/g, '_')}_DATABASE_URL (or leave the password out; PGPASSWORD or ~/.pgpass supplies it)`
          : 'leave the password out of the URL; PGPASSWORD or ~/.pgpass supplies it',
      });
    } else if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...path, index]));
    else if (typeof value === 'object' && value !== null)
      for (const [key, inner] of Object.entries(value)) visit(inner, [...path, key]);
  };
  visit(values, []);
  return problems;
}
