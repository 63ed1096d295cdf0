// Per change kind: the SQL planned and its hazards.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Model, Table } from '../../../model/model-schema.ts';
import { diffModels } from '../../../diff/diff-models.ts';
import { loadSqlParser } from '../types.ts';
import { planChanges, type PlanOptions } from './plan-changes.ts';
import { renderPlanSql } from './apply-plan.ts';

before(loadSqlParser);

const orders: Table = {
  columns: [
    { name: 'id', type: 'bigint', notNull: true },
    { name: 'total', type: 'numeric(10,2)' },
    { name: 'code', type: 'text' },
  ],
  primaryKey: { columns: ['id'] },
};

function model(table: Table, extra: Model['schemas'] = {}): Model {
  return {
    schemas: {
      public: { enums: { status: { values: ['new', 'paid'] } }, tables: { orders: table } },
      ...extra,
    },
  };
}

function plan(to: Table | Model, options: PlanOptions = {}, from: Model = model(orders)) {
  const target = 'columns' in to ? model(to) : to;
  return planChanges(diffModels(from, target), options);
}

const sqlOf = (p: ReturnType<typeof plan>) => p.up.map((s) => s.sql);

test('add column: ALTER TABLE ADD COLUMN, reverse drops it with data loss', () => {
  const p = plan({
    ...orders,
    columns: [...orders.columns, { name: 'note', type: 'text', default: "'x'::text" }],
  });
  assert.deepEqual(sqlOf(p), ["ALTER TABLE public.orders ADD COLUMN note text DEFAULT 'x'::text;"]);
  assert.deepEqual(p.up[0]?.hazards.locks, [{ mode: 'ACCESS EXCLUSIVE', on: 'public.orders' }]);
  assert.equal(p.up[0]?.hazards.rewrite, false);
  assert.deepEqual(
    p.down.map((s) => s.sql),
    ['ALTER TABLE public.orders DROP COLUMN note;'],
  );
  assert.equal(p.down[0]?.hazards.dataLoss, true);
  assert.deepEqual(p.diagnostics, []);
});

test('drop column is refused without allowDataLoss', () => {
  const to = { ...orders, columns: orders.columns.slice(0, 2) };
  const refused = plan(to);
  assert.deepEqual(
    refused.diagnostics.map((d) => d.code),
    ['data-loss'],
  );
  assert.match(refused.diagnostics[0]?.message ?? '', /drop column public\.orders\.code/);
  assert.deepEqual(plan(to, { allowDataLoss: true }).diagnostics, []);
});

test('type change: USING when no assignment cast exists; narrowing is data loss', () => {
  const toInteger = plan({
    ...orders,
    columns: [orders.columns[0]!, orders.columns[1]!, { name: 'code', type: 'integer' }],
  });
  assert.deepEqual(sqlOf(toInteger), [
    'ALTER TABLE public.orders ALTER COLUMN code TYPE integer USING code::integer;',
  ]);
  assert.equal(toInteger.up[0]?.hazards.dataLoss, true);
  const widen = plan({
    ...orders,
    columns: [orders.columns[0]!, { name: 'total', type: 'numeric(14,2)' }, orders.columns[2]!],
  });
  assert.deepEqual(sqlOf(widen), ['ALTER TABLE public.orders ALTER COLUMN total TYPE numeric(14,2);']);
  assert.deepEqual(widen.up[0]?.hazards, {
    locks: [{ mode: 'ACCESS EXCLUSIVE', on: 'public.orders' }],
    rewrite: false,
    scan: false,
    dataLoss: false,
    transactional: true,
    backwardIncompatible: true,
  });
});

test('default, NOT NULL and identity change in place', () => {
  const p = plan({
    ...orders,
    columns: [
      { name: 'id', type: 'bigint', notNull: true, identity: { generation: 'always' } },
      { name: 'total', type: 'numeric(10,2)', notNull: true, default: '0' },
      orders.columns[2]!,
    ],
  });
  assert.deepEqual(sqlOf(p), [
    'ALTER TABLE public.orders ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;',
    'ALTER TABLE public.orders ALTER COLUMN total SET DEFAULT 0;',
    'ALTER TABLE public.orders ALTER COLUMN total SET NOT NULL;',
  ]);
  assert.deepEqual(
    p.down.map((s) => s.sql),
    [
      'ALTER TABLE public.orders ALTER COLUMN id DROP IDENTITY;',
      'ALTER TABLE public.orders ALTER COLUMN total DROP DEFAULT;',
      'ALTER TABLE public.orders ALTER COLUMN total DROP NOT NULL;',
    ],
  );
});

