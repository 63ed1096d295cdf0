// File names and anchors for documentation pages. Object names may hold anything PostgreSQL allows
// (quotes, slashes, spaces, unicode, 63 bytes): the name is a readable slug of its safe characters plus
// a short hash of the whole key, so the name is stable across runs, unique, and safe on every file system.
import { createHash } from 'node:crypto';

/** `tables`, `views`, ...: the directory a page kind lives in. */
export type PageKind = 'table' | 'view' | 'materialized-view' | 'function' | 'type' | 'area' | 'schema';

const MAX_SLUG = 40;

export function slugOf(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/, '');
  return slug === '' ? 'x' : slug;
}

function shortHash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** Hands out one name per key; a (practically impossible) hash collision gets a longer hash. */
export class PageNames {
  private readonly byKey = new Map<string, string>();
  private readonly taken = new Set<string>();

  /** The base name (no extension) of the page of `kind` for an object key such as `schema.name`. */
  name(kind: PageKind, key: string, label: string): string {
    const full = `${kind}:${key}`;
    const known = this.byKey.get(full);
    if (known !== undefined) return known;
    for (let length = 8; ; length += 4) {
      const candidate = `${slugOf(label)}-${shortHash(full, length)}`;
      if (!this.taken.has(candidate) || length >= 64) {
        this.taken.add(candidate);
        this.byKey.set(full, candidate);
        return candidate;
      }
    }
  }
}
