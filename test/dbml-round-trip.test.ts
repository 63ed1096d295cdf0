// DBML round trip: model -> DBML (renderDbml) -> model (import through @dbml/core) keeps tables,
// columns, keys, indexes, enums, notes and subject areas; and `schemata import FILE.dbml` writes a
// model that schemata reads back.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Parser } from '@dbml/core';
import { canonicalType, loadSqlParser } from '../src/dialects/postgres/types.ts';
import { formatDiagnostic, hasErrors } from '../src/model/diagnostics.ts';
import type { Index, IndexKey, Model, Table } from '../src/model/model-schema.ts';
import { readModel } from '../src/readers/read-model.ts';
import { importDbml } from '../src/readers/import-dbml.ts';
import { renderDbml } from '../src/writers/erd/dbml.ts';
import { runCli } from './support/run-cli.ts';
import { withTempDir } from './support/temp-dir.ts';

async function read(path: string): Promise<Model> {
  const result = await readModel(path);
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic), []);
  return result.model;
}

const key = (k: IndexKey) => (typeof k === 'string' ? k : (k.column ?? `(${k.expression})`));

/** What DBML can carry of a table, in one comparable shape. */
function comparable(table: Table) {
  return {
    description: table.description,
    subjectArea: table.subjectArea,
    columns: table.columns.map((c) => ({
      name: c.name,
      type: canonicalType(c.type),
      notNull: c.notNull === true,
      default: c.default,
      identity: c.identity !== undefined,
      description: c.description,
    })),
    primaryKey: table.primaryKey && { name: table.primaryKey.name, columns: table.primaryKey.columns },
    // Single-column uniques come back in column order.
    uniques: (table.uniques ?? [])
      .map((u) => ({ name: u.name, columns: u.columns, description: u.description }))
      .sort((a, b) => (a.columns.join() < b.columns.join() ? -1 : 1)),
    foreignKeys: (table.foreignKeys ?? []).map((fk) => ({
      name: fk.name,
      columns: fk.columns,
      references: fk.references,
      onDelete: fk.onDelete,
      onUpdate: fk.onUpdate,
    })),
    indexes: (table.indexes ?? []).map((i: Index) => ({
      name: i.name,
      unique: i.unique === true,
      method: i.method ?? 'btree',
      columns: i.columns.map(key),
      description: i.description,
    })),
  };
}

function tablesOf(model: Model) {
  const tables: Record<string, ReturnType<typeof comparable>> = {};
  for (const [schema, def] of Object.entries(model.schemas ?? {}))
    for (const [name, table] of Object.entries(def.tables ?? {}))
      if (!table.partitionOf) tables[`${schema}.${name}`] = comparable(table);
  return tables;
}

function enumsOf(model: Model) {
  const enums: Record<string, string[]> = {};
  for (const [schema, def] of Object.entries(model.schemas ?? {}))
    for (const [name, enumDef] of Object.entries(def.enums ?? {}))
      enums[`${schema}.${name}`] = enumDef.values;
  return enums;
}

async function roundTrip(model: Model): Promise<Model> {
  const dbml = renderDbml(model);
  new Parser().parse(dbml, 'dbmlv2');
  const result = await importDbml(dbml, 'round-trip.dbml');
  assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
  return result.model;
}

