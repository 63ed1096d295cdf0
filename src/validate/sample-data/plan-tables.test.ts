import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Model, Table } from '../../model/model-schema.ts';
import { planTables } from './plan-tables.ts';
import { defaultScale, rowCount } from './row-counts.ts';

const id = { name: 'id', type: 'integer', notNull: true };

function table(
  references: { table: string; column: string; notNull: boolean; deferrable?: boolean }[],
): Table {
  return {
    columns: [id, ...references.map((r) => ({ name: r.column, type: 'integer', notNull: r.notNull }))],
    primaryKey: { columns: ['id'] },
    foreignKeys: references.map((r) => ({
      columns: [r.column],
      references: { table: r.table, columns: ['id'] },
      ...(r.deferrable && { deferrable: true }),
    })),
  };
}

const model = (tables: Record<string, Table>): Model => ({ schemas: { public: { tables } } }) as Model;

describe('planTables', () => {
  test('parents first, whatever the names', () => {
    const order = planTables(
      model({
        a_lines: table([{ table: 'b_orders', column: 'order_id', notNull: true }]),
        b_orders: table([{ table: 'c_customers', column: 'customer_id', notNull: true }]),
        c_customers: table([]),
      }),
    );
    assert.deepEqual(
      order.tables.map((t) => t.name),
      ['c_customers', 'b_orders', 'a_lines'],
    );
    assert.deepEqual(order.cycles, []);
  });

  test('a cycle is broken at its nullable key, which is filled later', () => {
    const order = planTables(
      model({
        customers: table([{ table: 'orders', column: 'favourite_order_id', notNull: false }]),
        orders: table([{ table: 'customers', column: 'customer_id', notNull: true }]),
      }),
    );
    assert.deepEqual(
      order.tables.map((t) => t.name),
      ['customers', 'orders'],
    );
    assert.equal(order.tables[0]?.foreignKeys[0]?.later, true);
    assert.equal(order.tables[1]?.foreignKeys[0]?.later, false);
    assert.equal(order.tables[0]?.blocked, undefined);
  });

  test('a cycle of NOT NULL keys blocks its tables and is reported; a self-reference is no cycle', () => {
    const order = planTables(
      model({
        Départements: table([{ table: 'employees', column: 'head_id', notNull: true }]),
        employees: table([
          { table: 'Départements', column: 'dept_id', notNull: true },
          { table: 'employees', column: 'manager_id', notNull: false },
        ]),
      }),
    );
    assert.equal(order.cycles.length, 1);
    assert.deepEqual(order.cycles[0]?.tables, ['public.Départements', 'public.employees']);
    assert.equal(order.cycles[0]?.deferrable, false);
    assert.ok(order.tables.every((t) => t.blocked !== undefined));
  });

  test('a NOT NULL cycle closed by a deferrable key: ordered by the others, that key filled in the transaction', () => {
    const order = planTables(
      model({
        Départements: table([{ table: 'employees', column: 'head_id', notNull: true }]),
        employees: table([{ table: 'Départements', column: 'dept_id', notNull: true, deferrable: true }]),
      }),
    );
    assert.equal(order.cycles[0]?.deferrable, true);
    // The key that cannot wait (head_id) is satisfied by the order; the deferrable one points forward.
    assert.deepEqual(
      order.tables.map((t) => t.key),
      ['public.employees', 'public.Départements'],
    );
    assert.ok(order.tables.every((t) => t.blocked === undefined && t.deferredCycle !== undefined));
    const forward = order.tables.flatMap((t) =>
      t.foreignKeys.filter((fk) => fk.later).map((fk) => fk.columns[0]),
    );
    assert.deepEqual(forward, ['dept_id']);
  });
});

describe('row counts', () => {
  test('volume times scale, within 10 and 100,000; the default scale keeps a run small', () => {
    assert.equal(rowCount(1_000_000, 0.001), 1000);
    assert.equal(rowCount(100, 0.001), 10);
    assert.equal(rowCount(undefined, 0.001), 20);
    assert.equal(rowCount(10 ** 9, 1), 100_000);
    assert.equal(defaultScale([1000, undefined]), 0.001);
    assert.equal(defaultScale([400_000_000, 1_000_000]), 0.0000025);
    assert.equal(defaultScale(Array.from({ length: 100 }, () => 1_000_000)), 0.0002);
  });
});