test('safe mode: SET NOT NULL through a validated check, inside lock_timeout', () => {
  const p = plan(
    {
      ...orders,
      columns: [
        orders.columns[0]!,
        { name: 'total', type: 'numeric(10,2)', notNull: true },
        orders.columns[2]!,
      ],
    },
    { safe: true },
  );
  assert.deepEqual(sqlOf(p), [
    "SET lock_timeout TO '5s';",
    'ALTER TABLE public.orders ADD CONSTRAINT orders_total_not_null CHECK (total IS NOT NULL) NOT VALID;',
    'ALTER TABLE public.orders VALIDATE CONSTRAINT orders_total_not_null;',
    'ALTER TABLE public.orders ALTER COLUMN total SET NOT NULL;',
    'ALTER TABLE public.orders DROP CONSTRAINT orders_total_not_null;',
    'RESET lock_timeout;',
  ]);
  assert.deepEqual(p.up[2]?.hazards.locks, [{ mode: 'SHARE UPDATE EXCLUSIVE', on: 'public.orders' }]);
});

test('index: CREATE INDEX takes SHARE; safe mode builds concurrently outside a transaction', () => {
  const to = { ...orders, indexes: [{ columns: ['code'] }] };
  const plain = plan(to);
  assert.deepEqual(sqlOf(plain), ['CREATE INDEX idx_orders_code ON public.orders (code);']);
  assert.deepEqual(plain.up[0]?.hazards.locks, [{ mode: 'SHARE', on: 'public.orders' }]);
  const safe = plan(to, { safe: true });
  const create = safe.up.find((s) => s.sql.startsWith('CREATE'));
  assert.equal(create?.sql, 'CREATE INDEX CONCURRENTLY idx_orders_code ON public.orders (code);');
  assert.equal(create?.hazards.transactional, false);
  assert.match(
    renderPlanSql(safe.up),
    /COMMIT;\n\n-- create index[^\n]*\n--[^\n]*\nCREATE INDEX CONCURRENTLY/,
  );
  assert.equal(
    safe.down.find((s) => s.sql.startsWith('DROP'))?.sql,
    'DROP INDEX CONCURRENTLY public.idx_orders_code;',
  );
});

test('unique and primary key: in safe mode from a concurrently built index', () => {
  const to = { ...orders, uniques: [{ columns: ['code'] }] };
  assert.deepEqual(sqlOf(plan(to)), [
    'ALTER TABLE public.orders ADD CONSTRAINT uk_orders_code UNIQUE (code);',
  ]);
  const safe = sqlOf(plan(to, { safe: true }));
  assert.deepEqual(safe.slice(1, -1), [
    'CREATE UNIQUE INDEX CONCURRENTLY uk_orders_code ON public.orders (code);',
    'ALTER TABLE public.orders ADD CONSTRAINT uk_orders_code UNIQUE USING INDEX uk_orders_code;',
  ]);
});

test('check and foreign key: NOT VALID then VALIDATE in safe mode; FKs after tables', () => {
  const customers: Table = {
    columns: [{ name: 'id', type: 'bigint', notNull: true }],
    primaryKey: { columns: ['id'] },
  };
  const from = { schemas: { public: { tables: { orders, customers } } } };
  const to: Model = {
    schemas: {
      public: {
        tables: {
          customers,
          orders: {
            ...orders,
            checks: [{ expression: 'total > 0::numeric' }],
            foreignKeys: [{ columns: ['id'], references: { table: 'customers', columns: ['id'] } }],
          },
        },
      },
    },
  };
  const safe = sqlOf(plan(to, { safe: true }, from));
  assert.deepEqual(safe.slice(1, -1), [
    'ALTER TABLE public.orders ADD CONSTRAINT chk_orders_total CHECK (total > 0::numeric) NOT VALID;',
    'ALTER TABLE public.orders VALIDATE CONSTRAINT chk_orders_total;',
    'ALTER TABLE public.orders ADD CONSTRAINT fk_orders_id FOREIGN KEY (id) REFERENCES public.customers (id) NOT VALID;',
    'ALTER TABLE public.orders VALIDATE CONSTRAINT fk_orders_id;',
  ]);
  const plain = plan(to, {}, from);
  const fk = plain.up.find((s) => s.sql.includes('FOREIGN KEY'));
  assert.deepEqual(fk?.hazards.locks, [
    { mode: 'SHARE ROW EXCLUSIVE', on: 'public.orders' },
    { mode: 'SHARE ROW EXCLUSIVE', on: 'public.customers' },
  ]);
  assert.equal(fk?.hazards.scan, true);
});