describe('DBML round trip', () => {
  before(() => loadSqlParser());

  for (const path of [
    'test/fixtures/erd/hostile.yaml',
    'examples/task-manager',
    'examples/quiz-platform',
    'examples/flawed-model',
  ]) {
    test(`${path}: tables, columns, keys, indexes, enums and notes come back`, async () => {
      const model = await read(path);
      const back = await roundTrip(model);
      assert.deepEqual(tablesOf(back), tablesOf(model));
      assert.deepEqual(enumsOf(back), enumsOf(model));
      assert.equal(back.project?.description, model.project?.description);
    });
  }

  test('two foreign keys between the same columns: one Ref, the other named at the top', async () => {
    await withTempDir({}, async (dir) => {
      const path = join(dir, 'model.yaml');
      await writeFile(
        path,
        [
          'schemas:',
          '  public:',
          '    tables:',
          '      servers:',
          '        columns:',
          '          - { name: id, type: bigint, notNull: true }',
          '        primaryKey: { columns: [id] }',
          '      options:',
          '        columns:',
          '          - { name: id, type: bigint, notNull: true }',
          '          - { name: server_id, type: bigint }',
          '        primaryKey: { columns: [id] }',
          '        foreignKeys:',
          '          - { name: fk_options_server, columns: [server_id], references: { table: servers, columns: [id] } }',
          '          - { name: options_server_id_fkey, columns: [server_id], references: { table: servers, columns: [id] }, onDelete: cascade }',
          '',
        ].join('\n'),
      );
      const dbml = renderDbml(await read(path));
      new Parser().parse(dbml, 'dbmlv2');
      assert.equal(dbml.match(/^Ref /gm)?.length, 1);
      assert.match(
        dbml,
        /^\/\/ not in DBML: foreign key options_server_id_fkey on options \(same columns as the Ref fk_options_server\)$/m,
      );
    });
  });

  test('DBML written by hand: refs of every kind, settings, notes, table groups', async () => {
    const text = `
Project shop {
  database_type: 'PostgreSQL'
  Note: 'A small shop.'
}
Enum shop.order_status {
  new
  "in progress"
  shipped
}
Table shop.customers as C [note: 'People who buy'] {
  id serial [pk]
  email varchar(255) [unique, not null, note: 'login']
  "Display Name" text [default: 'anonymous']
  score int [default: 0]
  active boolean [default: true]
}
Table shop.orders {
  id bigint [pk, increment]
  customer_id int [not null, ref: > shop.customers.id]
  status shop.order_status [not null, default: 'new']
  placed_at timestamptz [default: \`now()\`]
  indexes {
    (customer_id, placed_at) [name: 'orders_by_customer']
    placed_at [type: brin]
  }
}
Table shop.invoices {
  order_id bigint [pk]
  total "numeric(10,2)" [not null]
}
Table shop.tags {
  id int [pk]
}
Ref invoice_order: shop.invoices.order_id - shop.orders.id [delete: cascade, update: no action]
Ref: shop.orders.id <> shop.tags.id
TableGroup sales {
  shop.orders
  shop.invoices
}
`;
    const result = await importDbml(text, 'shop.dbml');
    assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
    const shop = result.model.schemas?.shop;
    assert.deepEqual(shop?.enums?.order_status?.values, ['new', 'in progress', 'shipped']);
    const customers = shop?.tables?.customers;
    assert.equal(customers?.description, 'People who buy');
    assert.deepEqual(customers?.primaryKey, { columns: ['id'] });
    assert.deepEqual(customers?.uniques, [{ columns: ['email'] }]);
    assert.deepEqual(
      customers?.columns.map((c) => [
        c.name,
        c.type,
        c.default ?? null,
        c.notNull ?? false,
        c.description ?? null,
      ]),
      [
        ['id', 'serial', null, false, null],
        ['email', 'varchar(255)', null, true, 'login'],
        ['Display Name', 'text', "'anonymous'", false, null],
        ['score', 'int', '0', false, null],
        ['active', 'boolean', 'true', false, null],
      ],
    );
    const orders = shop?.tables?.orders;
    assert.deepEqual(orders?.columns[0]?.identity, { generation: 'by default' });
    assert.equal(orders?.columns[2]?.type, 'shop.order_status');
    assert.equal(orders?.columns[2]?.default, "'new'");
    assert.equal(orders?.columns[3]?.default, 'now()');
    assert.deepEqual(orders?.foreignKeys, [
      { columns: ['customer_id'], references: { table: 'customers', columns: ['id'] } },
    ]);
    assert.deepEqual(orders?.indexes, [
      { name: 'orders_by_customer', columns: ['customer_id', 'placed_at'] },
      { method: 'brin', columns: ['placed_at'] },
    ]);
    assert.equal(orders?.subjectArea, 'sales');
    assert.deepEqual(shop?.tables?.invoices?.foreignKeys, [
      {
        name: 'invoice_order',
        columns: ['order_id'],
        references: { table: 'orders', columns: ['id'] },
        onDelete: 'cascade',
        onUpdate: 'no action',
      },
    ]);
    assert.deepEqual(result.model.project, { name: 'shop', description: 'A small shop.' });
    // A many-to-many reference has no foreign key to become: it is reported, not dropped silently.
    assert.deepEqual(
      result.unsupported.map((u) => u.kind),
      ['many-to-many reference'],
    );
  });

  test('schemata import FILE.dbml writes a model schemata reads; errors point into the file', async () => {
    await withTempDir(
      {
        'shop.dbml': `Table "Order Items" {\n  id int [pk]\n  "Order Ref" int [not null, ref: > orders.id]\n}\nTable orders {\n  id int [pk]\n}\n`,
        'broken.dbml': `Table t {\n  id int [pk\n}\n`,
        'bad-type.dbml': `Table t {\n  id "int int" [pk]\n}\n`,
      },
      async (dir) => {
        const output = join(dir, 'model');
        const result = await runCli('import', join(dir, 'shop.dbml'), '-o', output);
        assert.equal(result.code, 0, result.stderr);
        const model = await readModel(output);
        assert.ok(!hasErrors(model.diagnostics), model.diagnostics.map(formatDiagnostic).join('\n'));
        assert.deepEqual(model.model.schemas?.public?.tables?.['Order Items']?.foreignKeys, [
          { columns: ['Order Ref'], references: { table: 'orders', columns: ['id'] } },
        ]);
        const generated = await runCli('generate', output);
        assert.equal(generated.code, 0, generated.stderr);
        assert.match(generated.stdout, /CREATE TABLE public\."Order Items"/);

        const broken = await runCli('import', join(dir, 'broken.dbml'));
        assert.equal(broken.code, 2);
        assert.match(broken.stderr, /broken\.dbml:\d+:\d+: error dbml-error: /);
        const badType = await runCli('import', join(dir, 'bad-type.dbml'));
        assert.equal(badType.code, 2);
        assert.match(
          badType.stderr,
          /bad-type\.dbml:2:\d+: error dbml-type: "int int" is not a PostgreSQL type/,
        );
      },
    );
  });
});
