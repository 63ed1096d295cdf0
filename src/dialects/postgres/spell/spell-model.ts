// PostgreSQL's own spelling of a model. People write `s in ('a','b')`, `varchar(255)` and
// `select * from t`; PostgreSQL stores `(s)::text = ANY (...)`, `character varying(255)` and a column
// list. Before a model is compared with anything, its DDL runs in a scratch database and the result is
// read back, so both sides of every comparison are spelled by the same PostgreSQL and equal schemas
// compare equal however they were written. No expression is rewritten by schemata itself.
import { embeddedRelease } from '../../../db/embedded-snapshot.ts';
import type { Model, Table } from '../../../model/model-schema.ts';
import type { Diagnostic } from '../../../model/diagnostics.ts';
import { counted, inStep, type Progress, type ProgressStep } from '../../../model/progress.ts';
import { ownEntry, type Locate } from '../../../model/model-path.ts';
import { expandPatterns } from '../../../model/patterns/expand-patterns.ts';
import { loadStatements, type SqlStatement } from '../../../readers/import-sql.ts';
import { openServerDatabase } from '../../../db/database.ts';
import {
  describeScratch,
  openScratch,
  serverMajorVersion,
  type Scratch,
  type ScratchSource,
} from '../../../db/scratch-source.ts';
import { inspectDatabase } from '../inspect/inspect-database.ts';
import { renderDdlStatements } from '../render-ddl.ts';
import { loadSqlParser } from '../types.ts';
import { carryOver } from './carry-over.ts';
import { readSpelling, spellingKey, writeSpelling, type SpellCache } from './spell-cache.ts';
import { rejectionDiagnostic } from './rejected-statement.ts';
import { compactForSpelling, restoreCompacted } from './compact.ts';
import {
  joinSpelling,
  splitForSpelling,
  withoutTables,
  type SeparateTable,
  type SpellingParts,
} from './spell-parts.ts';

/** Statements per round trip: far fewer round trips, and few enough locks per transaction. */
export const BATCH = 200;

export interface SpellOptions {
  source: ScratchSource;
  /** Where spellings are kept between runs; none: always spelled afresh. */
  cache?: SpellCache | undefined;
  /** File positions of the model's objects, for errors. */
  locate?: Locate | undefined;
  /** Told when a scratch database is built (a cached spelling needs none). */
  progress?: Progress | undefined;
}

export type SpellResult =
  | {
      ok: true;
      model: Model;
      /** Whether the spelling came from the cache (no scratch database was needed). */
      cached: boolean;
      /**
       * The tables spelled on their own this time (spell-parts.ts), schema-qualified; absent when the
       * model was spelled whole or came from the cache whole.
       */
      builtTables?: string[];
    }
  | { ok: false; diagnostics: Diagnostic[] };

/** The PostgreSQL a source runs, as part of a cache key: PGlite's release, or the server's version. */
export async function postgresIdentity(source: ScratchSource): Promise<string> {
  if (source.kind === 'embedded') return `pglite ${embeddedRelease()}`;
  const db = await openServerDatabase(source.url);
  try {
    const [row] = await db.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
    return `server ${row?.v ?? ''}`;
  } finally {
    await db.close();
  }
}

/** The model's DDL as statements, and as one text (which the cache key digests). */
export async function modelDdl(model: Model): Promise<{ statements: SqlStatement[]; text: string }> {
  await loadSqlParser();
  const texts = renderDdlStatements(model);
  return { statements: numbered(texts), text: `${texts.join('\n\n')}\n` };
}

/** Statements with their lines in the text they make joined by blank lines. */
function numbered(texts: readonly string[]): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let line = 1;
  for (const text of texts) {
    statements.push({ text, location: { file: 'model.sql', line, column: 1 } });
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) line++;
    line += 2;
  }
  return statements;
}

/**
 * Spells `model` in `scratch`, which must be empty, and leaves it built there. `statements` are the
 * model's DDL when the caller has them already.
 */
