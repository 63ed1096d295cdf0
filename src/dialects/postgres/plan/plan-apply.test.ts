// Plans applied to real PostgreSQL (embedded and server): the source model is built and seeded, the
// up plan applied; the database then equals the target and the rows survive where their table and
// column do; the down plan gives the source back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Model, Table } from '../../../model/model-schema.ts';
import { formatDiagnostic } from '../../../model/diagnostics.ts';
import { diffModels } from '../../../diff/diff-models.ts';
import { formatKey } from '../../../diff/changes.ts';
import { loadSql } from '../../../readers/import-sql.ts';
import type { Database } from '../../../db/database.ts';
import { databaseKinds, withDatabase, withServerDatabase } from '../../../../test/support/databases.ts';
import { inspectDatabase } from '../inspect/inspect-database.ts';
import { generateDdl } from '../render-ddl.ts';
import { applyStatements } from './apply-plan.ts';
import { planChanges } from './plan-changes.ts';

const from: Model = {
  schemas: {
    public: {
      enums: { status: { values: ['new', 'paid', 'shipped'] } },
      tables: {
        customers: {
          columns: [
            { name: 'id', type: 'bigint', notNull: true },
            { name: 'email', type: 'text' },
          ],
          primaryKey: { columns: ['id'] },
        },
        orders: {
          columns: [
            { name: 'id', type: 'integer', notNull: true },
            { name: 'customer_id', type: 'bigint' },
            { name: 'status', type: 'status', default: "'new'::status" },
            { name: 'note', type: 'character varying(20)' },
          ],
          primaryKey: { columns: ['id'] },
          foreignKeys: [{ columns: ['customer_id'], references: { table: 'customers', columns: ['id'] } }],
          indexes: [{ columns: ['status'] }],
        },
        old_stuff: { columns: [{ name: 'x', type: 'integer' }] },
      },
    },
  },
};

const to: Model = {
  schemas: {
    public: {
      enums: { status: { values: ['new', 'pending', 'paid', 'shipped'] } },
      tables: {
        clients: {
          renamedFrom: 'customers',
          columns: [
            { name: 'id', type: 'bigint', notNull: true },
            { name: 'mail', renamedFrom: 'email', type: 'text', notNull: true },
          ],
          primaryKey: { columns: ['id'] },
          uniques: [{ columns: ['mail'] }],
        },
        orders: {
          description: 'One row per checkout.',
          columns: [
            { name: 'id', type: 'bigint', notNull: true },
            { name: 'customer_id', type: 'bigint' },
            { name: 'status', type: 'status', default: "'pending'::status" },
            { name: 'note', type: 'text' },
            { name: 'total', type: 'numeric(10,2)', notNull: true, default: '0' },
          ],
          primaryKey: { columns: ['id'] },
          foreignKeys: [
            {
              columns: ['customer_id'],
              references: { table: 'clients', columns: ['id'] },
              onDelete: 'cascade',
            },
          ],
          indexes: [{ columns: ['status', 'id'] }],
          checks: [{ expression: 'total >= 0::numeric' }],
        },
      },
    },
  },
};

const SEED = `
INSERT INTO customers VALUES (1, 'a@example.com'), (2, 'b@example.com');
INSERT INTO orders VALUES (10, 1, 'paid', 'first'), (11, 2, 'shipped', 'second');
INSERT INTO old_stuff VALUES (1);`;

async function build(db: Database, model: Model) {
  const loaded = await loadSql(db, await generateDdl(model), 'from.sql');
  assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), []);
}

async function assertEquals(db: Database, model: Model) {
  const { model: inspected } = await inspectDatabase(db);
  const remaining = diffModels(inspected, model).map(
    (c) => `${c.action} ${c.kind} ${formatKey(c.key)} ${c.changed.join(',')}`,
  );
  assert.deepEqual(remaining, []);
}

type Planned = ReturnType<typeof planChanges>;

/**
 * Plans from -> to (data loss allowed), lets `planned` look at it, applies up: the database must be
 * `to`; `afterUp` runs, then down: the database must be `from` again.
 */
async function upAndDown(
  db: Database,
  from: Model,
  to: Model,
  checks: { planned?: (sql: string[], plan: Planned) => void; afterUp?: () => Promise<unknown> } = {},
): Promise<void> {
  const plan = planChanges(diffModels(from, to), { allowDataLoss: true });
  assert.deepEqual(plan.diagnostics.map(formatDiagnostic), []);
  checks.planned?.(
    plan.up.map((s) => s.sql),
    plan,
  );
  assert.equal(await applyStatements(db, plan.up), undefined);
  await assertEquals(db, to);
  await checks.afterUp?.();
  assert.equal(await applyStatements(db, plan.down), undefined);
  await assertEquals(db, from);
}

