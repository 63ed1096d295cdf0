// How many rows each table gets: its estimated volume times the scale, so relative sizes stay
// realistic while a run stays small.

/** Assumed rows of a table whose model gives no volume. */
export const ASSUMED_ROWS = 20_000;
export const MIN_ROWS = 10;
export const MAX_ROWS = 100_000;
/**
 * The default scale, unless the largest table would then get more than LARGEST_DEFAULT rows, or all
 * tables together more than TOTAL_DEFAULT.
 */
export const DEFAULT_SCALE = 0.001;
export const LARGEST_DEFAULT = 1_000;
export const TOTAL_DEFAULT = 20_000;

export function rowCount(volumeRows: number | undefined, scale: number): number {
  const rows = Math.round((volumeRows ?? ASSUMED_ROWS) * scale);
  return Math.min(MAX_ROWS, Math.max(MIN_ROWS, rows));
}

/**
 * The scale when none is given: 0.001, or less when the largest table would get more than 1,000 rows
 * or the tables together more than 20,000; the tables keep their relative sizes either way.
 */
export function defaultScale(volumes: readonly (number | undefined)[]): number {
  const largest = Math.max(ASSUMED_ROWS, ...volumes.map((v) => v ?? 0));
  const total = volumes.reduce<number>((sum, v) => sum + (v ?? ASSUMED_ROWS), 0);
  const scale = Math.min(DEFAULT_SCALE, LARGEST_DEFAULT / largest, TOTAL_DEFAULT / Math.max(total, 1));
  // A round figure, so the report can name it: 0.00001 rather than 0.0000099...
  return Number(scale.toPrecision(2));
}