export async function spellInScratch(
  model: Model,
  scratch: Scratch,
  source: ScratchSource,
  locate?: Locate,
  statements?: readonly SqlStatement[],
  step?: ProgressStep,
  progress?: Progress,
): Promise<SpellResult> {
  const loaded = await loadStatements(scratch.db, statements ?? (await modelDdl(model)).statements, {
    batch: BATCH,
    createRole: (name) => scratch.createRole(name),
    ...(step && { onLoaded: (done: number, total: number) => step.advance(done, total, 'statements') }),
  });
  if (loaded.failed !== undefined) {
    return {
      ok: false,
      diagnostics: [rejectionDiagnostic(model, locate, loaded.failed, describeScratch(source))],
    };
  }
  const inspected = (await inspectDatabase(scratch.db, { progress })).model;
  return { ok: true, model: inspected, cached: false };
}

/** The model as PostgreSQL spells it, with what only the model holds carried over (see carry-over.ts). */
export async function spellModel(model: Model, options: SpellOptions): Promise<SpellResult> {
  const cache = options.cache;
  if (cache === undefined) {
    const { reduced, kept } = compactForSpelling(model);
    const result = await spellBuilt(model, options, (await modelDdl(reduced)).statements);
    return result.ok ? finishSpelling(model, restoreCompacted(result.model, kept), false) : result;
  }
  const postgres = await postgresIdentity(options.source);
  // The finished spelling of this very model (as read: its text decides everything the spelling and
  // the carry-over do), so an unchanged model or database costs one read.
  const finishedKey = spellingKey(cache, `finished\0${JSON.stringify(model)}`, postgres);
  const done = await readSpelling(cache, finishedKey);
  if (done !== undefined) return { ok: true, model: done, cached: true };
  const result = await spellChanged(model, { ...options, cache }, postgres);
  if (result.ok) await writeSpelling(cache, finishedKey, result.model);
  return result;
}

/** Spells a model whose finished spelling is not cached: from its DDL's spelling, or by parts. */
async function spellChanged(
  model: Model,
  options: SpellOptions & { cache: SpellCache },
  postgres: string,
): Promise<SpellResult> {
  const { cache } = options;
  const { reduced, kept } = compactForSpelling(model);
  const ddl = await modelDdl(reduced);
  const key = spellingKey(cache, ddl.text, postgres);
  const hit = await readSpelling(cache, key);
  if (hit !== undefined) return finishSpelling(model, restoreCompacted(hit, kept), true);
  const parts = splitForSpelling(reduced);
  const result = parts
    ? await spellByParts(model, parts, options, postgres)
    : await spellBuilt(model, options, ddl.statements);
  if (!result.ok) return result;
  await writeSpelling(cache, key, result.model);
  await rememberOwnSpelling(cache, postgres, key, result.model, result.builtTables);
  const finished = finishSpelling(model, restoreCompacted(result.model, kept), result.cached);
  return finished.ok && result.builtTables ? { ...finished, builtTables: result.builtTables } : finished;
}

function countTables(model: Model): number {
  return Object.values(model.schemas ?? {}).reduce(
    (sum, schema) => sum + Object.keys(schema.tables ?? {}).length,
    0,
  );
}

/**
 * Builds the statements in a scratch database and reads it back. `scope` says how much of the model
 * that is, for the progress: `2,000 tables`, `3 changed tables of 2,000`.
 */
async function spellBuilt(
  model: Model,
  options: SpellOptions,
  statements: readonly SqlStatement[],
  scope = counted(countTables(model), 'table'),
): Promise<SpellResult> {
  const { progress } = options;
  const title = `spelling the model in ${describeScratch(options.source)} (${scope})`;
  return inStep(progress, title, async (step) => {
    const scratch = await openScratch(options.source);
    try {
      return await spellInScratch(model, scratch, options.source, options.locate, statements, step, progress);
    } finally {
      // The scratch database holds only part of the model (compact.ts): a proof builds it whole.
      await scratch.close();
    }
  });
}

function partKeys(cache: SpellCache, postgres: string, parts: SpellingParts) {
  const rest = spellingKey(cache, `rest\0${parts.restStatements.join('\n\n')}`, postgres);
  const environment = spellingKey(cache, `env\0${parts.environmentStatements.join('\n\n')}`, postgres);
  const tables = parts.tables.map((table) =>
    spellingKey(
      cache,
      `table\0${environment}\0${table.schema}\0${table.name}\0${table.statements.join('\n\n')}`,
      postgres,
    ),
  );
  return { rest, tables };
}

/**
 * Spells the rest and only the separate tables the cache lacks (spell-parts.ts); the rest is always
 * built when a table is, since a table's spelling may depend on it (types, domains, routines).
 */
