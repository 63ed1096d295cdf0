// schemata init [DIR]: a new project to start from: schemata.config.yaml, a model directory with one
// documented example table, an empty migrations directory, and the project's cache in .gitignore.
// Nothing that exists is overwritten; .gitignore only gets the line it lacks. Exit 0 when something
// was created, 1 when everything was there already.
import { existsSync, readdirSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { CliError, EXIT } from '../cli-error.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import type { Output } from '../output.ts';
import { CONFIG_FILE_NAMES } from '../config/config-schema.ts';

/** The cache directory init configures; .gitignore gets its parent, where later caches may go too. */
const CACHE_DIR = '.schemata/cache';
const IGNORED = '.schemata/';

const CONFIG = `# yaml-language-server: $schema=node_modules/schemata/schema/config.schema.json
# The configuration of this schemata project (docs/configuration.md in the schemata package). Paths are
# relative to this file; schemata finds it from this directory and every directory below it.
model: model
migrations: migrations
# Spellings of the model by PostgreSQL are cached here (ignored by git); $SCHEMATA_CACHE_DIR wins.
cacheDir: ${CACHE_DIR}
# A server of production's major version to spell models and prove plans on, instead of embedded
# PostgreSQL (schemata creates and drops scratch databases there). Never put a password in this file;
# PGPASSWORD or ~/.pgpass supplies it.
# devDb: postgres://postgres@localhost:5432/postgres

# Databases the commands reach with --env NAME, e.g. schemata diff --env prod --format summary.
# Give each a url (without a password) or urlEnv, the environment variable that holds its URL.
# environments:
#   local:
#     url: postgres://app@localhost:5432/app
#   prod:
#     urlEnv: PROD_DATABASE_URL

# Defaults per command, for options not given on the command line.
# commands:
#   diff:
#     format: summary
`;

function exampleTable(project: string): string {
  return `# One table of the ${project} model, to show the format: change it, or replace it with your own tables.
# Each table may have its own file; every .yaml file under model/ is read, merged into one model.
# Reference: docs/model-files.md in the schemata package. Try: schemata generate
schemata: 1
schemas:
  public:
    tables:
      customers:
        description: People and companies who place orders. # becomes COMMENT ON TABLE
        columns:
          - name: id
            type: bigint
            notNull: true
            identity: { generation: always }
            description: Surrogate key.
          - name: email
            type: text
            notNull: true
            description: Where receipts are sent; unique per customer.
            sensitivity: pii
          - name: name
            type: text
            notNull: true
            sensitivity: pii
          - name: created_at
            type: timestamp with time zone
            notNull: true
            default: now()
        primaryKey: { columns: [id] }
        uniques:
          - columns: [email]
            businessRule: One customer per e-mail address.
        checks:
          - expression: char_length(name) BETWEEN 1 AND 200
            businessRule: Names are 1 to 200 characters.
        queryPatterns:
          - name: find by e-mail
            sql: SELECT id FROM customers WHERE email = $1
            frequency: 10/s
`;
}

export async function runInit(args: ParsedArgs, out: Output): Promise<number> {
  const [target = '.', extra] = args.positionals;
  if (extra !== undefined)
    throw new CliError('usage', `unexpected argument "${extra}"`, 'schemata init [DIR]');
  const dir = resolve(target);
  await mkdir(dir, { recursive: true });
  const shown = (path: string) => relative(process.cwd(), path) || '.';
  let created = 0;
  const report = (verb: 'created' | 'kept', path: string, why = '') => {
    if (verb === 'created') created += 1;
    out.stderr(`${verb} ${shown(path)}${why}\n`);
  };

  const existingConfig = CONFIG_FILE_NAMES.map((name) => join(dir, name)).find((path) => existsSync(path));
  if (existingConfig) report('kept', existingConfig, ' (it exists)');
  else {
    await writeFile(join(dir, 'schemata.config.yaml'), CONFIG, { flag: 'wx' });
    report('created', join(dir, 'schemata.config.yaml'));
  }

  const model = join(dir, 'model');
  if (existsSync(model)) report('kept', model, ' (it exists; no example table added)');
  else {
    const table = join(model, 'public', 'tables', 'customers.yaml');
    await mkdir(join(model, 'public', 'tables'), { recursive: true });
    await writeFile(table, exampleTable(basename(dir)), { flag: 'wx' });
    report('created', table);
  }

  const migrations = join(dir, 'migrations');
  if (existsSync(migrations) && readdirSync(migrations).length > 0)
    report('kept', migrations, ' (it exists)');
  else {
    await mkdir(migrations, { recursive: true });
    await writeFile(join(migrations, '.gitkeep'), '', { flag: 'wx' });
    report('created', join(migrations, '.gitkeep'));
  }

  const gitignore = join(dir, '.gitignore');
  if (!existsSync(gitignore)) {
    await writeFile(gitignore, `# schemata's cache (cacheDir in schemata.config.yaml)\n${IGNORED}\n`, {
      flag: 'wx',
    });
    report('created', gitignore);
  } else {
    const text = await readFile(gitignore, 'utf8');
    const ignored = text.split(/\r?\n/).some((line) => /^\/?\.schemata\/?$/.test(line.trim()));
    if (ignored) report('kept', gitignore, ` (it ignores ${IGNORED} already)`);
    else {
      await appendFile(gitignore, `${text === '' || text.endsWith('\n') ? '' : '\n'}${IGNORED}\n`);
      created += 1;
      out.stderr(`added ${IGNORED} to ${shown(gitignore)}\n`);
    }
  }
  if (created === 0) {
    out.stderr(`nothing to do: ${shown(dir)} has a schemata project already\n`);
    return EXIT.findings;
  }
  return EXIT.ok;
}
