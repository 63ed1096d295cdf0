import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Model } from '../../model/model-schema.ts';
import { loadSqlParser } from '../../dialects/postgres/types.ts';
import { buildDiagrams } from './build-diagram.ts';
import type { Diagram } from './diagram.ts';

// A shop written the way people write models: serial keys, varchar(255), a nullable foreign key, a
// one-to-one profile, a junction table, a partitioned table, an enum, views.
const shop: Model = {
  schemas: {
    public: {
      enums: { order_status: { values: ['new', 'paid', 'shipped'] } },
      tables: {
        customers: {
          subjectArea: 'accounts',
          description: 'People who buy.',
          columns: [
            { name: 'id', type: 'serial' },
            { name: 'email', type: 'varchar(255)', notNull: true, description: 'Login.' },
            { name: 'referred_by', type: 'integer' },
          ],
          primaryKey: { columns: ['id'] },
          uniques: [{ columns: ['email'] }],
          foreignKeys: [{ columns: ['referred_by'], references: { table: 'customers', columns: ['id'] } }],
        },
        profiles: {
          subjectArea: 'accounts',
          columns: [
            { name: 'customer_id', type: 'integer', notNull: true },
            { name: 'bio', type: 'text' },
          ],
          primaryKey: { columns: ['customer_id'] },
          foreignKeys: [{ columns: ['customer_id'], references: { table: 'customers', columns: ['id'] } }],
        },
        orders: {
          subjectArea: 'sales',
          columns: [
            { name: 'id', type: 'bigint', notNull: true },
            { name: 'customer_id', type: 'integer', notNull: true },
            { name: 'coupon_id', type: 'integer' },
            { name: 'status', type: 'order_status', notNull: true, default: "'new'" },
            { name: 'placed_at', type: 'timestamptz', notNull: true },
          ],
          primaryKey: { columns: ['id', 'placed_at'] },
          partitionBy: { strategy: 'range', columns: ['placed_at'] },
          foreignKeys: [
            {
              name: 'orders_customer',
              columns: ['customer_id'],
              references: { table: 'customers', columns: ['id'] },
            },
            { columns: ['coupon_id'], references: { schema: 'promo', table: 'coupons', columns: ['id'] } },
          ],
        },
        orders_2026: {
          columns: [],
          partitionOf: { table: 'orders', bound: "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')" },
        },
        orders_2025: {
          columns: [],
          partitionOf: { table: 'orders', bound: "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')" },
        },
        products: {
          subjectArea: 'sales',
          columns: [
            { name: 'id', type: 'integer', notNull: true },
            { name: 'name', type: 'text', notNull: true },
          ],
          primaryKey: { columns: ['id'] },
        },
        order_products: {
          subjectArea: 'sales',
          columns: [
            { name: 'order_id', type: 'bigint', notNull: true },
            { name: 'placed_at', type: 'timestamptz', notNull: true },
            { name: 'product_id', type: 'integer', notNull: true },
            { name: 'quantity', type: 'integer', notNull: true, default: '1' },
          ],
          primaryKey: { columns: ['order_id', 'placed_at', 'product_id'] },
          foreignKeys: [
            {
              columns: ['order_id', 'placed_at'],
              references: { table: 'orders', columns: ['id', 'placed_at'] },
            },
            { columns: ['product_id'], references: { table: 'products', columns: ['id'] } },
          ],
        },
      },
      views: {
        paid_orders: {
          subjectArea: 'sales',
          definition:
            "SELECT o.* FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status IN ('paid', 'shipped')",
        },
      },
      materializedViews: {
        sales_by_day: {
          definition: 'SELECT placed_at::date AS day, count(*) FROM paid_orders GROUP BY 1',
        },
      },
    },
    promo: {
      tables: {
        coupons: {
          subjectArea: 'marketing',
          columns: [{ name: 'id', type: 'integer', notNull: true }],
          primaryKey: { columns: ['id'] },
        },
      },
    },
  },
};

function entity(diagram: Diagram, id: string) {
  const found = diagram.entities.find((e) => e.id === id);
  assert.ok(found, `no entity ${id}`);
  return found;
}

function relationship(diagram: Diagram, from: string, to: string) {
  const found = diagram.relationships.find((r) => r.from === from && r.to === to);
  assert.ok(found, `no relationship ${from} -> ${to}`);
  return found;
}

