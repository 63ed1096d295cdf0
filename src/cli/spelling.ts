// How the commands that compare reach PostgreSQL's spelling: the scratch database (embedded, or a
// scratch database on the `--dev-db` server, also `devDb` in schemata.config.yaml), the on-disk cache,
// and the one-line note when the proof runs on a newer PostgreSQL than the model targets.
import { readdirSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import type { Model } from '../model/model-schema.ts';
import type { Locate } from '../model/model-path.ts';
import type { Progress } from '../model/progress.ts';
import { isDatabaseUrl } from '../db/database.ts';
import { EMBEDDED_MAJOR, scratchSource, type ScratchSource } from '../db/scratch-source.ts';
import { defaultCacheDir, type SpellCache } from '../dialects/postgres/spell/spell-cache.ts';
import { spellModel } from '../dialects/postgres/spell/spell-model.ts';
import { CliError } from './cli-error.ts';
import { painter } from './color.ts';
import type { ParsedArgs } from './parsed-args.ts';
import type { Output } from './output.ts';

export interface Spelling {
  source: ScratchSource;
  cache: SpellCache | undefined;
}

/**
 * `--dev-db URL`, else the config's `devDb`, else embedded; the cache unless `--no-cache`, in
 * $SCHEMATA_CACHE_DIR, else the config's `cacheDir`, else the user's cache directory.
 */
export async function spellingFor(args: ParsedArgs): Promise<Spelling> {
  const given = (args.values['dev-db'] as string | undefined) ?? args.config?.values.devDb;
  if (given !== undefined && (typeof given !== 'string' || !isDatabaseUrl(given))) {
    throw new CliError(
      'usage',
      `the development database must be a postgres:// URL, not ${JSON.stringify(given)}`,
      'pass --dev-db postgres://user@host/db (schemata creates and drops its own scratch database there)',
    );
  }
  return {
    source: scratchSource(given),
    cache: args.values['no-cache'] ? undefined : { dir: cacheDir(args), codeStamp: codeStamp() },
  };
}

function cacheDir(args: ParsedArgs): string {
  const configured = args.config?.values.cacheDir;
  if (process.env.SCHEMATA_CACHE_DIR || configured === undefined || args.config === undefined)
    return defaultCacheDir();
  return resolve(args.config.dir, configured);
}

let stamp: string | undefined;

/**
 * Identifies this copy of schemata's code: its version and the size and time of every source file,
 * so a spelling cached by other code is never reused.
 */
function codeStamp(): string {
  if (stamp !== undefined) return stamp;
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else hash.update(`${path}:${stat.size}:${stat.mtimeMs}\n`);
    }
  };
  for (const part of ['package.json', 'src', 'dist']) {
    const path = join(root, part);
    try {
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(`${path}:${statSync(path).mtimeMs}\n`);
    } catch {
      // Not there (an installed package has no tests; a clone may have no build).
    }
  }
  return (stamp = hash.digest('hex'));
}

/** The model as PostgreSQL spells it; errors stop the command with exit 2, at the model's file positions. */
export async function spellSide(
  model: Model,
  spelling: Spelling,
  locate?: Locate,
  progress?: Progress,
): Promise<Model> {
  const result = await spellModel(model, { ...spelling, locate, progress });
  if (!result.ok) throw new CliError('model-rejected', '', undefined, result.diagnostics);
  return result.model;
}

/** One line when the proof runs on a newer PostgreSQL than the model's `project.postgres`. */
export function noteTargetVersion(out: Output, model: Model, spelling: Spelling): void {
  const target = model.project?.postgres;
  if (target === undefined || spelling.source.kind !== 'embedded' || target >= EMBEDDED_MAJOR) return;
  out.stderr(
    `${painter(out, 'stderr')('cyan', 'note')}: the model targets PostgreSQL ${target}; it is spelled and proved on embedded PostgreSQL ${EMBEDDED_MAJOR} (--dev-db URL proves it on ${target})\n`,
  );
}
