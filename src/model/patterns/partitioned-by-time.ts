// The partitionedByTime pattern (docs/patterns.md): a table partitioned by RANGE on a time column,
// one partition per interval from a fixed start (so the DDL is the same whatever day it is made), a
// DEFAULT partition, and a function that makes the partitions of the current and the next intervals.
// Names are shortened as PostgreSQL shortens generated names, so that they fit in 63 bytes.
import type { Routine, Table, TablePatterns } from '../model-schema.ts';
import { clipToBytes } from '../naming.ts';
import { quoteLiteral } from '../../dialects/postgres/quote.ts';

export type TimeInterval = 'day' | 'week' | 'month' | 'year';

export interface PartitionedByTime {
  column: string;
  interval: TimeInterval;
  start: string;
  count: number;
  premake: number;
  defaultPartition: boolean;
}

export const PARTITION_DEFAULTS = {
  interval: 'month',
  count: 3,
  premake: 3,
  defaultPartition: true,
} as const;

export function partitionedByTimeOptions(patterns: TablePatterns): PartitionedByTime | undefined {
  const option = patterns.partitionedByTime;
  if (option === undefined) return undefined;
  return {
    column: option.column,
    interval: option.interval ?? PARTITION_DEFAULTS.interval,
    start: option.start,
    count: option.count ?? PARTITION_DEFAULTS.count,
    premake: option.premake ?? PARTITION_DEFAULTS.premake,
    defaultPartition: option.defaultPartition ?? PARTITION_DEFAULTS.defaultPartition,
  };
}

/** The option as written canonically: defaults left out. */
export function partitionedByTimeOption(options: PartitionedByTime): TablePatterns['partitionedByTime'] {
  return {
    column: options.column,
    ...(options.interval !== PARTITION_DEFAULTS.interval ? { interval: options.interval } : {}),
    start: options.start,
    ...(options.count !== PARTITION_DEFAULTS.count ? { count: options.count } : {}),
    ...(options.premake !== PARTITION_DEFAULTS.premake ? { premake: options.premake } : {}),
    ...(options.defaultPartition ? {} : { defaultPartition: false }),
  };
}

const MAX_NAME_BYTES = 63;
const FUNCTION_SUFFIX = '_create_partitions';
const DEFAULT_SUFFIX = '_default';

/** to_char patterns of the partition suffixes; the TypeScript names below spell the same. */
const SUFFIX_FORMAT: Record<TimeInterval, string> = {
  day: 'YYYY_MM_DD',
  week: 'YYYY_MM_DD',
  month: 'YYYY_MM',
  year: 'YYYY',
};

/** The table name part of the pattern's names, shortened so the longest suffix still fits. */
function prefix(table: string, suffixBytes: number): string {
  return clipToBytes(table, MAX_NAME_BYTES - suffixBytes);
}

function partitionPrefix(table: string, interval: TimeInterval): string {
  return prefix(table, '_p'.length + SUFFIX_FORMAT[interval].length);
}

export const partitionFunctionName = (table: string) =>
  `${prefix(table, FUNCTION_SUFFIX.length)}${FUNCTION_SUFFIX}`;
export const partitionFunctionKey = (table: string) => `${partitionFunctionName(table)}(integer)`;
export const defaultPartitionName = (table: string) =>
  `${prefix(table, DEFAULT_SUFFIX.length)}${DEFAULT_SUFFIX}`;

/** A calendar day, as UTC midnight. */
function parseDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addIntervals(date: Date, interval: TimeInterval, n: number): Date {
  const next = new Date(date.getTime());
  if (interval === 'day') next.setUTCDate(next.getUTCDate() + n);
  else if (interval === 'week') next.setUTCDate(next.getUTCDate() + 7 * n);
  else if (interval === 'month') next.setUTCMonth(next.getUTCMonth() + n);
  else next.setUTCFullYear(next.getUTCFullYear() + n);
  return next;
}

/** Whether `day` is a real date at the start of its interval (date_trunc would not change it). */
export function isIntervalStart(day: string, interval: TimeInterval): boolean {
  const date = parseDay(day);
  if (Number.isNaN(date.getTime()) || formatDay(date) !== day) return false;
  if (interval === 'week') return date.getUTCDay() === 1;
  if (interval === 'month') return date.getUTCDate() === 1;
  if (interval === 'year') return date.getUTCDate() === 1 && date.getUTCMonth() === 0;
  return true;
}

