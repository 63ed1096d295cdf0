// The command line: parses arguments, calls the library, prints. Exit codes: 0 ok, 1 findings
// (unsupported objects with --strict, drift, failed checks), 2 usage or input error.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { printDiagnostics } from './print.ts';
import { CliError, EXIT } from './cli-error.ts';
import type { Output } from './output.ts';
import type { ParsedArgs } from './parsed-args.ts';

export const USAGE = `schemata: model-first PostgreSQL schema design

Usage:
  schemata generate [MODEL] [-o FILE]            model -> PostgreSQL DDL
  schemata inspect --db URL [-o PATH] [options]  database -> model files
  schemata import FILE.sql [-o PATH] [options]   SQL -> model files (through embedded PostgreSQL)
  schemata diff FROM TO [options]                migration SQL from FROM to TO (model, .sql,
                                                 migrations directory or URL)
  schemata migrate new NAME [options]            next up/down migration pair: migrations -> model
  schemata format [MODEL] [--check]              model files in PostgreSQL's own spelling (--check:
                                                 exit 1 when a file would change)

MODEL is a model file or directory; without it, the "model" entry of schemata.config.yaml in the
current directory is used, else ./model.

Options:
  -o, --output PATH     write here instead of standard output (a directory gets one file per table)
      --layout KIND     single | per-schema | per-table (default: single for a file, per-table for a directory)
      --db URL          database URL (default: DATABASE_URL)
      --schema NAME     only this schema (repeatable)
      --strict          exit 1 when the database holds objects the model cannot express
      --continue-on-error   import: keep going after a failing statement, as psql does
      --create-roles    generate: CREATE ROLE for the model's roles first (roles are cluster-wide)
      --format KIND     diff: sql (default) | json | summary
      --down            diff: print the reverse (down) script
      --safe            diff, migrate new: plan for a busy database (concurrent indexes, NOT VALID, lock_timeout)
      --allow-data-loss diff, migrate new: accept drops and narrowing changes (else: project.drops)
      --no-verify       diff, migrate new: skip proving the plan on embedded PostgreSQL
      --dev-db URL      diff, migrate new, format: spell models and prove plans in a scratch database that
                        schemata creates (and drops) on this server, e.g. one of production's major
                        version (default: "devDb" of the config, else embedded PostgreSQL 18)
      --no-cache        diff, migrate new, format: spell models afresh (the cache is in $SCHEMATA_CACHE_DIR,
                        else ~/.cache/schemata)
      --suggest-renames diff, migrate new: print likely renames to declare (renamedFrom), plan nothing
      --model PATH      migrate: the model (default: as for MODEL above)
      --dir DIR         migrate: the migrations directory (default: "migrations" of the config, else ./migrations)
      --debug           show stack traces of unexpected errors
  -h, --help            this help
  -v, --version         the version

Exit codes: 0 ok (diff: equal; migrate new: written or nothing to do), 1 findings (with --strict;
diff: different; --suggest-renames: suggestions), 2 usage or input error.`;

export interface Command {
  options: ParseArgsConfig['options'];
  run(args: ParsedArgs, out: Output): Promise<number>;
}

const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} as const;

const COMMANDS: Record<string, Command> = {
  generate: {
    options: { output: { type: 'string', short: 'o' }, 'create-roles': { type: 'boolean' } },
    run: async (args, out) => (await import('./commands/generate.ts')).runGenerate(args, out),
  },
  inspect: {
    options: {
      output: { type: 'string', short: 'o' },
      db: { type: 'string' },
      schema: { type: 'string', multiple: true },
      strict: { type: 'boolean' },
      layout: { type: 'string' },
    },
    run: async (args, out) => (await import('./commands/inspect.ts')).runInspect(args, out),
  },
  import: {
    options: {
      output: { type: 'string', short: 'o' },
      schema: { type: 'string', multiple: true },
      strict: { type: 'boolean' },
      layout: { type: 'string' },
      'continue-on-error': { type: 'boolean' },
    },
    run: async (args, out) => (await import('./commands/import.ts')).runImport(args, out),
  },
  diff: {
    options: {
      format: { type: 'string' },
      down: { type: 'boolean' },
      safe: { type: 'boolean' },
      'allow-data-loss': { type: 'boolean' },
      'no-verify': { type: 'boolean' },
      'suggest-renames': { type: 'boolean' },
      'dev-db': { type: 'string' },
      'no-cache': { type: 'boolean' },
    },
    run: async (args, out) => (await import('./commands/diff.ts')).runDiff(args, out),
  },
  format: {
    options: {
      check: { type: 'boolean' },
      'dev-db': { type: 'string' },
      'no-cache': { type: 'boolean' },
    },
    run: async (args, out) => (await import('./commands/format.ts')).runFormat(args, out),
  },
  migrate: {
    options: {
      model: { type: 'string' },
      dir: { type: 'string' },
      safe: { type: 'boolean' },
      'allow-data-loss': { type: 'boolean' },
      'no-verify': { type: 'boolean' },
      'suggest-renames': { type: 'boolean' },
      'dev-db': { type: 'string' },
      'no-cache': { type: 'boolean' },
    },
    run: async (args, out) => (await import('./commands/migrate.ts')).runMigrate(args, out),
  },
};

export function processOutput(): Output {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}

export async function main(argv: string[], out: Output = processOutput()): Promise<number> {
  const [name, ...rest] = argv;
  const debug = argv.includes('--debug');
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    out.stdout(`${USAGE}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '-v' || name === '--version') {
    out.stdout(`${await readVersion()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    out.stderr(`error usage: unknown command "${name}"\n  hint: run "schemata --help" for the commands\n`);
    return EXIT.usage;
  }
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...COMMON_OPTIONS, ...command.options },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new CliError('usage', (error as Error).message, `run "schemata ${name} --help"`);
    }
    if (parsed.values.help) {
      out.stdout(`${USAGE}\n`);
      return EXIT.ok;
    }
    return await command.run(parsed as ParsedArgs, out);
  } catch (error) {
    if (error instanceof CliError) {
      if (error.diagnostics.length > 0) printDiagnostics(out, error.diagnostics);
      if (error.message)
        out.stderr(`error ${error.code}: ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ''}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    out.stderr(
      `error internal: ${message}\n  hint: this is a bug in schemata; run again with --debug and report it\n`,
    );
    if (debug && error instanceof Error && error.stack) out.stderr(`${error.stack}\n`);
    return EXIT.usage;
  }
}

async function readVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
