// Plans applied to real PostgreSQL (embedded and server): the source model is built and seeded, the
// up plan applied; the database then equals the target and the rows survive where their table and
// column do; the down plan gives the source back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Model } from '../../../model/model-schema.ts';
import { formatDiagnostic } from '../../../model/diagnostics.ts';
import { diffModels } from '../../../diff/diff-models.ts';
import { formatKey } from '../../../diff/changes.ts';
import { loadSql } from '../../../readers/import-sql.ts';
import type { Database } from '../../../db/database.ts';
import { databaseKinds, withDatabase } from '../../../../test/support/databases.ts';
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