test('tables in a foreign key cycle are created first, their keys after', () => {
  const a: Table = {
    columns: [
      { name: 'id', type: 'integer', notNull: true },
      { name: 'b_id', type: 'integer' },
    ],
    primaryKey: { columns: ['id'] },
    foreignKeys: [{ columns: ['b_id'], references: { table: 'b', columns: ['id'] } }],
  };
  const b: Table = {
    columns: [
      { name: 'id', type: 'integer', notNull: true },
      { name: 'a_id', type: 'integer' },
    ],
    primaryKey: { columns: ['id'] },
    foreignKeys: [{ columns: ['a_id'], references: { table: 'a', columns: ['id'] } }],
  };
  const p = planChanges(diffModels({}, { schemas: { public: { tables: { a, b } } } }));
  const kinds = p.up.map((s) => s.sql.split(' ').slice(0, 2).join(' '));
  assert.deepEqual(kinds, ['CREATE TABLE', 'CREATE TABLE', 'ALTER TABLE', 'ALTER TABLE']);
  assert.deepEqual(p.up[0]?.hazards.locks, []);
  // The reverse drops the keys before the tables.
  assert.deepEqual(
    p.down.map((s) => s.sql.split(' ').slice(0, 2).join(' ')),
    ['ALTER TABLE', 'ALTER TABLE', 'DROP TABLE', 'DROP TABLE'],
  );
});

test('enum: new values with ADD VALUE, committed before a statement uses them', () => {
  const from = model(orders);
  const to = model({
    ...orders,
    columns: [...orders.columns, { name: 'status', type: 'status', default: "'shipped'::status" }],
  });
  to.schemas!.public!.enums!.status = { values: ['new', 'paid', 'shipped'] };
  const p = plan(to, {}, from);
  assert.equal(p.up[0]?.sql, "ALTER TYPE public.status ADD VALUE 'shipped' AFTER 'paid';");
  assert.equal(p.up[0]?.commitAfter, true);
  assert.match(renderPlanSql(p.up), /ADD VALUE 'shipped' AFTER 'paid';\n\nCOMMIT;\n\nBEGIN;/);
});

test('enum: a removed value replaces the type after checking the rows', () => {
  const from = model({ ...orders, columns: [...orders.columns, { name: 'status', type: 'status' }] });
  const to = structuredClone(from);
  to.schemas!.public!.enums!.status = { values: ['new'] };
  const p = plan(to, { allowDataLoss: true }, from);
  assert.deepEqual(sqlOf(p).slice(1), [
    'ALTER TYPE public.status RENAME TO status__schemata_old;',
    "CREATE TYPE public.status AS ENUM (\n  'new'\n);",
    'ALTER TABLE public.orders ALTER COLUMN status TYPE public.status USING status::text::public.status;',
    'DROP TYPE public.status__schemata_old;',
  ]);
  assert.match(p.up[0]?.sql ?? '', /^DO \$schemata\$[\s\S]*status::text IN \('paid'\)[\s\S]*RAISE EXCEPTION/);
  assert.deepEqual(
    plan(to, {}, from).diagnostics.map((d) => d.code),
    ['data-loss'],
  );
});

test('declared renames plan RENAME statements, and back', () => {
  const to: Model = {
    schemas: {
      public: {
        enums: {
          state: { renamedFrom: 'status', values: ['new', 'settled'], renamedValues: { settled: 'paid' } },
        },
        tables: {
          purchases: {
            ...orders,
            renamedFrom: 'orders',
            columns: [
              orders.columns[0]!,
              { name: 'amount', renamedFrom: 'total', type: 'numeric(10,2)' },
              orders.columns[2]!,
            ],
          },
        },
      },
    },
  };
  const p = plan(to);
  assert.deepEqual(sqlOf(p), [
    'ALTER TYPE public.status RENAME TO state;',
    "ALTER TYPE public.state RENAME VALUE 'paid' TO 'settled';",
    'ALTER TABLE public.orders RENAME TO purchases;',
    'ALTER TABLE public.purchases RENAME COLUMN total TO amount;',
    'ALTER TABLE public.purchases RENAME CONSTRAINT pk_orders TO pk_purchases;',
  ]);
  assert.deepEqual(
    p.down.map((s) => s.sql),
    [
      'ALTER TYPE public.state RENAME TO status;',
      "ALTER TYPE public.status RENAME VALUE 'settled' TO 'paid';",
      'ALTER TABLE public.purchases RENAME TO orders;',
      'ALTER TABLE public.orders RENAME COLUMN amount TO total;',
      'ALTER TABLE public.orders RENAME CONSTRAINT pk_purchases TO pk_orders;',
    ],
  );
  assert.ok(p.up.every((s) => !s.hazards.dataLoss));
});

