// Checks of pattern options that the expanded objects cannot show where they were written: the
// partitionedByTime column, its type, its start and the keys that must include it.
import type { Diagnostic } from '../diagnostics.ts';
import type { Model } from '../model-schema.ts';
import { sortedEntries, type Locate, errorCollector } from '../model-path.ts';
import { isIntervalStart, partitionedByTimeOptions, timeType } from './partitioned-by-time.ts';

const START_OF: Record<string, string> = {
  day: 'a day',
  week: 'a Monday',
  month: 'the first day of a month',
  year: 'January 1',
};

export function validatePatterns(model: Model, locate?: Locate): Diagnostic[] {
  const { diagnostics, report } = errorCollector(locate);
  for (const [schemaName, schema] of sortedEntries(model.schemas)) {
    for (const [tableName, table] of sortedEntries(schema.tables)) {
      const options = table.patterns && partitionedByTimeOptions(table.patterns);
      if (!options) continue;
      const object = `${schemaName}.${tableName}`;
      const at = ['schemas', schemaName, 'tables', tableName, 'patterns', 'partitionedByTime'];
      const column = table.columns.find((c) => c.name === options.column);
      if (column === undefined) {
        report(
          'unknown-column',
          [...at, 'column'],
          object,
          `partitionedByTime of ${object} names column ${options.column}, which the table does not have`,
          `use one of ${table.columns.map((c) => c.name).join(', ') || '(no columns)'}`,
        );
      } else if (timeType(column.type) === undefined) {
        report(
          'invalid-time-partition-column',
          [...at, 'column'],
          object,
          `partitionedByTime of ${object}: column ${column.name} is ${column.type}, not a time`,
          'partition by a date, timestamp or timestamp with time zone column',
        );
      }
      if (table.partitionBy !== undefined || table.partitionOf !== undefined) {
        report(
          'conflicting-partitioning',
          at,
          object,
          `${object} has partitionedByTime and is partitioned or a partition itself`,
          'leave out partitionBy/partitionOf: the pattern partitions the table',
        );
      }
      if (!isIntervalStart(options.start, options.interval)) {
        report(
          'misaligned-partition-start',
          [...at, 'start'],
          object,
          `partitionedByTime of ${object}: start ${options.start} is not the start of a ${options.interval}`,
          `start on ${START_OF[options.interval]}, where the function's partitions start too`,
        );
      }
      const keys = [
        ...(table.primaryKey
          ? [{ path: ['primaryKey'], columns: table.primaryKey.columns, what: 'primary key' }]
          : []),
        ...(table.uniques ?? []).map((unique, i) => ({
          path: ['uniques', i],
          columns: unique.columns,
          what: 'unique constraint',
        })),
      ];
      for (const key of keys) {
        if (key.columns.includes(options.column)) continue;
        report(
          'partition-key-not-in-unique-key',
          ['schemas', schemaName, 'tables', tableName, ...key.path, 'columns'],
          object,
          `the ${key.what} of ${object} (${key.columns.join(', ')}) must include the partition column ${options.column}`,
          `add ${options.column} to the ${key.what}: PostgreSQL enforces uniqueness per partition only`,
        );
      }
    }
  }
  return diagnostics;
}