for (const kind of databaseKinds) {
  for (const safe of [false, true]) {
    test(`plan applied on the ${kind} database${safe ? ' in safe mode' : ''}: rows survive, down restores`, async (t) => {
      await withDatabase(kind, t, async (db) => {
        await build(db, from);
        await db.exec(SEED);
        const plan = planChanges(diffModels(from, to), { safe, allowDataLoss: true });
        assert.deepEqual(
          plan.diagnostics.filter((d) => d.severity === 'error'),
          [],
        );
        assert.equal(await applyStatements(db, plan.up), undefined);
        await assertEquals(db, to);
        const rows = await db.query<{
          id: number;
          mail: string;
          status: string;
          note: string;
          total: string;
        }>(
          'SELECT o.id, c.mail, o.status::text AS status, o.note, o.total::text AS total FROM orders o JOIN clients c ON c.id = o.customer_id ORDER BY o.id',
        );
        assert.deepEqual(
          rows.map((r) => [Number(r.id), r.mail, r.status, r.note, r.total]),
          [
            [10, 'a@example.com', 'paid', 'first', '0.00'],
            [11, 'b@example.com', 'shipped', 'second', '0.00'],
          ],
        );
        assert.equal(await applyStatements(db, plan.down), undefined);
        await assertEquals(db, from);
        const back = await db.query<{ email: string }>('SELECT email FROM customers ORDER BY id');
        assert.deepEqual(
          back.map((r) => r.email),
          ['a@example.com', 'b@example.com'],
        );
      });
    });
  }

  test(`removing an enum value fails with a clear message when rows hold it (${kind})`, async (t) => {
    await withDatabase(kind, t, async (db) => {
      await build(db, from);
      await db.exec(SEED);
      const target = structuredClone(from);
      target.schemas!.public!.enums!.status = { values: ['new', 'shipped'] };
      const plan = planChanges(diffModels(from, target), { allowDataLoss: true });
      const failure = await applyStatements(db, plan.up);
      assert.match(
        failure?.error.message ?? '',
        /rows of public\.orders hold values of public\.status that the target removes \(paid\)/,
      );
      // The failed transaction left the database as it was.
      await assertEquals(db, from);
      await db.exec(`UPDATE orders SET status = 'new' WHERE status = 'paid'`);
      assert.equal(await applyStatements(db, plan.up), undefined);
      await assertEquals(db, target);
    });
  });
}

// Column storage, compression and statistics, replica identity and CLUSTER ON, set and taken back.
const settingsFrom: Model = {
  schemas: {
    'Odd "S"': {
      tables: {
        'Wide Ω': {
          columns: [
            { name: 'id', type: 'integer', notNull: true },
            { name: 'Payload', type: 'text', storage: 'main', statisticsTarget: 500 },
            { name: 'select', type: 'text', compression: 'pglz' },
            { name: 'code', type: 'text', storage: 'external' },
          ],
          primaryKey: { columns: ['id'] },
          indexes: [{ name: 'by "code"', columns: ['code'] }],
          replicaIdentity: 'full',
          clusterOn: 'by "code"',
        },
      },
    },
  },
};

const settingsTo: Model = {
  schemas: {
    'Odd "S"': {
      tables: {
        'Wide Ω': {
          columns: [
            { name: 'id', type: 'integer', notNull: true },
            { name: 'Payload', type: 'text' },
            { name: 'select', type: 'text' },
            { name: 'code', type: 'character varying(40)', storage: 'external', notNull: true },
            { name: 'Added', type: 'bytea', storage: 'external', statisticsTarget: 10 },
          ],
          primaryKey: { columns: ['id'] },
          uniques: [{ name: 'code is "unique"', columns: ['code'] }],
          indexes: [{ name: 'by "code"', columns: ['code'] }],
          replicaIdentity: { index: 'code is "unique"' },
        },
        'New "T"': {
          columns: [
            { name: 'id', type: 'integer', notNull: true },
            { name: 'doc', type: 'jsonb', storage: 'main', compression: 'pglz', statisticsTarget: 0 },
          ],
          primaryKey: { name: 'New "T"_pkey', columns: ['id'] },
          replicaIdentity: 'nothing',
          clusterOn: 'New "T"_pkey',
        },
      },
    },
  },
};

