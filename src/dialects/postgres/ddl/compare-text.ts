// One order for names in generated SQL.

/** Code-unit order: the same on every machine and in every locale, so output is byte-identical. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The keys of a map in that order; no keys for an absent map. Sorting strings without a comparator
 * is the same order (code units), without a call per comparison: maps hold thousands of tables.
 */
export function sortedKeys(map: Readonly<Record<string, unknown>> | undefined): string[] {
  return map === undefined ? [] : Object.keys(map).sort();
}
