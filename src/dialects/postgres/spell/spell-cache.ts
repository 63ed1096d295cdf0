// PostgreSQL's spelling of a model, kept on disk: the key is a digest of everything the spelling
// depends on (the DDL the model renders to, the PostgreSQL that spelled it, the code of schemata that
// rendered and read it), so an unchanged model is never built again and a changed one never reuses a
// stale spelling. Entries are written whole (to a temporary file, then renamed), so runs in parallel
// share the cache safely.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Model } from '../../../model/model-schema.ts';

export interface SpellCache {
  dir: string;
  /** Identifies the schemata code that renders and inspects (a change invalidates every entry). */
  codeStamp: string;
}

export { defaultCacheDir } from '../../../db/embedded-snapshot.ts';

export function spellingKey(cache: SpellCache, ddl: string, postgres: string): string {
  return createHash('sha256')
    .update(`spelling 1\0${cache.codeStamp}\0${postgres}\0`)
    .update(ddl)
    .digest('hex');
}

function entryPath(cache: SpellCache, key: string): string {
  return join(cache.dir, 'spelling', key.slice(0, 2), `${key}.json`);
}

export async function readSpelling<T = Model>(cache: SpellCache, key: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(entryPath(cache, key), 'utf8')) as T;
  } catch {
    // Not there yet, or unreadable: spelled again (and written again).
    return undefined;
  }
}

export async function writeSpelling(cache: SpellCache, key: string, model: unknown): Promise<void> {
  const path = entryPath(cache, key);
  try {
    await mkdir(join(path, '..'), { recursive: true });
    const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, JSON.stringify(model));
    await rename(temporary, path);
  } catch {
    // A cache that cannot be written (read-only home, full disk) only costs speed.
  }
}
