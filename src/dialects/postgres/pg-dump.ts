// PostgreSQL is the oracle: two databases hold the same schema when `pg_dump --schema-only` prints the
// same thing for both. This runs pg_dump and compares its output entry by entry.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The schema of a database as pg_dump prints it, with the per-run \restrict key fixed. */
export async function dumpSchema(url: string): Promise<string> {
  const { stdout } = await run('pg_dump', ['--schema-only', '--restrict-key=schemata', '--dbname', url], {
    maxBuffer: 512 * 1024 * 1024,
  });
  return normaliseDump(stdout);
}

/** Drops what differs between two dumps of equal schemas: the \restrict lines and version banners. */
export function normaliseDump(dump: string): string {
  return dump
    .split('\n')
    .filter((line) => !/^\\(un)?restrict /.test(line) && !/^-- Dumped (from|by) /.test(line))
    .join('\n');
}

export interface DumpEntry {
  /** The header: `Name: x; Type: TABLE; Schema: public; Owner: root`. */
  header: string;
  name: string;
  type: string;
  schema: string;
  text: string;
}

const HEADER = /^-- (?:Data for )?Name: (.*); Type: (.*); Schema: (.*?); Owner: .*$/;

/** Splits a dump into its table-of-contents entries. */
export function splitDumpEntries(dump: string): DumpEntry[] {
  const entries: DumpEntry[] = [];
  let current: DumpEntry | undefined;
  for (const line of dump.split('\n')) {
    const match = HEADER.exec(line);
    if (match) {
      current = {
        header: line.slice(3),
        name: match[1] ?? '',
        type: match[2] ?? '',
        schema: match[3] ?? '',
        text: '',
      };
      entries.push(current);
      continue;
    }
    // The closing comment belongs to the dump, not to whichever entry happens to be last.
    if (line === '-- PostgreSQL database dump complete') current = undefined;
    if (current && line !== '--') current.text += `${line}\n`;
  }
  // pg_dump sets default_tablespace and default_table_access_method before the first entry that needs
  // them, so where those lines fall depends on which entries exist; they are not part of any object.
  for (const entry of entries) {
    const lines = entry.text
      .split('\n')
      .filter((line) => !/^SET default_(tablespace|table_access_method) = /.test(line));
    // An ACL is a set: pg_dump prints its items in the order the array happens to hold them, which
    // depends on the order grants were made, not on what they grant.
    if (entry.type === 'ACL' || entry.type === 'DEFAULT ACL') lines.sort();
    entry.text = lines.join('\n').trim();
  }
  return entries;
}

export interface DumpDifference {
  header: string;
  expected: string | undefined;
  actual: string | undefined;
}

/**
 * Entries that differ between two dumps. `explained` marks the entries that belong to objects the
 * caller knows are left out (reported as unsupported); those are not differences.
 */
export function compareDumps(
  expected: string,
  actual: string,
  explained: (entry: DumpEntry) => boolean = () => false,
): DumpDifference[] {
  const keyed = (dump: string) => {
    const map = new Map<string, DumpEntry>();
    for (const entry of splitDumpEntries(dump)) {
      let key = entry.header;
      for (let n = 2; map.has(key); n++) key = `${entry.header} #${n}`;
      map.set(key, entry);
    }
    return map;
  };
  const a = keyed(expected);
  const b = keyed(actual);
  const differences: DumpDifference[] = [];
  for (const [key, entry] of a) {
    const other = b.get(key);
    if (other?.text === entry.text) continue;
    if (explained(entry)) continue;
    differences.push({ header: key, expected: entry.text, actual: other?.text });
  }
  for (const [key, entry] of b) {
    if (a.has(key) || explained(entry)) continue;
    differences.push({ header: key, expected: undefined, actual: entry.text });
  }
  // The order of entries matters to pg_dump only through dependencies; equal entry sets are equal.
  return differences;
}

/** A dump with object owners taken out, for comparing databases whose owners the model does not hold. */
export function withoutOwners(dump: string): string {
  return dump
    .split('\n')
    .filter((line) => !/^ALTER .* OWNER TO .*;$/.test(line))
    .map((line) => line.replace(/; Owner: .*$/, '; Owner: -'))
    .join('\n');
}

/** The first lines where two texts differ, for a report. */
export function firstDifferingLines(expected: string, actual: string, context = 2): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - context);
  const show = (lines: string[], sign: string) =>
    lines
      .slice(from, i + context + 1)
      .map((l) => `${sign} ${l}`)
      .join('\n');
  return `${show(a, '-')}\n${show(b, '+')}`;
}