for (const kind of databaseKinds) {
  test(`column storage, compression, statistics, replica identity and CLUSTER ON planned and applied (${kind})`, async (t) => {
    await withDatabase(kind, t, async (db) => {
      await build(db, settingsFrom);
      await db.exec(`INSERT INTO "Odd ""S"""."Wide Ω" VALUES (1, 'p', 's', 'c')`);
      const table = '"Odd ""S"""."Wide Ω"';
      await upAndDown(db, settingsFrom, settingsTo, {
        planned: (sql, plan) => {
          for (const expected of [
            `ALTER TABLE ONLY ${table} ALTER COLUMN "Payload" SET STATISTICS -1;`,
            `ALTER TABLE ONLY ${table} ALTER COLUMN "select" SET COMPRESSION DEFAULT;`,
            `ALTER TABLE ONLY ${table} ALTER COLUMN code SET STORAGE EXTERNAL;`,
            `ALTER TABLE ONLY ${table} ALTER COLUMN "Added" SET STORAGE EXTERNAL;`,
            `ALTER TABLE ONLY ${table} REPLICA IDENTITY USING INDEX "code is ""unique""";`,
            `ALTER TABLE ${table} SET WITHOUT CLUSTER;`,
            `ALTER TABLE ONLY "Odd ""S"""."New ""T""" REPLICA IDENTITY NOTHING;`,
          ])
            assert.ok(sql.includes(expected), `${expected} in\n${sql.join('\n')}`);
          // Back to the type's own storage reads it from the catalog when it runs.
          assert.ok(sql.some((s) => s.startsWith('DO ') && s.includes('SET STORAGE ')));
          const statistics = plan.up.find((s) => s.sql.includes('SET STATISTICS -1'));
          assert.deepEqual(statistics?.hazards.locks, [
            { mode: 'SHARE UPDATE EXCLUSIVE', on: 'Odd "S".Wide Ω' },
          ]);
        },
      });
      const rows = await db.query<{ code: string }>(`SELECT code FROM ${table}`);
      assert.deepEqual(
        rows.map((r) => r.code),
        ['c'],
      );
    });
  });
}

// serial stands for a sequence owned by the column and its default: turned on, off and into identity.
const serialFrom: Model = {
  schemas: {
    'Odd "S"': {
      tables: {
        'Counted Ω': {
          columns: [
            { name: 'Plain', type: 'integer', notNull: true },
            { name: 'was serial', type: 'serial' },
            { name: 'big', type: 'bigserial' },
            { name: 'note', type: 'text' },
          ],
        },
      },
    },
  },
};

const serialTo: Model = {
  schemas: {
    'Odd "S"': {
      tables: {
        'Counted Ω': {
          columns: [
            { name: 'Plain', type: 'serial' },
            { name: 'was serial', type: 'integer', notNull: true, identity: { generation: 'by default' } },
            { name: 'big', type: 'serial' },
            { name: 'note', type: 'text' },
          ],
        },
      },
    },
  },
};

for (const kind of databaseKinds) {
  test(`columns turned into and out of serial keep their rows and continue their numbers (${kind})`, async (t) => {
    await withDatabase(kind, t, async (db) => {
      await build(db, serialFrom);
      const table = '"Odd ""S"""."Counted Ω"';
      await db.exec(`INSERT INTO ${table} ("Plain", note) VALUES (7, 'a'), (8, 'b')`);
      await upAndDown(db, serialFrom, serialTo, {
        planned: (sql) => {
          assert.ok(
            sql.includes(`CREATE SEQUENCE "Odd ""S"""."Counted Ω_Plain_seq" AS integer;`),
            sql.join('\n'),
          );
          assert.ok(sql.includes(`ALTER SEQUENCE "Odd ""S"""."Counted Ω_big_seq" AS integer;`));
        },
        afterUp: async () => {
          await db.exec(`INSERT INTO ${table} (note) VALUES ('c')`);
          const rows = await db.query<{ Plain: number; note: string }>(
            `SELECT "Plain", note FROM ${table} ORDER BY "Plain"`,
          );
          assert.deepEqual(
            rows.map((r) => [r.Plain, r.note]),
            [
              [7, 'a'],
              [8, 'b'],
              [9, 'c'],
            ],
          );
        },
      });
    });
  });
}

// A standalone table attached as a partition, another detached, one moved to a new bound.
const eventColumns: Table['columns'] = [
  { name: 'At', type: 'date', notNull: true },
  { name: 'note', type: 'text' },
];

/** A partition of the events table for dates from..to. */
const eventsFrom = (from: string, to: string): Table => ({
  columns: [],
  partitionOf: { table: 'Events Ω', bound: `FOR VALUES FROM ('${from}') TO ('${to}')` },
});