export function partitionName(table: string, interval: TimeInterval, lower: Date): string {
  const [year, month, day] = formatDay(lower).split('-');
  const suffix =
    interval === 'year' ? year : interval === 'month' ? `${year}_${month}` : `${year}_${month}_${day}`;
  return `${partitionPrefix(table, interval)}_p${suffix}`;
}

type TimeType = 'date' | 'timestamp' | 'timestamptz';

/** The time type of a column type, or undefined when it is not one a time partition key may have. */
export function timeType(columnType: string): TimeType | undefined {
  const type = columnType.trim().toLowerCase();
  if (type === 'date') return 'date';
  if (/^(timestamptz|timestamp\s*(\(\d+\))?\s+with time zone)$/.test(type)) return 'timestamptz';
  if (/^timestamp\s*(\(\d+\))?(\s+without time zone)?$/.test(type)) return 'timestamp';
  return undefined;
}

/** A bound as pg_get_expr prints it (timestamptz in UTC, the time zone the DDL states). */
function boundValue(date: Date, type: TimeType): string {
  const day = formatDay(date);
  return quoteLiteral(
    type === 'date' ? day : type === 'timestamp' ? `${day} 00:00:00` : `${day} 00:00:00+00`,
  );
}

export interface TimePartition {
  name: string;
  table: Table;
}

/** The initial partitions (count of them from start) and the DEFAULT partition when asked. */
export function timePartitions(
  tableName: string,
  options: PartitionedByTime,
  columnType: string | undefined,
): TimePartition[] {
  const type = timeType(columnType ?? '') ?? 'timestamptz';
  const start = parseDay(options.start);
  const partitions: TimePartition[] = [];
  if (Number.isNaN(start.getTime())) return partitions;
  for (let i = 0; i < options.count; i++) {
    const lower = addIntervals(start, options.interval, i);
    const upper = addIntervals(start, options.interval, i + 1);
    partitions.push({
      name: partitionName(tableName, options.interval, lower),
      table: {
        partitionOf: {
          table: tableName,
          bound: `FOR VALUES FROM (${boundValue(lower, type)}) TO (${boundValue(upper, type)})`,
        },
        columns: [],
      },
    });
  }
  if (options.defaultPartition)
    partitions.push({
      name: defaultPartitionName(tableName),
      table: { partitionOf: { table: tableName, bound: 'DEFAULT' }, columns: [] },
    });
  return partitions;
}

/**
 * The function that makes the partitions of the current interval and `ahead` more, skipping those
 * that exist; it returns how many it made. Intervals are counted in UTC. Every name reaches the
 * statement through format('%I').
 */
export function partitionFunction(
  schema: string,
  tableName: string,
  options: PartitionedByTime,
  columnType: string | undefined,
): Routine {
  const type = timeType(columnType ?? '') ?? 'timestamptz';
  const step = `interval ${quoteLiteral(`1 ${options.interval}`)}`;
  const bound = (value: string) =>
    type === 'date' ? `(${value})::date` : type === 'timestamptz' ? `(${value}) AT TIME ZONE 'UTC'` : value;
  const body = `
DECLARE
  current_start timestamp := date_trunc(${quoteLiteral(options.interval)}, now() AT TIME ZONE 'UTC');
  period_start timestamp;
  partition_name text;
  made integer := 0;
BEGIN
  FOR i IN 0..ahead LOOP
    period_start := current_start + i * ${step};
    partition_name := ${quoteLiteral(partitionPrefix(tableName, options.interval))}
      || to_char(period_start, '"_p"${SUFFIX_FORMAT[options.interval]}');
    IF to_regclass(format('%I.%I', ${quoteLiteral(schema)}, partition_name)) IS NULL THEN
      EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)',
        ${quoteLiteral(schema)}, partition_name, ${quoteLiteral(schema)}, ${quoteLiteral(tableName)},
        ${bound('period_start')}, ${bound(`period_start + ${step}`)});
      made := made + 1;
    END IF;
  END LOOP;
  RETURN made;
END
`;
  return {
    description: `Makes the partitions of ${tableName} for the current ${options.interval} and the next ones; returns how many it made (schemata partitionedByTime pattern).`,
    language: 'plpgsql',
    arguments: [{ name: 'ahead', type: 'integer', default: String(options.premake) }],
    returns: 'integer',
    body,
  };
}
