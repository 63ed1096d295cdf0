// PostgreSQL's own spelling of a model. People write `s in ('a','b')`, `varchar(255)` and
// `select * from t`; PostgreSQL stores `(s)::text = ANY (...)`, `character varying(255)` and a column
// list. Before a model is compared with anything, its DDL runs in a scratch database and the result is
// read back, so both sides of every comparison are spelled by the same PostgreSQL and equal schemas
// compare equal however they were written. No expression is rewritten by schemata itself.
import { embeddedRelease } from '../../../db/embedded-snapshot.ts';
import type { Model } from '../../../model/model-schema.ts';
import type { Diagnostic } from '../../../model/diagnostics.ts';
import { ownEntry, type Locate } from '../../../model/model-path.ts';
import { expandPatterns } from '../../../model/patterns/expand-patterns.ts';
import { loadSql } from '../../../readers/import-sql.ts';
import { openServerDatabase } from '../../../db/database.ts';
import {
  describeScratch,
  openScratch,
  serverMajorVersion,
  type Scratch,
  type ScratchSource,
} from '../../../db/scratch-source.ts';
import { inspectDatabase } from '../inspect/inspect-database.ts';
import { generateDdl } from '../render-ddl.ts';
import { carryOver } from './carry-over.ts';
import { readSpelling, spellingKey, writeSpelling, type SpellCache } from './spell-cache.ts';
import { rejectionDiagnostic } from './rejected-statement.ts';
import { compactForSpelling, restoreCompacted } from './compact.ts';

/** Statements per round trip: far fewer round trips, and few enough locks per transaction. */
export const BATCH = 200;

export interface SpellOptions {
  source: ScratchSource;
  /** Where spellings are kept between runs; none: always spelled afresh. */
  cache?: SpellCache | undefined;
  /** File positions of the model's objects, for errors. */
  locate?: Locate | undefined;
}

export type SpellResult =
  | {
      ok: true;
      model: Model;
      /** Whether the spelling came from the cache (no scratch database was needed). */
      cached: boolean;
    }
  | { ok: false; diagnostics: Diagnostic[] };

/** The PostgreSQL a source runs, as part of a cache key: PGlite's release, or the server's version. */
async function postgresIdentity(source: ScratchSource): Promise<string> {
  if (source.kind === 'embedded') return `pglite ${embeddedRelease()}`;
  const db = await openServerDatabase(source.url);
  try {
    const [row] = await db.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
    return `server ${row?.v ?? ''}`;
  } finally {
    await db.close();
  }
}

/**
 * Spells `model` in `scratch`, which must be empty, and leaves it built there (a proof may go on from
 * that state). `ddl` is the model's DDL when the caller has it already.
 */
export async function spellInScratch(
  model: Model,
  scratch: Scratch,
  source: ScratchSource,
  locate?: Locate,
  ddl?: string,
): Promise<SpellResult> {
  const text = ddl ?? (await generateDdl(model));
  const loaded = await loadSql(scratch.db, text, 'model.sql', {
    createRole: (name) => scratch.createRole(name),
  });
  if (loaded.failed !== undefined) {
    return {
      ok: false,
      diagnostics: [rejectionDiagnostic(model, locate, loaded.failed, describeScratch(source))],
    };
  }
  const inspected = (await inspectDatabase(scratch.db)).model;
  return { ok: true, model: inspected, cached: false };
}

/** The model as PostgreSQL spells it, with what only the model holds carried over (see carry-over.ts). */
export async function spellModel(model: Model, options: SpellOptions): Promise<SpellResult> {
  const { reduced, kept } = compactForSpelling(model);
  const ddl = await generateDdl(reduced);
  const key = options.cache && spellingKey(options.cache, ddl, await postgresIdentity(options.source));
  const hit = options.cache && key ? await readSpelling(options.cache, key) : undefined;
  if (hit !== undefined) return finishSpelling(model, restoreCompacted(hit, kept), true);
  const scratch = await openScratch(options.source);
  try {
    const result = await spellInScratch(model, scratch, options.source, options.locate, ddl);
    if (!result.ok) return result;
    if (options.cache && key) await writeSpelling(options.cache, key, result.model);
    return finishSpelling(model, restoreCompacted(result.model, kept), false);
  } finally {
    // The scratch database holds only part of the model (compact.ts): a proof builds it whole.
    await scratch.close();
  }
}

const NAMED_OBJECTS = ['tables', 'views', 'materializedViews', 'enums', 'domains', 'sequences'] as const;

/** Objects and columns of `written` that `spelled` lacks ("schema", "schema.table", "schema.table.column"). */
function lostObjects(written: Model, spelled: Model): string[] {
  const lost: string[] = Object.keys(written.eventTriggers ?? {})
    .filter((name) => ownEntry(spelled.eventTriggers, name) === undefined)
    .map((name) => `event trigger ${name}`);
  for (const [schemaName, schema] of Object.entries(written.schemas ?? {})) {
    const other = ownEntry(spelled.schemas, schemaName);
    if (other === undefined) {
      lost.push(`schema ${schemaName}`);
      continue;
    }
    for (const kind of NAMED_OBJECTS) {
      for (const name of Object.keys(schema[kind] ?? {})) {
        if (ownEntry(other[kind] as Record<string, unknown> | undefined, name) === undefined)
          lost.push(`${kind} ${schemaName}.${name}`);
      }
    }
    for (const [tableName, table] of Object.entries(schema.tables ?? {})) {
      const columns = new Set(ownEntry(other.tables, tableName)?.columns.map((c) => c.name) ?? []);
      for (const column of table.columns)
        if (!columns.has(column.name)) lost.push(`column ${schemaName}.${tableName}.${column.name}`);
    }
  }
  return lost;
}

/**
 * Carries the model's own keys over, and checks that nothing of the model was lost on the way (which
 * would otherwise be planned as a drop).
 */
export function finishSpelling(model: Model, spelled: Model, cached: boolean): SpellResult {
  const result = carryOver(model, spelled);
  const lost = lostObjects(expandPatterns(model), expandPatterns(result));
  if (lost.length > 0) {
    return {
      ok: false,
      diagnostics: lost.slice(0, 10).map((what) => ({
        code: 'spelling-mismatch',
        severity: 'error',
        message: `PostgreSQL's spelling of the model lacks ${what}`,
        object: what,
        hint: 'this is a bug in schemata; please report it with the model',
      })),
    };
  }
  return { ok: true, model: result, cached };
}

export { serverMajorVersion };
