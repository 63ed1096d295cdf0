// schemata docs [SOURCE] -o DIR [--format html|markdown] | --serve [--port N]: the documentation of a
// model (from model files, a .sql file, a migrations directory or a database) as a static site or as
// Markdown; or the site served on 127.0.0.1, rebuilt and reloaded in the browser when a model file
// changes. Lint findings appear on the HTML pages: from the lint run here, or a report given.
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import * as z from 'zod';
import { isDatabaseUrl } from '../../db/database.ts';
import { isMigrationsDirectory } from '../../migrations/migrations-directory.ts';
import { lintModelSources } from '../../lint/lint-inputs.ts';
import { buildDocs, type DocsFormat } from '../../writers/docs/build-docs.ts';
import type { DocsFinding } from '../../writers/docs/docs-catalog.ts';
import { serveDocs } from '../../writers/docs/serve-docs.ts';
import { hasErrors } from '../../model/diagnostics.ts';
import { importSqlFile } from '../../readers/import-sql.ts';
import { layoutFilePath, parseLayoutFile, type LayoutFile } from '../../writers/erd/svg/layout-file.ts';
import { printDiagnostics } from '../print.ts';
import { CliError, EXIT } from '../cli-error.ts';
import { lintSettingsFor, targetVersionFor } from '../lint-findings.ts';
import { loadModelWithLocate, resolveModelPath } from '../model-io.ts';
import type { Output } from '../output.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import { readSource, type SourceModel } from '../read-source.ts';

const FORMATS: readonly DocsFormat[] = ['html', 'markdown'];
export const DEFAULT_DOCS_PORT = 7400;
/** The directories of the HTML site whose pages are all ours: stale pages there are removed. */
const SITE_DIRECTORIES = ['tables', 'views', 'functions', 'types', 'areas', 'assets'];

export async function runDocs(args: ParsedArgs, out: Output): Promise<number> {
  const [argument, extra] = args.positionals;
  if (extra !== undefined)
    throw new CliError(
      'usage',
      `unexpected argument "${extra}"`,
      'docs takes one model, SQL file, directory or URL',
    );
  const format = (args.values.format as string | undefined) ?? 'html';
  if (!FORMATS.includes(format as DocsFormat))
    throw new CliError('usage', `unknown format "${format}"`, 'use html or markdown');
  const serve = args.values.serve === true;
  const output = args.values.output as string | undefined;
  const port = readPort(args.values.port as string | undefined);
  if (serve && format !== 'html')
    throw new CliError('usage', '--serve serves the HTML site', 'leave out --format markdown');
  if (!serve && port !== undefined) throw new CliError('usage', '--port goes with --serve');
  if (!serve && output === undefined)
    throw new CliError(
      'usage',
      'docs needs -o DIR to write to',
      'e.g. schemata docs -o docs/site, or --serve',
    );
  if (output !== undefined && existsSync(output) && !statSync(output).isDirectory())
    throw new CliError('file-error', `-o ${output} is a file`, 'give the directory to write the docs into');
  const lintReport = args.values['lint-report'] as string | undefined;
  if (lintReport !== undefined && args.values['no-lint'] === true)
    throw new CliError('usage', '--lint-report and --no-lint disagree', 'give one of them');

  const source = argument ?? (await resolveModelPath(undefined, args.config));
  const build = async (quiet: boolean): Promise<Map<string, string>> => {
    const read = await readDocsSource(
      source,
      quiet ? { ...out, stderr: () => undefined } : out,
      args.values['continue-on-error'] === true,
    );
    const findings =
      format !== 'html' || args.values['no-lint'] === true
        ? undefined
        : lintReport !== undefined
          ? await readLintReport(lintReport)
          : await lintSource(read, args);
    const layout = format === 'html' ? await readLayout(source) : undefined;
    return buildDocs(read.model, {
      format: format as DocsFormat,
      ...(layout && { layout }),
      ...(findings && { findings }),
      ...(serve && { liveReload: true }),
    });
  };

  if (serve) return serveSite(source, build, port ?? DEFAULT_DOCS_PORT, out);

  const files = await build(false);
  const dir = output as string;
  await writeSite(dir, files, format as DocsFormat);
  out.stderr(
    `wrote ${files.size} files to ${dir}${format === 'html' ? ` (open ${join(dir, 'index.html')})` : ''}\n`,
  );
  if (out.json) out.json.fields.written = [...files.keys()].map((file) => join(dir, file));
  return EXIT.ok;
}

function readPort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new CliError(
      'usage',
      `--port takes a port number, not "${value}"`,
      'e.g. --port 8080, or 0 for any free port',
    );
  return port;
}

async function writeSite(dir: string, files: Map<string, string>, format: DocsFormat): Promise<void> {
  for (const [path, content] of files) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  if (format !== 'html') return;
  // A renamed or dropped table leaves no stale page behind in the directories the site owns.
  for (const sub of SITE_DIRECTORIES) {
    const full = join(dir, sub);
    if (!existsSync(full)) continue;
    for (const entry of await readdir(full))
      if (!files.has(`${sub}/${entry}`)) await rm(join(full, entry), { recursive: true, force: true });
  }
}

