// The partitionedByTime pattern's function on the embedded and server databases: it makes the
// partitions of the current and next intervals under the names the pattern uses, once; rows go to
// them; inspect still folds the pattern and keeps the later partitions as concrete ones.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDdl } from '../src/dialects/postgres/render-ddl.ts';
import { inspectDatabase } from '../src/dialects/postgres/inspect/inspect-database.ts';
import { quoteQualified } from '../src/dialects/postgres/quote.ts';
import { formatDiagnostic } from '../src/model/diagnostics.ts';
import { partitionFunctionName, partitionName } from '../src/model/patterns/partitioned-by-time.ts';
import { loadSql } from '../src/readers/import-sql.ts';
import { HOSTILE_EVENTS, patternModels } from './fixtures/pattern-models.ts';
import { databaseKinds, withDatabase } from './support/databases.ts';

const SCHEMA = 'Work Items';
const model = patternModels['partitioned-by-time-weekly-hostile']!;
const table = quoteQualified(SCHEMA, HOSTILE_EVENTS);
const makePartitions = quoteQualified(SCHEMA, partitionFunctionName(HOSTILE_EVENTS));

describe('partitionedByTime function', () => {
  for (const kind of databaseKinds) {
    test(`makes the current and next weekly partitions once on the ${kind} database`, async (t) => {
      await withDatabase(kind, t, async (db) => {
        const loaded = await loadSql(db, await generateDdl(model), 'partitioned.sql');
        assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), []);
        const [week] = await db.query<{ monday: string }>(
          `SELECT to_char(date_trunc('week', now() AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS monday`,
        );
        const monday = new Date(`${week!.monday}T00:00:00Z`);
        const mondayAfter = (weeks: number) => new Date(monday.getTime() + weeks * 7 * 86_400_000);
        const expected = [0, 1, 2, 3].map((weeks) =>
          partitionName(HOSTILE_EVENTS, 'week', mondayAfter(weeks)),
        );

        // premake 1: this week and the next; asked again for three ahead, only the two missing.
        assert.deepEqual(await db.query(`SELECT ${makePartitions}() AS made`), [{ made: 2 }]);
        assert.deepEqual(await db.query(`SELECT ${makePartitions}(3) AS made`), [{ made: 2 }]);
        assert.deepEqual(await db.query(`SELECT ${makePartitions}(3) AS made`), [{ made: 0 }]);
        const partitions = await db.query<{ name: string }>(
          `SELECT c.relname::text AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = $1::regclass`,
          [table],
        );
        const initial = ['2026-01-05', '2026-01-12'].map((day) =>
          partitionName(HOSTILE_EVENTS, 'week', new Date(`${day}T00:00:00Z`)),
        );
        assert.deepEqual(partitions.map((p) => p.name).sort(), [...initial, ...expected].sort());
        assert.ok(expected.every((name) => Buffer.byteLength(name) === 63));

        // Today's row lands in this week's partition.
        await db.exec(
          `INSERT INTO ${table} (id, "Happened On") VALUES (1, (now() AT TIME ZONE 'UTC')::date)`,
        );
        const [row] = await db.query<{ partition: string }>(
          `SELECT c.relname::text AS partition FROM ${table} e JOIN pg_class c ON c.oid = e.tableoid`,
        );
        assert.equal(row?.partition, expected[0]);

        // The pattern still folds; the function's partitions are concrete.
        const inspected = await inspectDatabase(db);
        assert.deepEqual(inspected.unsupported, []);
        const tables = inspected.model.schemas?.[SCHEMA]?.tables ?? {};
        assert.deepEqual(
          tables[HOSTILE_EVENTS]?.patterns,
          model.schemas?.[SCHEMA]?.tables?.[HOSTILE_EVENTS]?.patterns,
        );
        assert.deepEqual(
          Object.keys(tables)
            .filter((name) => name !== HOSTILE_EVENTS)
            .sort(),
          [...expected].sort(),
        );
      });
    });
  }
});
