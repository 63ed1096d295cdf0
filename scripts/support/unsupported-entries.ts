// Which pg_dump entries belong to objects that inspect reported as unsupported, by name.
import type { DumpEntry } from '../../src/dialects/postgres/pg-dump.ts';
import type { UnsupportedObject } from '../../src/dialects/postgres/inspect/inspect-database.ts';

function mentions(entryName: string, part: string): boolean {
  const bare = part.replace(/\(.*$/, '');
  return (
    entryName === part ||
    entryName === bare ||
    entryName.startsWith(`${bare} `) ||
    entryName.startsWith(`${bare}(`) ||
    entryName.endsWith(` ${bare}`) ||
    entryName.includes(` ${bare} `) ||
    entryName.includes(` ${bare}(`)
  );
}

export function explainedByUnsupported(entry: DumpEntry, unsupported: readonly UnsupportedObject[]): boolean {
  return unsupported.some((u) => {
    const parts = splitQualified(u.name);
    // A database-wide object (a publication, a server) has entries in the schemas of what it lists.
    const [schema, ...rest] = parts.length > 1 ? parts : ['-', ...parts];
    if (parts.length > 1 && entry.schema !== '-' && entry.schema !== schema) return false;
    return rest.some((part) => mentions(entry.name, part));
  });
}

/** Splits `schema.table.name`, keeping dots inside double quotes or parentheses. */
function splitQualified(name: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let depth = 0;
  for (const char of name) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '(') depth++;
    else if (!quoted && char === ')') depth--;
    if (char === '.' && !quoted && depth === 0) {
      parts.push(current);
      current = '';
    } else if (char !== '"') current += char;
  }
  parts.push(current);
  return parts;
}