test('comments change with COMMENT ON, and back to NULL', () => {
  const p = plan({ ...orders, description: "It's the orders." });
  assert.deepEqual(sqlOf(p), ["COMMENT ON TABLE public.orders IS 'It''s the orders.';"]);
  assert.deepEqual(
    p.down.map((s) => s.sql),
    ['COMMENT ON TABLE public.orders IS NULL;'],
  );
});

test('sequence owner moving to a new table: released before the old table goes, owned once the new exists', () => {
  const schema = (table: string): Model => ({
    schemas: {
      app: {
        tables: { [table]: { columns: [{ name: 'id', type: 'integer' }] } },
        sequences: { 'Counter Ω': { ownedBy: { table, column: 'id' } } },
      },
    },
  });
  const p = planChanges(diffModels(schema('t1'), schema('t2')), { allowDataLoss: true });
  const sql = sqlOf(p);
  const release = sql.indexOf('ALTER SEQUENCE app."Counter Ω" OWNED BY NONE;');
  const drop = sql.indexOf('DROP TABLE app.t1;');
  const own = sql.indexOf('ALTER SEQUENCE app."Counter Ω" OWNED BY app.t2.id;');
  const create = sql.findIndex((s) => s.startsWith('CREATE TABLE app.t2'));
  assert.ok(release >= 0 && release < drop, sql.join('\n'));
  assert.ok(create >= 0 && create < own, sql.join('\n'));
});

test('a check calling a routine the plan creates is validated after every object exists', () => {
  const table: Table = { columns: [{ name: 'code', type: 'text' }] };
  const from: Model = { schemas: { app: { tables: { 'Events Ω': table } } } };
  const to: Model = {
    schemas: {
      app: {
        tables: { 'Events Ω': { ...table, checks: [{ name: 'valid', expression: 'app."is valid"(code)' }] } },
        views: { codes: { definition: "SELECT 'ok'::text AS code" } },
        functions: {
          'is valid(text)': {
            arguments: [{ name: 'c', type: 'text' }],
            returns: 'boolean',
            language: 'sql',
            body: 'SELECT EXISTS (SELECT 1 FROM app.codes WHERE code = c)',
          },
        },
      },
    },
  };
  const sql = planChanges(diffModels(from, to)).up.map((s) => s.sql);
  const add = sql.indexOf(
    'ALTER TABLE app."Events Ω" ADD CONSTRAINT valid CHECK (app."is valid"(code)) NOT VALID;',
  );
  const validate = sql.indexOf('ALTER TABLE app."Events Ω" VALIDATE CONSTRAINT valid;');
  const view = sql.findIndex((s) => s.startsWith('CREATE VIEW app.codes'));
  assert.ok(view >= 0 && add > view && validate > add, sql.join('\n'));
});

test('materialized views are filled after those a view they read may reach through a function', () => {
  const to: Model = {
    schemas: {
      app: {
        tables: { rows: { columns: [{ name: 'id', type: 'bigint' }] } },
        materializedViews: {
          'z blocker': { definition: 'SELECT id FROM app.rows' },
          a_eval: { definition: 'SELECT n FROM app.bridge' },
        },
        views: { bridge: { definition: 'SELECT app.wrapper() AS n' } },
        functions: {
          'wrapper()': {
            returns: 'bigint',
            language: 'sql',
            body: 'SELECT count(*) FROM app."z blocker"',
          },
        },
      },
    },
  };
  const sql = planChanges(diffModels({ schemas: { app: {} } }, to)).up.map((s) => s.sql);
  const blocker = sql.indexOf('REFRESH MATERIALIZED VIEW app."z blocker";');
  const evaluated = sql.indexOf('REFRESH MATERIALIZED VIEW app.a_eval;');
  assert.ok(blocker >= 0 && evaluated > blocker, sql.join('\n'));
});

test('a column taken out of serial drops its sequence only with consent', () => {
  const table = (type: string): Table => ({ columns: [{ name: 'id', type, notNull: true }] });
  const refused = plan(table('integer'), {}, model(table('serial')));
  assert.deepEqual(
    refused.diagnostics.map((d) => d.code),
    ['data-loss'],
  );
  assert.deepEqual(plan(table('integer'), { allowDataLoss: true }, model(table('serial'))).diagnostics, []);
});
