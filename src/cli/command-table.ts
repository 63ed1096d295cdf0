// Every command with its options: the one table that both parses a command's arguments and writes
// its help, so the two cannot disagree.
import type { ParseArgsConfig } from 'node:util';
import type { Output } from './output.ts';
import type { ParsedArgs } from './parsed-args.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** The value's placeholder in the help, e.g. `URL`. */
  value?: string;
  description: string;
  /** What applies when the option is not given; booleans are off unless this says otherwise. */
  default?: string;
  /** The values it takes, when they are a fixed set (checked in the config, offered by completion). */
  choices?: readonly string[];
}

export interface CommandSpec {
  /** After `schemata `, e.g. `generate [MODEL] [-o FILE]`. */
  usage: string;
  /** One line for the list of commands. */
  summary: string;
  /** The arguments and what the command does, for its own help. */
  details: string;
  options: Record<string, OptionSpec>;
  /** What the arguments are, for shell completion: paths, directories, or one of a few words. */
  positionals?: 'paths' | 'directories' | readonly string[];
  /** False for commands that run without reading schemata.config.yaml (init, completion). */
  readsConfig?: false;
  examples: string[];
  run(args: ParsedArgs, out: Output): Promise<number>;
}

/** Options every command takes. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', description: "print the command's help" },
  'no-color': {
    type: 'boolean',
    description: 'no colours on a terminal either',
    default: 'colours on a terminal, none in a pipe or with NO_COLOR set',
  },
  debug: { type: 'boolean', description: 'show stack traces of unexpected errors' },
  json: {
    type: 'boolean',
    description:
      'print one JSON document on standard output instead of text: results, diagnostics and left-out objects, also when the command fails (docs/json-output.md)',
  },
  quiet: {
    type: 'boolean',
    short: 'q',
    description: 'no progress on standard error (warnings and errors still print)',
    default:
      'progress for steps that take more than a second: a spinner on a terminal, a line per step elsewhere',
  },
};

const MODEL_ARGUMENT =
  'MODEL is a model file or directory; without it, the "model" entry of schemata.config.yaml (in the current directory or the nearest parent) is used, else ./model.';

const MODEL_OUTPUT: OptionSpec = {
  type: 'string',
  short: 'o',
  value: 'PATH',
  description:
    'write the model here: a .yaml/.json file gets the whole model, a directory one file per table; an existing model there keeps its documentation, comments and layout',
  default: 'standard output',
};
const LAYOUT: OptionSpec = {
  type: 'string',
  value: 'KIND',
  description: 'single | per-schema | per-table',
  choices: ['single', 'per-schema', 'per-table'],
  default: 'single for a file, per-table for a new directory, the layout of an existing model',
};
const SCHEMA: OptionSpec = {
  type: 'string',
  multiple: true,
  value: 'NAME',
  description: 'only this schema (repeatable)',
  default: 'every schema but the system ones',
};
const STRICT: OptionSpec = {
  type: 'boolean',
  description: 'exit 1 when the database holds objects the model cannot express',
};
const SAFE: OptionSpec = {
  type: 'boolean',
  description: 'plan for a busy database: concurrent indexes, NOT VALID then VALIDATE, lock_timeout',
};
const ALLOW_DATA_LOSS: OptionSpec = {
  type: 'boolean',
  description: 'accept drops and narrowing changes',
  default: 'refused, unless recorded in the model (project.drops)',
};
const NO_VERIFY: OptionSpec = {
  type: 'boolean',
  description: 'skip proving the plan on a scratch database (both directions)',
};
const SUGGEST_RENAMES: OptionSpec = {
  type: 'boolean',
  description: 'print likely renames to declare (renamedFrom), plan nothing',
};
const DEV_DB: OptionSpec = {
  type: 'string',
  value: 'URL',
  description:
    'spell models and prove plans in a scratch database that schemata creates (and drops) on this server, e.g. one of the major version production runs',
  default: '"devDb" of schemata.config.yaml, else embedded PostgreSQL',
};
const ENV: OptionSpec = {
  type: 'string',
  value: 'NAME',
  description:
    'the database of this environment of schemata.config.yaml (its url, or the variable its urlEnv names)',
};
const NO_CACHE: OptionSpec = {
  type: 'boolean',
  description: 'spell models afresh',
  default: 'cached in $SCHEMATA_CACHE_DIR, else "cacheDir" of schemata.config.yaml, else ~/.cache/schemata',
};

export const COMMANDS: Record<string, CommandSpec> = {
  generate: {
    usage: 'generate [MODEL] [-o FILE]',
    summary: 'model -> PostgreSQL DDL',
    details: `Prints the complete DDL of the model, in dependency order. ${MODEL_ARGUMENT}`,
    options: {
      output: {
        type: 'string',
        short: 'o',
        value: 'FILE',
        description:
          'write the DDL to FILE (its directory is created); a FILE ending in .json gets the --json document instead',
        default: 'standard output',
      },
      'create-roles': {
        type: 'boolean',
        description: "CREATE ROLE for the model's roles first (roles are cluster-wide)",
      },
    },
    examples: ['schemata generate model/ -o schema.sql'],
    positionals: 'paths',
    run: async (args, out) => (await import('./commands/generate.ts')).runGenerate(args, out),
  },
  inspect: {
    usage: 'inspect (--db URL | --env NAME) [-o PATH] [options]',
    summary: 'database -> model files',
    details:
      'Reads a database into a model. Objects the model cannot express are listed on standard error by kind and name.',
    options: {
      db: { type: 'string', value: 'URL', description: 'the database to read', default: '$DATABASE_URL' },
      env: { ...ENV, description: `${ENV.description}, read instead of --db`, default: 'none' },
      output: MODEL_OUTPUT,
      layout: LAYOUT,
      schema: SCHEMA,
      strict: STRICT,
    },
    examples: [
      'schemata inspect --db postgres://app@localhost/shop -o model/',
      'schemata inspect --env prod -o model/',
    ],
    run: async (args, out) => (await import('./commands/inspect.ts')).runInspect(args, out),
  },
  import: {
    usage: 'import (FILE.sql | FILE.dbml) [-o PATH] [options]',
    summary: 'SQL or DBML -> model files',
    details:
      'Runs a SQL file (pg_dump --schema-only output works as it is) in a fresh embedded PostgreSQL, statement by statement, then reads it into a model. A failing statement is reported at its file:line:column. A .dbml file is read with @dbml/core: tables, columns, keys, indexes, enums, references, table groups (as subject areas) and notes (docs/erd.md#dbml).',
    options: {
      output: MODEL_OUTPUT,
      layout: LAYOUT,
      schema: SCHEMA,
      strict: STRICT,
      'continue-on-error': {
        type: 'boolean',
        description:
          'keep going after a statement that fails or does not parse, as psql does; each one is reported as a warning and skipped',
      },
    },
    examples: [
      'schemata import schema.sql -o model/',
      'schemata import dump.sql --continue-on-error',
      'schemata import diagram.dbml -o model/',
    ],
    positionals: 'paths',
    run: async (args, out) => (await import('./commands/import.ts')).runImport(args, out),
  },
  diff: {
    usage: 'diff (FROM TO | --env NAME [TO]) [options]',
    summary: 'migration SQL from FROM to TO',
    details:
      "Prints the migration from FROM to TO, each statement with its hazards. FROM and TO are each a model file or directory, a .sql file, a migrations directory or a postgres:// URL. With --env NAME, FROM is that environment's database and TO, when not given, the model of schemata.config.yaml: the migration that brings the environment to the model. Exit 0 when equal, 1 when different.",
    options: {
      env: { ...ENV, description: `${ENV.description}, compared as FROM`, default: 'none' },
      format: {
        type: 'string',
        value: 'KIND',
        description: 'sql | json | summary; json is the same document as --json',
        default: 'sql',
        choices: ['sql', 'json', 'summary'],
      },
      down: { type: 'boolean', description: 'print the reverse (down) script' },
      safe: SAFE,
      'allow-data-loss': ALLOW_DATA_LOSS,
      'no-verify': NO_VERIFY,
      'suggest-renames': SUGGEST_RENAMES,
      'dev-db': DEV_DB,
      'no-cache': NO_CACHE,
    },
    examples: [
      'schemata diff postgres://app@localhost/shop model/',
      'schemata diff before.sql model/ --format summary',
      'schemata diff --env prod --format summary',
    ],
    positionals: 'paths',
    run: async (args, out) => (await import('./commands/diff.ts')).runDiff(args, out),
  },
  migrate: {
    usage:
      'migrate (new NAME | up | down | status | verify | baseline VERSION | repair | drift | squash | test) [options]',
    summary: 'write migrations (new) and apply them to databases (up, down, status, ...)',
    details:
      "new NAME writes the next versioned migration pair from the difference between the migrations directory's end state and the model, proved on a scratch database. " +
      'The others run the directory against a database (--db, --env, else $DATABASE_URL), recording what ran in a history table: ' +
      'up applies the pending migrations in version order, each in its own transaction (a file that cannot run in one runs statement by statement and resumes where it stopped); ' +
      'down reverts the latest ones with their down files; status lists applied and pending migrations and anything odd; verify checks that applied files are unchanged; ' +
      'baseline VERSION marks a database that no runner has touched as being at VERSION; repair accepts the new checksum of changed applied files; ' +
      'drift replays the applied migrations on a scratch database and names every object where the database differs from them (and, with a model, from the model). ' +
      'up, status and verify --targets FILE run against many databases or tenant schemas, --concurrency at a time, each with its own history. ' +
      'squash --to VERSION replaces the migrations up to VERSION with one, proved by replay; databases that applied them have it applied. ' +
      'test applies, reverts and applies again each migration on a scratch database and checks that each down file gives back the schema before it (and the end state against the model). ' +
      'One runner at a time per database. Exit 0 done, 1 failed, refused, drifted or something odd found, 2 usage or input error.',
    options: {
      model: {
        type: 'string',
        value: 'PATH',
        description: '(new, drift, test) the model file or directory',
        default:
          '"model" of schemata.config.yaml, else ./model for new, none for drift and test (no comparison with a model)',
      },
      dir: {
        type: 'string',
        value: 'DIR',
        description: 'the migrations directory',
        default: '"migrations" of schemata.config.yaml, else ./migrations',
      },
      safe: { ...SAFE, description: `(new) ${SAFE.description}` },
      'allow-data-loss': { ...ALLOW_DATA_LOSS, description: `(new) ${ALLOW_DATA_LOSS.description}` },
      'no-verify': { ...NO_VERIFY, description: `(new) ${NO_VERIFY.description}` },
      'suggest-renames': { ...SUGGEST_RENAMES, description: `(new) ${SUGGEST_RENAMES.description}` },
      'dev-db': {
        ...DEV_DB,
        description: `(new, drift, squash, test, up --check-drift) ${DEV_DB.description}`,
      },
      'no-cache': {
        ...NO_CACHE,
        description: `(new, drift, squash, test, up --check-drift) ${NO_CACHE.description}`,
      },
      db: {
        type: 'string',
        value: 'URL',
        description:
          '(up, down, status, verify, baseline, repair, drift) the database to migrate: postgres://..., or pglite:DIR for an embedded database kept in DIR',
        default: '$DATABASE_URL',
      },
      env: {
        ...ENV,
        description: `(up, down, status, ...) ${ENV.description}, instead of --db`,
        default: 'none',
      },
      to: {
        type: 'string',
        value: 'VERSION',
        description:
          '(up) apply the pending migrations up to this version; (down) revert the applied ones after it (0: all); (squash) the last migration to squash',
        default: 'up: all pending',
      },
      steps: {
        type: 'string',
        value: 'N',
        description: '(down) revert this many applied migrations, the latest first',
        default: '1',
      },
      'dry-run': {
        type: 'boolean',
        description:
          '(up) list what would run and how (in a transaction or not); (squash) print the squashed migration; change nothing',
      },
      targets: {
        type: 'string',
        value: 'FILE',
        description:
          '(up, status, verify) run against every target of FILE: one a line, postgres://... for a database, postgres://...#schema=NAME or schema=NAME (of --db) for a tenant schema, whose history is kept in that schema; or a YAML list of { url, schema, name }',
        default: 'the one database of --db',
      },
      concurrency: {
        type: 'string',
        value: 'N',
        description: '(with --targets) how many targets run at once',
        default: '4',
      },
      'continue-on-error': {
        type: 'boolean',
        description: '(up --targets) go on with the other targets after one fails',
        default: 'start no new target after a failure',
      },
      'check-drift': {
        type: 'boolean',
        description:
          '(up) first check that the database is where its history says (as drift does, without the model); refuse with the drift report when it is not',
      },
      'history-schema': {
        type: 'string',
        value: 'NAME',
        description: 'the schema of the history table (migration_history); created by the first up',
        default: 'schemata',
      },
      'lock-wait': {
        type: 'string',
        value: 'SECONDS',
        description: 'how long to wait while another runner migrates the database, then exit 1',
        default: '60',
      },
      'lock-timeout': {
        type: 'string',
        value: 'DURATION',
        description:
          "(up, down) lock_timeout of the migration's session, e.g. 5s, 500ms; a lock timeout is retried 3 times with back-off, then the run stops with nothing of that migration applied",
        default: '5s',
      },
      'statement-timeout': {
        type: 'string',
        value: 'DURATION',
        description: "(up, down) statement_timeout of the migration's session, e.g. 10min",
        default: "none (the server's)",
      },
    },
    examples: [
      'schemata migrate new "add order notes"',
      'schemata migrate up --db postgres://app@localhost/shop',
      'schemata migrate status --env prod',
      'schemata migrate down --steps 2',
      'schemata migrate drift --env prod --model model/',
      'schemata migrate up --targets tenants.txt --concurrency 8 --continue-on-error',
      'schemata migrate squash --to 0040',
      'schemata migrate test --model model/',
    ],
    positionals: ['new', 'up', 'down', 'status', 'verify', 'baseline', 'repair', 'drift', 'squash', 'test'],
    run: async (args, out) => (await import('./commands/migrate.ts')).runMigrate(args, out),
  },
  apply: {
    usage: 'apply [MODEL] (--db URL | --env NAME) [options]',
    summary: 'bring a database to the model, without migration files',
    details: `Reads the database and checks that it is where its history says: unchanged since the last apply (each object against the digest that apply recorded), or, when its history ends with migrations, as its applied migrations leave it; a database that drifted is refused with the objects named, unless --allow-drift. Then it plans the changes that bring it to the model as diff does (proved on a scratch database; drops and narrowing changes refused without --allow-data-loss), prints the plan with its hazards and asks for confirmation on a terminal (--yes skips the question; without a terminal, --yes is required). It then applies the plan as migrate up applies a migration: holding the runner lock, in one transaction unless a statement cannot run in one, with lock_timeout and retries, and records it in the history table (kind apply, with the plan's SHA-256). ${MODEL_ARGUMENT} Exit 0 applied or nothing to do, 1 failed or another runner busy, 2 usage or input error (refused data loss, not confirmed).`,
    options: {
      db: {
        type: 'string',
        value: 'URL',
        description:
          'the database to change: postgres://..., or pglite:DIR for an embedded database kept in DIR',
        default: '$DATABASE_URL',
      },
      env: { ...ENV, description: `${ENV.description}, instead of --db`, default: 'none' },
      safe: SAFE,
      'allow-data-loss': ALLOW_DATA_LOSS,
      yes: {
        type: 'boolean',
        short: 'y',
        description: 'apply without asking (needed where there is no terminal, as in CI)',
        default: 'ask on a terminal, refuse elsewhere',
      },
      'dry-run': { type: 'boolean', description: 'print the plan and its hazards; change nothing' },
      'allow-drift': {
        type: 'boolean',
        description:
          'apply even when the database drifted (changed outside schemata since the last apply, or not where its applied migrations leave it)',
        default: 'refused, with the drifted objects named',
      },
      dir: {
        type: 'string',
        value: 'DIR',
        description:
          'the migrations directory, for the drift check of a database whose history ends with migrations',
        default: '"migrations" of schemata.config.yaml, else ./migrations',
      },
      'history-schema': {
        type: 'string',
        value: 'NAME',
        description: 'the schema of the history table (left out of the comparison)',
        default: 'schemata',
      },
      'lock-wait': {
        type: 'string',
        value: 'SECONDS',
        description: 'how long to wait while a runner migrates the database, then exit 1',
        default: '60',
      },
      'lock-timeout': {
        type: 'string',
        value: 'DURATION',
        description:
          'lock_timeout of the session that applies, e.g. 5s; a lock timeout is retried 3 times with back-off',
        default: '5s',
      },
      'statement-timeout': {
        type: 'string',
        value: 'DURATION',
        description: 'statement_timeout of the session that applies, e.g. 10min',
        default: "none (the server's)",
      },
      'dev-db': DEV_DB,
      'no-cache': NO_CACHE,
    },
    examples: [
      'schemata apply --db postgres://app@localhost/shop --dry-run',
      'schemata apply model/ --env staging --yes',
    ],
    positionals: 'paths',
    run: async (args, out) => (await import('./commands/apply.ts')).runApply(args, out),
  },
  lint: {
    usage: 'lint [MODEL | FILE.sql | MIGRATIONS_DIR | postgres://URL] [--format text|json|sarif] [options]',
    summary: 'design review of a model or database, safety review of SQL and migrations',
    details:
      'Runs the lint rules (docs/rules/README.md) and reports what they find. The argument is recognised from its form: a postgres:// URL is inspected and gets the model rules, as a model file or directory does; a .sql file, or a migrations directory (each up file judged against the schema the files before it leave), gets the migration rules. Without an argument, the "model" entry of schemata.config.yaml (in the current directory or the nearest parent) is linted, else ./model. The "lint" section of the config file turns rules on and off, sets their severity and options, per path or schema; a `schemata-lint-disable CODE: reason` comment leaves one object or statement alone (docs/lint.md). Exit 1 when a finding at error severity remains, 0 otherwise, 2 on a usage or input error.',
    options: {
      format: {
        type: 'string',
        value: 'KIND',
        description:
          'text (like a compiler: file:line:column, severity, rule, message, fix) | json (the same document as --json) | sarif (SARIF 2.1.0, for code-scanning tools)',
        default: 'text',
        choices: ['text', 'json', 'sarif'],
      },
      'target-version': {
        type: 'string',
        value: 'N',
        description:
          'the PostgreSQL major version to judge for (what is safe, and what exists, differs by release)',
        default:
          "lint.targetVersion of schemata.config.yaml, else the model's project.postgres, else the version of the database linted or given with --db, else 18",
      },
      db: {
        type: 'string',
        value: 'URL',
        description:
          '(SQL input) the database the SQL will run on: its schema is what the statements change, and its table sizes (pg_class.reltuples) tell which locks and rewrites matter',
        default: 'none',
      },
      output: {
        type: 'string',
        short: 'o',
        value: 'FILE',
        description:
          'write the report to FILE (its directory is created); the summary goes to standard error',
        default: 'standard output',
      },
    },
    examples: [
      'schemata lint',
      'schemata lint migrations/ --db postgres://app@localhost/shop',
      'schemata lint postgres://app@localhost/shop --format sarif -o lint.sarif',
    ],
    positionals: 'paths',
    run: async (args, out) => (await import('./commands/lint.ts')).runLint(args, out),
  },
  validate: {
    usage:
      'validate [MODEL | FILE.sql | MIGRATIONS_DIR | postgres://URL] [--dev-db URL] [--scale N] [--seed N] [--format text|json|markdown] [--export DIR] [-o FILE]',
    summary: 'build the schema in a scratch database, fill it with sample data and test its constraints',
    details:
      'Builds the schema in a scratch database (embedded PostgreSQL, or a scratch database that schemata creates and drops on the --dev-db server), inserts sample data into every table in foreign-key order (realistic values by column name and type, satisfying types, keys, foreign keys and checks; row counts from each table\'s volume.rows times --scale), then tests every NOT NULL, CHECK, UNIQUE, FOREIGN KEY, exclusion constraint and enum with a row it must reject and a row it must accept, and runs the further checks of docs/validate.md. The argument is recognised from its form, as for lint; without one, the "model" entry of schemata.config.yaml (in the current directory or the nearest parent) is used, else ./model. Exit 1 when a check fails (a finding at error severity), 0 otherwise, 2 on a usage or input error.',
    options: {
      'dev-db': DEV_DB,
      scale: {
        type: 'string',
        value: 'N',
        description:
          "rows per table: the table's volume.rows times N (at least 10, at most 100,000; 20,000 assumed without a volume)",
        default: '0.001, or less so that the largest table gets at most 1,000 rows',
      },
      seed: {
        type: 'string',
        value: 'N',
        description: 'the seed of the sample data: the same seed gives the same rows',
        default: '1',
      },
      format: {
        type: 'string',
        value: 'KIND',
        description: 'text | json (the same document as --json) | markdown (for a pull request comment)',
        default: 'text',
        choices: ['text', 'json', 'markdown'],
      },
      export: {
        type: 'string',
        value: 'DIR',
        description: 'also write the sample data into DIR, for your own use',
        default: 'not written',
      },
      'export-format': {
        type: 'string',
        value: 'KIND',
        description:
          'sql (one file of INSERTs in foreign-key order) | csv (one file per table, with a header row)',
        default: 'sql',
        choices: ['sql', 'csv'],
      },
      'backup-check': {
        type: 'boolean',
        description: 'also dump the sample database and restore it into a fresh one, and compare',
      },
      output: {
        type: 'string',
        short: 'o',
        value: 'FILE',
        description:
          'write the report to FILE (its directory is created); the summary goes to standard error',
        default: 'standard output',
      },
    },
    examples: [
      'schemata validate',
      'schemata validate model/ --dev-db postgres://postgres@localhost/postgres --format markdown -o validate.md',
      'schemata validate schema.sql --scale 0.01 --export sample-data/',
    ],
    positionals: 'paths',
    run: async (args, out) => (await import('./commands/validate.ts')).runValidate(args, out),
  },
  erd: {
    usage: 'erd [SOURCE] [--format mermaid|dot|svg|dbml] [--area NAME] [-o FILE] [--write-layout]',
    summary: 'ER diagram of a model: Mermaid, Graphviz DOT, SVG or DBML',
    details:
      'Draws the tables with their columns and keys, the relationships with crow\'s-foot cardinality read from keys and nullability, enums, views and their dependencies, partitions under their parent (docs/erd.md). SOURCE is a model file or directory, a .sql file, a .dbml file, a migrations directory or a postgres:// URL; without it, the "model" entry of schemata.config.yaml (in the current directory or the nearest parent) is used, else ./model. mermaid prints a Markdown document with the overview and one diagram per subject area (subjectArea), each split when it is over Mermaid\'s default limits; dot and svg draw the overview, or the area given; dbml exports the whole model.',
    options: {
      format: {
        type: 'string',
        value: 'KIND',
        description:
          'mermaid (Markdown with mermaid blocks, renders on GitHub) | dot (Graphviz) | svg | dbml (dbdiagram.io)',
        default: 'mermaid',
        choices: ['mermaid', 'dot', 'svg', 'dbml'],
      },
      area: {
        type: 'string',
        value: 'NAME',
        description:
          "only this subject area's diagram; the tables of other areas it references are drawn as boxes without columns",
        default: 'the overview (and, for mermaid, every area)',
      },
      output: {
        type: 'string',
        short: 'o',
        value: 'FILE',
        description: 'write the diagram to FILE (its directory is created)',
        default: 'standard output',
      },
      'write-layout': {
        type: 'boolean',
        description:
          'svg: pin every box of the diagram where it is now, in the layout file beside the source (SOURCE.erd-layout.yaml; docs/erd-layout.md)',
        default: 'boxes listed in the layout file stay where they are; the file is only read',
      },
    },
    examples: [
      'schemata erd -o docs/er-diagram.md',
      'schemata erd --format svg --area sales -o docs/sales.svg --write-layout',
      'schemata erd schema.sql --format dot -o erd.dot',
      'schemata erd --format dbml -o model.dbml',
      "schemata erd --area 'live play' --format mermaid",
    ],
    positionals: 'paths',
    run: async (args, out) => (await import('./commands/erd.ts')).runErd(args, out),
  },
  docs: {
    usage: 'docs [SOURCE] (-o DIR [--format html|markdown] | --serve [--port N]) [options]',
    summary: 'documentation: a static HTML site or Markdown, or the site served with live reload',
    details:
      'Writes the documentation of SOURCE (a model file or directory, a .sql file, a migrations directory or a postgres:// URL; without it, the "model" entry of schemata.config.yaml, else ./model). html: a static site that works opened from disk: an index of schemas, areas and tables, a page per table (columns, keys, constraints with their business rules, indexes with what justifies them, relationships in and out, triggers, policies, grants, metadata, query patterns, lint findings), pages for views, functions and types, search, and the ER diagram of each area with pan and zoom. markdown: er-diagram.md, data-dictionary.md, indexes.md and queries.sql, for GitHub. With --serve, the site is served on 127.0.0.1 and rebuilt when the model files change; open pages reload. The same model gives byte-identical files (docs/docs-site.md).',
    options: {
      output: {
        type: 'string',
        short: 'o',
        value: 'DIR',
        description:
          'write the docs into DIR (created; our pages there are replaced, and stale ones in its tables/, views/, functions/, types/, areas/ and assets/ removed)',
        default: 'none: required unless --serve',
      },
      format: {
        type: 'string',
        value: 'KIND',
        description:
          'html (a static site) | markdown (er-diagram.md, data-dictionary.md, indexes.md, queries.sql)',
        default: 'html',
        choices: ['html', 'markdown'],
      },
      serve: {
        type: 'boolean',
        description:
          'serve the HTML site on 127.0.0.1, rebuild it when a model file changes and reload open pages; Ctrl+C stops',
      },
      port: {
        type: 'string',
        value: 'N',
        description: '(--serve) the port to listen on; 0 for any free port',
        default: '7400',
      },
      'lint-report': {
        type: 'string',
        value: 'FILE',
        description:
          '(html) show the findings of this report (schemata lint --format json -o FILE) on the pages',
        default: "the model is linted as schemata lint would, with the config file's settings",
      },
      'no-lint': { type: 'boolean', description: '(html) no lint findings on the pages' },
      'continue-on-error': {
        type: 'boolean',
        description:
          '(a .sql SOURCE) keep going after a statement that fails, as import --continue-on-error does; each is reported as a warning',
      },
    },
    examples: [
      'schemata docs -o site/',
      'schemata docs model/ --format markdown -o docs/schema',
      'schemata docs schema.sql --serve --port 8080',
    ],
    positionals: 'paths',
    run: async (args, out) => (await import('./commands/docs.ts')).runDocs(args, out),
  },
  testgen: {
    usage: 'testgen [SOURCE] [--format pgtap] [-o FILE]',
    summary: 'model -> pgTAP tests for your own CI',
    details:
      'Writes pgTAP tests from the model: its schemas, tables, columns with their types and NOT NULL, primary keys, unique constraints, foreign keys, indexes, checks (each one exists, and each one of a simple form rejects a row that only it refuses), enums, views, row-level security policies and functions. They pass on a database built from the model and fail when the database drifts from it. Run them with pg_prove on a database where CREATE EXTENSION pgtap has been done; the file runs in a transaction that is rolled back. SOURCE is a model file or directory, a .sql file, a migrations directory or a postgres:// URL; without it, the "model" entry of schemata.config.yaml, else ./model. The same model always gives the same file.',
    options: {
      format: {
        type: 'string',
        value: 'FORMAT',
        description: 'the test framework',
        default: 'pgtap',
        choices: ['pgtap'],
      },
      output: {
        type: 'string',
        short: 'o',
        value: 'FILE',
        description: 'write the tests to FILE (its directory is created)',
        default: 'standard output',
      },
    },
    examples: [
      'schemata testgen model/ -o test/schema.sql',
      'pg_prove -d postgres://localhost/shop test/schema.sql',
    ],
    positionals: 'paths',
    run: async (args, out) => (await import('./commands/testgen.ts')).runTestgen(args, out),
  },
  format: {
    usage: 'format [MODEL] [--check]',
    summary: "model files in PostgreSQL's own spelling",
    details: `Rewrites model files into PostgreSQL's spelling of their types and expressions, keeping comments, key order and layout. ${MODEL_ARGUMENT}`,
    options: {
      check: { type: 'boolean', description: 'change nothing; exit 1 when a file would change' },
      'dev-db': DEV_DB,
      'no-cache': NO_CACHE,
    },
    examples: ['schemata format --check'],
    positionals: 'paths',
    run: async (args, out) => (await import('./commands/format.ts')).runFormat(args, out),
  },
  init: {
    usage: 'init [DIR]',
    summary: 'a new project: config, example model, migrations directory',
    details:
      "Creates in DIR (default: the current directory) schemata.config.yaml, a model directory with one documented example table, an empty migrations directory and a .gitignore entry for the project's cache. An existing file is never overwritten: each one is reported as kept, and an existing .gitignore only gets the line it lacks. Exit 0 when something was created, 1 when everything was there already.",
    options: {},
    positionals: 'directories',
    readsConfig: false,
    examples: ['schemata init', 'schemata init shop-db'],
    run: async (args, out) => (await import('./commands/init.ts')).runInit(args, out),
  },
  completion: {
    usage: 'completion SHELL',
    summary: 'shell completion script: bash, zsh or fish',
    details:
      'Prints a script that completes the commands, their options and the files they take. bash: add `source <(schemata completion bash)` to ~/.bashrc. zsh: `schemata completion zsh > ~/.zfunc/_schemata` with ~/.zfunc in fpath before compinit (or `source <(schemata completion zsh)` after compinit). fish: `schemata completion fish > ~/.config/fish/completions/schemata.fish`.',
    options: {},
    positionals: ['bash', 'zsh', 'fish'],
    readsConfig: false,
    examples: ['schemata completion bash > ~/.local/share/bash-completion/completions/schemata'],
    // The table is handed over: the command that prints it cannot import the table that names it.
    run: async (args, out) =>
      (await import('./commands/completion.ts')).runCompletion(args, out, {
        commands: COMMANDS,
        common: COMMON_OPTIONS,
      }),
  },
};

/** A command's options as node:util parseArgs takes them. */
export function parseArgsOptions(spec: CommandSpec): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, option] of Object.entries({ ...spec.options, ...COMMON_OPTIONS })) {
    options[name] = {
      type: option.type,
      ...(option.short !== undefined && { short: option.short }),
      ...(option.multiple !== undefined && { multiple: option.multiple }),
    };
  }
  return options;
}