describe('buildDiagrams', () => {
  before(() => loadSqlParser());

  test('the overview draws tables, enums and views sorted by id; partitions collapse under their parent', () => {
    const { overview } = buildDiagrams(shop);
    assert.deepEqual(
      overview.entities.map((e) => `${e.kind} ${e.id}`),
      [
        'table promo.coupons',
        'table public.customers',
        'table public.order_products',
        'enum public.order_status',
        'table public.orders',
        'view public.paid_orders',
        'table public.products',
        'table public.profiles',
        'materialized-view public.sales_by_day',
      ],
    );
    assert.deepEqual(entity(overview, 'public.orders').partitions, ['orders_2025', 'orders_2026']);
    assert.deepEqual(entity(overview, 'public.order_status').values, ['new', 'paid', 'shipped']);
    const ids = overview.relationships.map((r) => r.id);
    assert.deepEqual(ids, [...ids].sort());
  });

  test('column markers come from keys and not-null', () => {
    const { overview } = buildDiagrams(shop);
    const customers = entity(overview, 'public.customers');
    assert.deepEqual(
      customers.columns.map((c) => [c.name, c.type, c.primaryKey, c.foreignKey, c.unique, c.notNull]),
      [
        ['id', 'serial', true, false, false, true],
        ['email', 'varchar(255)', false, false, true, true],
        ['referred_by', 'integer', false, true, false, false],
      ],
    );
    assert.equal(customers.columns[1]?.description, 'Login.');
  });

  test('cardinality: unique key columns give one-to-one, a nullable key an optional parent', () => {
    const { overview } = buildDiagrams(shop);
    const profile = relationship(overview, 'public.profiles', 'public.customers');
    assert.equal(profile.fromCardinality, 'zero-or-one');
    assert.equal(profile.toCardinality, 'exactly-one');
    const orders = relationship(overview, 'public.orders', 'public.customers');
    assert.equal(orders.id, 'public.orders.orders_customer');
    assert.equal(orders.fromCardinality, 'zero-or-many');
    assert.equal(orders.toCardinality, 'exactly-one');
    const coupon = relationship(overview, 'public.orders', 'promo.coupons');
    assert.equal(coupon.toCardinality, 'zero-or-one');
    assert.equal(coupon.name, 'fk_orders_coupon_id');
    const referral = relationship(overview, 'public.customers', 'public.customers');
    assert.equal(referral.toCardinality, 'zero-or-one');
  });

  test('a key made of two foreign keys marks a junction table', () => {
    const { overview } = buildDiagrams(shop);
    assert.equal(entity(overview, 'public.order_products').junction, true);
    assert.equal(entity(overview, 'public.profiles').junction, false);
  });

  test('enum uses and view dependencies are edges', () => {
    const { overview } = buildDiagrams(shop);
    assert.deepEqual(relationship(overview, 'public.orders', 'public.order_status').fromColumns, ['status']);
    assert.equal(relationship(overview, 'public.paid_orders', 'public.orders').kind, 'view-dependency');
    relationship(overview, 'public.paid_orders', 'public.customers');
    relationship(overview, 'public.sales_by_day', 'public.paid_orders');
  });

  test('one diagram per area; referenced tables of other areas are stubs without columns', () => {
    const { areas } = buildDiagrams(shop);
    assert.deepEqual(
      areas.map((a) => a.title),
      ['accounts', 'marketing', 'sales'],
    );
    const sales = areas.find((a) => a.area === 'sales') as Diagram;
    const customers = entity(sales, 'public.customers');
    assert.equal(customers.stub, true);
    assert.deepEqual(customers.columns, []);
    assert.equal(entity(sales, 'promo.coupons').stub, true);
    assert.equal(entity(sales, 'public.orders').stub, false);
    assert.equal(entity(sales, 'public.order_status').kind, 'enum');
    assert.ok(!sales.entities.some((e) => e.id === 'public.profiles'));
    const only = buildDiagrams(shop, { area: 'accounts' }).areas;
    assert.deepEqual(
      only.map((a) => a.title),
      ['accounts'],
    );
  });

  test('the same model gives the same diagrams', () => {
    assert.equal(JSON.stringify(buildDiagrams(shop)), JSON.stringify(buildDiagrams(shop)));
  });
});
