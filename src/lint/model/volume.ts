// A table's expected size and write rate, from its `volume` (rows, growth such as "20k rows/day").
import type { Table } from '../../model/model-schema.ts';

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  s: 1,
  sec: 1,
  second: 1,
  m: 60,
  min: 60,
  minute: 60,
  h: 3600,
  hr: 3600,
  hour: 3600,
  d: 86400,
  day: 86400,
  w: 604800,
  week: 604800,
  mo: 2629800,
  month: 2629800,
  y: 31557600,
  yr: 31557600,
  year: 31557600,
};

const SCALE: Readonly<Record<string, number>> = { '': 1, k: 1e3, m: 1e6, b: 1e9, g: 1e9 };

const GROWTH =
  /([0-9]+(?:\.[0-9]+)?)\s*([kmbg]?)\s*(?:rows?|inserts?|writes?)?\s*(?:\/|per|a|an|each)\s*([a-z]+)/i;

/** Rows added per day from a growth text such as "20k rows/day", "5/s", "1M per month"; undefined if unreadable. */
export function rowsPerDay(growth: string | undefined): number | undefined {
  if (growth === undefined) return undefined;
  const match = GROWTH.exec(growth);
  if (!match) return undefined;
  const [, amount, scale, unit] = match;
  const unitName = (unit ?? '').toLowerCase().replace(/s$/, '');
  const seconds = UNIT_SECONDS[unitName];
  const factor = SCALE[(scale ?? '').toLowerCase()];
  if (seconds === undefined || factor === undefined) return undefined;
  return (Number(amount) * factor * 86400) / seconds;
}

/** The rows the table is expected to hold after `years`, from its volume; undefined when not given. */
export function projectedRows(table: Table, years: number): number | undefined {
  const rows = table.volume?.rows;
  const perDay = rowsPerDay(table.volume?.growth);
  if (rows === undefined && perDay === undefined) return undefined;
  return (rows ?? 0) + (perDay ?? 0) * 365.25 * years;
}

/** A number as people write it: 1,500,000 -> "1.5M". */
export function shortCount(value: number): string {
  if (value >= 1e9) return `${trim(value / 1e9)}B`;
  if (value >= 1e6) return `${trim(value / 1e6)}M`;
  if (value >= 1e3) return `${trim(value / 1e3)}k`;
  return String(Math.round(value));
}

function trim(value: number): string {
  return value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}
