// schemata erd --format svg through the command: a hand-written model with subject areas and hostile
// names drawn as SVG, the layout file beside the model read and written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from './support/run-cli.ts';
import { withTempDir } from './support/temp-dir.ts';
import { readBoxes } from './support/erd-diagrams.ts';

const MODEL = `schemata: 1
schemas:
  shop:
    enums:
      order_status:
        values: [new, paid, "shipped & done", "o'neil"]
    tables:
      customers:
        subjectArea: sales
        columns:
          - { name: id, type: bigint, notNull: true, identity: { generation: always } }
          - { name: email, type: varchar(255), notNull: true }
          - { name: created_at, type: timestamptz, notNull: true, default: now() }
        primaryKey: { columns: [id] }
        uniques: [{ columns: [email] }]
      "Order <Items> & \\"more\\"":
        subjectArea: sales
        columns:
          - { name: order_id, type: bigint, notNull: true }
          - { name: product_id, type: bigint, notNull: true }
          - { name: quantity, type: int, notNull: true }
        primaryKey: { columns: [order_id, product_id] }
        checks: [{ expression: quantity BETWEEN 1 AND 1000 }]
        foreignKeys:
          - { columns: [order_id], references: { table: orders, columns: [id] } }
          - { columns: [product_id], references: { schema: catalog, table: products, columns: [id] } }
      orders:
        subjectArea: sales
        columns:
          - { name: id, type: bigint, notNull: true }
          - { name: customer_id, type: bigint }
          - { name: status, type: shop.order_status, notNull: true }
        primaryKey: { columns: [id] }
        checks: [{ expression: "status IN ('new', 'paid', 'shipped & done', 'o''neil')" }]
        foreignKeys:
          - { columns: [customer_id], references: { table: customers, columns: [id] } }
    views:
      order_summary:
        subjectArea: sales
        definition: SELECT * FROM shop.orders
  catalog:
    tables:
      products:
        subjectArea: catalog
        columns:
          - { name: id, type: bigint, notNull: true }
          - { name: "select", type: text }
        primaryKey: { columns: [id] }
`;

test('erd --format svg draws the model, and --write-layout pins its boxes in the file beside it', async () => {
  await withTempDir({ 'shop.yaml': MODEL }, async (dir) => {
    const model = join(dir, 'shop.yaml');
    const first = await runCli('erd', model, '--format', 'svg');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg /);
    const boxes = readBoxes(first.stdout);
    assert.ok(boxes.some((b) => b.entity === 'shop.Order <Items> & "more"'));
    assert.match(first.stdout, /class="entity table junction"/);
    assert.match(first.stdout, /class="edge view-dependency"/);
    assert.match(first.stdout, /class="edge enum-use"/);
    assert.equal((await runCli('erd', model, '--format', 'svg')).stdout, first.stdout);

    const layoutFile = join(dir, 'shop.erd-layout.yaml');
    assert.equal(existsSync(layoutFile), false);
    const written = await runCli('erd', model, '--format', 'svg', '--write-layout');
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stderr, /wrote the positions of \d+ boxes to .*shop\.erd-layout\.yaml/);
    assert.equal(written.stdout, first.stdout);
    const text = await readFile(layoutFile, 'utf8');
    assert.match(text, /^ {4}shop\.customers: \{ x: [\d.]+, y: [\d.]+ \}$/m);

    // A hand-moved box stays where the file says; the others stay clear of it.
    await writeFile(layoutFile, text.replace(/^( {4}shop\.customers:).*$/m, '$1 { x: 5000, y: 40 }'));
    const moved = await runCli('erd', model, '--format', 'svg', '-o', join(dir, 'shop.svg'));
    assert.equal(moved.code, 0, moved.stderr);
    const svg = await readFile(join(dir, 'shop.svg'), 'utf8');
    const customers = readBoxes(svg).find((b) => b.entity === 'shop.customers')!;
    assert.deepEqual([customers.x, customers.y], [5000, 40]);
    assert.match(svg, /data-from="shop.orders" data-to="shop.customers" data-routing="connector"/);

    await writeFile(layoutFile, 'schemataLayout: 2\n');
    const broken = await runCli('erd', model, '--format', 'svg');
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /shop\.erd-layout\.yaml:1:1: error layout-file: schemataLayout: /);
  });
});

test('erd --format svg --area draws the area with stubs; a database URL cannot take --write-layout', async () => {
  await withTempDir({ 'shop.yaml': MODEL }, async (dir) => {
    const area = await runCli('erd', join(dir, 'shop.yaml'), '--format', 'svg', '--area', 'sales');
    assert.equal(area.code, 0, area.stderr);
    assert.match(area.stdout, /<g class="entity table stub" [^>]*data-entity="catalog.products"/);
    assert.match(area.stdout, /<title>ER diagram: sales<\/title>/);
  });
  const url = await runCli('erd', 'postgres://nobody@127.0.0.1:1/none', '--format', 'svg', '--write-layout');
  assert.equal(url.code, 2);
});