const partitionsFrom: Model = {
  schemas: {
    'Odd "S"': {
      tables: {
        'Events Ω': { columns: eventColumns, partitionBy: { strategy: 'range', columns: ['At'] } },
        'y2024 "old"': eventsFrom('2024-01-01', '2025-01-01'),
        y2025: { columns: eventColumns },
        y2026: eventsFrom('2026-01-01', '2026-07-01'),
      },
    },
  },
};

const partitionsTo: Model = {
  schemas: {
    'Odd "S"': {
      tables: {
        'Events Ω': partitionsFrom.schemas!['Odd "S"']!.tables!['Events Ω']!,
        'y2024 "old"': { columns: eventColumns },
        y2025: eventsFrom('2025-01-01', '2026-01-01'),
        y2026: eventsFrom('2026-01-01', '2027-01-01'),
      },
    },
  },
};

for (const kind of databaseKinds) {
  test(`partitions attached, detached and given a new bound keep their rows (${kind})`, async (t) => {
    await withDatabase(kind, t, async (db) => {
      await build(db, partitionsFrom);
      const schema = '"Odd ""S"""';
      await db.exec(`INSERT INTO ${schema}."Events Ω" VALUES ('2024-05-01', 'a'), ('2026-02-01', 'c')`);
      await db.exec(`INSERT INTO ${schema}.y2025 VALUES ('2025-05-01', 'b')`);
      const notes = async () =>
        (await db.query<{ note: string }>(`SELECT note FROM ${schema}."Events Ω" ORDER BY "At"`)).map(
          (r) => r.note,
        );
      await upAndDown(db, partitionsFrom, partitionsTo, {
        planned: (sql) => {
          assert.ok(
            sql.includes(`ALTER TABLE ${schema}."Events Ω" DETACH PARTITION ${schema}."y2024 ""old""";`),
          );
          assert.ok(
            sql.includes(
              `ALTER TABLE ${schema}."Events Ω" ATTACH PARTITION ${schema}.y2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
            ),
          );
          assert.ok(!sql.some((s) => /DROP TABLE|ADD COLUMN|DROP COLUMN/.test(s)), sql.join('\n'));
        },
        afterUp: async () => assert.deepEqual(await notes(), ['b', 'c']),
      });
      assert.deepEqual(await notes(), ['a', 'c']);
    });
  });
}

// Extensions moved to another schema: a relocatable one with SET SCHEMA, one that is not (xml2) by
// dropping and creating it there. Contrib extensions are on the server only.
test('extensions move schema whether or not they are relocatable (server)', async (t) => {
  const extensions = (schema: string): Model => ({
    extensions: { pg_trgm: { schema }, xml2: { schema } },
    schemas: { [schema]: {} },
  });
  await withServerDatabase(t, async (db) => {
    const from = extensions('Old "Ext"');
    const to = extensions('new ext Ω');
    await build(db, from);
    await upAndDown(db, from, to);
  });
});

// A serial column written out as its own sequence (and back) keeps the sequence and its position.
const keptFrom: Model = {
  schemas: { 'Odd "S"': { tables: { Tickets: { columns: [{ name: 'No', type: 'serial' }] } } } },
};

const keptTo: Model = {
  schemas: {
    'Odd "S"': {
      sequences: { Tickets_No_seq: {} },
      tables: {
        Tickets: {
          columns: [
            {
              name: 'No',
              type: 'integer',
              notNull: true,
              default: `nextval('"Odd ""S"""."Tickets_No_seq"'::regclass)`,
            },
          ],
        },
      },
    },
  },
};

for (const kind of databaseKinds) {
  test(`a serial column's sequence kept as a sequence of the model continues its numbers (${kind})`, async (t) => {
    await withDatabase(kind, t, async (db) => {
      await build(db, keptFrom);
      const table = '"Odd ""S"""."Tickets"';
      await db.exec(`INSERT INTO ${table} DEFAULT VALUES; INSERT INTO ${table} DEFAULT VALUES;`);
      await upAndDown(db, keptFrom, keptTo, {
        planned: (sql) => assert.ok(!sql.some((s) => /^(CREATE|DROP) SEQUENCE/.test(s)), sql.join('\n')),
        afterUp: () => db.exec(`INSERT INTO ${table} DEFAULT VALUES`),
      });
      await db.exec(`INSERT INTO ${table} DEFAULT VALUES`);
      const rows = await db.query<{ No: number }>(`SELECT "No" FROM ${table} ORDER BY 1`);
      assert.deepEqual(
        rows.map((r) => Number(r.No)),
        [1, 2, 3, 4],
      );
    });
  });
}