async function spellByParts(
  model: Model,
  parts: SpellingParts,
  options: SpellOptions & { cache: SpellCache },
  postgres: string,
): Promise<SpellResult> {
  const { cache } = options;
  const keys = partKeys(cache, postgres, parts);
  const cachedRest = await readSpelling(cache, keys.rest);
  const cachedTables = await Promise.all(keys.tables.map((key) => readSpelling<Table>(cache, key)));
  const missing = parts.tables.filter((_, index) => cachedTables[index] === undefined);
  const tableOf = (spelled: Model, index: number) => {
    const { schema, name } = parts.tables[index] as SeparateTable;
    return { schema, name, table: cachedTables[index] ?? ownEntry(spelled.schemas?.[schema]?.tables, name) };
  };
  if (cachedRest !== undefined && missing.length === 0) {
    const tables = parts.tables.map((_, index) => tableOf(cachedRest, index));
    return { ok: true, model: joinSpelling(cachedRest, present(tables)), cached: true };
  }
  const texts = [...parts.restStatements, ...missing.flatMap((table) => table.statements)];
  const scope =
    cachedRest === undefined
      ? undefined
      : `${counted(missing.length, 'changed table')} of ${countTables(model).toLocaleString('en-US')}`;
  const built = await spellBuilt(model, options, numbered(texts), scope);
  if (!built.ok) return built;
  const separate = new Set(parts.tables.map((table) => `${table.schema}.${table.name}`));
  const rest = withoutTables(built.model, separate);
  if (cachedRest === undefined) await writeSpelling(cache, keys.rest, rest);
  const tables = parts.tables.map((_, index) => tableOf(built.model, index));
  await writeTables(
    cache,
    tables.flatMap((entry, index) =>
      cachedTables[index] === undefined && entry.table !== undefined
        ? [{ key: keys.tables[index] as string, table: entry.table }]
        : [],
    ),
  );
  return {
    ok: true,
    model: joinSpelling(rest, present(tables)),
    cached: false,
    builtTables: missing.map((table) => `${table.schema}.${table.name}`),
  };
}

function present<T extends { table: Table | undefined }>(entries: T[]): (T & { table: Table })[] {
  return entries.filter((entry): entry is T & { table: Table } => entry.table !== undefined);
}

/** Writes table entries a few at a time (thousands of small files). */
async function writeTables(cache: SpellCache, entries: readonly { key: string; table: Table }[]) {
  const WIDTH = 32;
  for (let start = 0; start < entries.length; start += WIDTH) {
    await Promise.all(
      entries.slice(start, start + WIDTH).map((entry) => writeSpelling(cache, entry.key, entry.table)),
    );
  }
}

/**
 * PostgreSQL's spelling spelled again is itself: what it stored reads back the same (the inspected
 * forms are chosen to re-parse exactly, see inspect/exact-text.ts). So the spelling is also kept under
 * the keys of its own DDL (whole, and in parts), and a database built from the model, which reads back
 * in that spelling (as a database of another major version does wherever the two spell alike), needs no
 * build of its own, or only of what differs.
 */
async function rememberOwnSpelling(
  cache: SpellCache,
  postgres: string,
  key: string,
  spelled: Model,
  /** The separate tables built this time; the others were kept when they were built. All if absent. */
  built?: readonly string[],
) {
  const { reduced } = compactForSpelling(spelled);
  const own = spellingKey(cache, (await modelDdl(reduced)).text, postgres);
  if (own === key) return;
  await writeSpelling(cache, own, reduced);
  const parts = splitForSpelling(reduced);
  if (parts === undefined) return;
  const keys = partKeys(cache, postgres, parts);
  await writeSpelling(cache, keys.rest, parts.rest);
  const fresh = built && new Set(built);
  const tables = parts.tables.flatMap((table, index) =>
    fresh && !fresh.has(`${table.schema}.${table.name}`)
      ? []
      : [
          {
            key: keys.tables[index] as string,
            table: ownEntry(reduced.schemas?.[table.schema]?.tables, table.name),
          },
        ],
  );
  await writeTables(cache, present(tables));
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
 * Carries the model's own keys over (onto `spelled`, which is changed), and checks that nothing of the
 * model was lost on the way (which would otherwise be planned as a drop).
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