/** The diagram layout file beside the source, as `schemata erd --format svg` reads it. */
async function readLayout(source: string): Promise<LayoutFile | undefined> {
  const path = layoutFilePath(source);
  if (path === undefined || !existsSync(path)) return undefined;
  const read = parseLayoutFile(await readFile(path, 'utf8'), path);
  if (hasErrors(read.diagnostics))
    throw new CliError('layout-file', `cannot use the layout file ${path}`, undefined, read.diagnostics);
  return read.layout;
}

/** The model of the source; for model files, also the files (their lint suppressions count). */
async function readDocsSource(
  source: string,
  out: Output,
  continueOnError: boolean,
): Promise<SourceModel & { files: string[] }> {
  if (isDatabaseUrl(source) || isMigrationsDirectory(source))
    return { ...(await readSource(source, out)), files: [] };
  if (extname(source).toLowerCase() !== '.sql') return loadModelWithLocate(source, out);
  if (!existsSync(source)) throw new CliError('file-not-found', `no SQL file at ${source}`);
  // As `schemata import` reads it: statement by statement in embedded PostgreSQL.
  const result = await importSqlFile(source, {
    ...(out.progress && { progress: out.progress }),
    ...(continueOnError && { continueOnError: true }),
  });
  if (hasErrors(result.diagnostics)) throw new CliError('sql-error', '', undefined, result.diagnostics);
  printDiagnostics(out, result.diagnostics);
  return { model: result.model, embedded: true, files: [] };
}

/** The design review of the model, as `schemata lint` runs it with the project's settings. */
async function lintSource(read: SourceModel & { files: string[] }, args: ParsedArgs): Promise<DocsFinding[]> {
  const targetVersion = targetVersionFor(args, read.model.project?.postgres);
  const settings = lintSettingsFor(args, targetVersion);
  const files = read.files;
  const sources = await Promise.all(
    files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })),
  );
  const findings = await lintModelSources(
    { model: read.model, ...(read.locate && { locate: read.locate }), sources },
    settings,
  );
  return findings.map((f) => ({
    code: f.code,
    severity: f.severity,
    message: f.message,
    fix: f.fix,
    ...(f.object !== undefined && { object: f.object }),
    ...(f.path !== undefined && { path: f.path }),
    ...(f.location && {
      location: { file: f.location.file, line: f.location.line, column: f.location.column },
    }),
  }));
}

const LintReportSchema = z.object({
  findings: z.array(
    z.object({
      code: z.string(),
      severity: z.string(),
      message: z.string(),
      fix: z.string().optional(),
      object: z.string().optional(),
      path: z.string().optional(),
      location: z.object({ file: z.string(), line: z.number(), column: z.number() }).optional(),
    }),
  ),
});

/** The findings of a `schemata lint --format json` report. */
async function readLintReport(file: string): Promise<DocsFinding[]> {
  if (!existsSync(file)) throw new CliError('file-not-found', `no lint report at ${file}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CliError(
      'invalid-lint-report',
      `${file} is not JSON: ${(error as Error).message}`,
      'make it with schemata lint --format json -o FILE',
    );
  }
  const result = LintReportSchema.safeParse(parsed);
  if (!result.success)
    throw new CliError(
      'invalid-lint-report',
      `${file} is not a lint report: it has no findings list`,
      'make it with schemata lint --format json -o FILE',
    );
  return result.data.findings.map((f) => ({
    code: f.code,
    severity: f.severity,
    message: f.message,
    ...(f.fix !== undefined && { fix: f.fix }),
    ...(f.object !== undefined && { object: f.object }),
    ...(f.path !== undefined && { path: f.path }),
    ...(f.location && { location: f.location }),
  }));
}

/** What to watch for a source: a directory recursively, a file through its directory (editors replace files). */
function watchTargets(source: string): { path: string; directory: boolean; file?: string }[] {
  if (isDatabaseUrl(source) || !existsSync(source)) return [];
  if (statSync(source).isDirectory() || isMigrationsDirectory(source))
    return [{ path: resolve(source), directory: true }];
  return [{ path: dirname(resolve(source)), directory: true, file: basename(source) }];
}

async function serveSite(
  source: string,
  build: (quiet: boolean) => Promise<Map<string, string>>,
  port: number,
  out: Output,
): Promise<number> {
  let first = true;
  const targets = watchTargets(source);
  let server;
  try {
    server = await serveDocs({
      port,
      build: () => {
        const quiet = !first;
        first = false;
        return build(quiet);
      },
      watch: targets,
      onRebuild: ({ error }) => {
        if (error === undefined) out.stderr('rebuilt the docs\n');
        else
          out.stderr(
            `the docs were not rebuilt: ${error instanceof CliError && error.diagnostics.length > 0 ? error.diagnostics.map((d) => d.message).join('; ') : (error as Error).message}\n`,
          );
      },
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'EADDRINUSE')
      throw new CliError(
        'port-in-use',
        `port ${port} is in use`,
        'give another with --port N, or --port 0 for any free port',
      );
    throw error;
  }
  out.stdout(`serving the docs at ${server.url}\n`);
  out.stderr(
    targets.length > 0
      ? `watching ${source} for changes; press Ctrl+C to stop\n`
      : 'a database is not watched: restart to see its changes; press Ctrl+C to stop\n',
  );
  await new Promise<void>((done) => process.once('SIGINT', () => done()));
  await server.close();
  out.stderr('stopped\n');
  return EXIT.ok;
}
