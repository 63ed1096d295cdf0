import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { chromium } from 'playwright-core';
import type { Diagram } from '../diagram.ts';
import { escapeXml, renderSvg } from './render-svg.ts';
import { segmentCrossesBox } from './layout.ts';
import { syntheticDiagram } from '../../../../scripts/support/synthetic-diagram.ts';
import {
  HOSTILE,
  col,
  fk,
  readBoxes,
  readEdges,
  shop,
  table,
  type SvgBox,
} from '../../../../test/support/erd-diagrams.ts';

function assertNoOverlap(boxes: SvgBox[]): void {
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
      assert.ok(apart, `${a.entity} and ${b.entity} overlap: ${JSON.stringify([a, b])}`);
    }
}

/** Elk's routes pass no box; a route may touch its own boxes only at its ends. */
function assertEdgesAroundBoxes(svg: string): number {
  const boxes = readBoxes(svg);
  let checked = 0;
  for (const edge of readEdges(svg)) {
    if (edge.routing !== 'elk') continue;
    checked++;
    for (const box of boxes)
      edge.points.forEach((p, k) => {
        if (k === 0) return;
        const q = edge.points[k - 1]!;
        const own = box.entity === edge.from || box.entity === edge.to;
        // The first and last segments run out of their own boxes' borders.
        if (own && (k === 1 || k === edge.points.length - 1)) return;
        assert.ok(
          !segmentCrossesBox(q, p, { x: box.x, y: box.y, width: box.w, height: box.h }, 1),
          `edge ${edge.from} -> ${edge.to} crosses ${box.entity} between ${JSON.stringify([q, p])}`,
        );
      });
  }
  return checked;
}

test('the same diagram renders to byte-identical SVG, in any input order', async () => {
  const first = await renderSvg(shop);
  const again = await renderSvg(shop);
  const shuffled = await renderSvg({
    ...shop,
    entities: [...shop.entities].reverse(),
    relationships: [...shop.relationships].reverse(),
  });
  assert.equal(again, first);
  assert.equal(shuffled, first);
});

test('every entity is a group with its id, class and geometry; boxes do not overlap; edges go round boxes', async () => {
  const svg = await renderSvg(shop);
  const boxes = readBoxes(svg);
  assert.deepEqual(boxes.map((b) => b.entity).sort(), shop.entities.map((e) => e.id).sort());
  assertNoOverlap(boxes);
  assert.equal(assertEdgesAroundBoxes(svg), shop.relationships.length);
  assert.match(
    svg,
    /<g class="entity table junction" id="entity-sales_2e_Ord_e9_r_20__22_Items_22__20__3c__26__3e__20__27_x_27__20__6ce8__6587_"/,
  );
  assert.match(svg, /<g class="entity table stub" id="entity-billing_2e_invoices"/);
  assert.match(svg, /class="entity materialized-view"/);
  assert.match(svg, /<text class="partition" [^>]*>partition orders_2024<\/text>/);
  assert.match(svg, /<text class="value" [^>]*>o&apos;neil &amp; &lt;co&gt;<\/text>/);
  assert.match(svg, /class="edge view-dependency"/);
  assert.match(svg, /class="edge enum-use"/);
  // orders -> customers: many orders per customer, exactly one customer per order.
  assert.match(
    svg,
    /data-from="sales.orders" data-to="sales.customers"[^>]*marker-start="url\(#cf-zero-or-many\)" marker-end="url\(#cf-exactly-one\)"/,
  );
  assert.match(svg, /<title>sales &amp; &lt;returns&gt;<\/title>/);
  assert.doesNotMatch(svg, /<&>|"Items"|'x'/);
});

test('a pinned entity stays exactly where it is pinned, and no box lands on it', async () => {
  const pins = { 'sales.products': { x: 40, y: 40 }, 'sales.customers': { x: 412.5, y: 300 } };
  const svg = await renderSvg(shop, { pins });
  const boxes = readBoxes(svg);
  const at = (id: string) => boxes.find((b) => b.entity === id)!;
  assert.deepEqual([at('sales.products').x, at('sales.products').y], [40, 40]);
  assert.deepEqual([at('sales.customers').x, at('sales.customers').y], [412.5, 300]);
  assertNoOverlap(boxes);
  assertEdgesAroundBoxes(svg);
  assert.equal([...svg.matchAll(/ data-pinned="true"/g)].length, 2);
  assert.equal(await renderSvg(shop, { pins }), svg);
});

test('a large diagram is laid out area by area: frames apart, boxes apart and inside their frame', async () => {
  const diagram = syntheticDiagram(200);
  const svg = await renderSvg(diagram);
  const boxes = readBoxes(svg);
  assert.equal(boxes.length, diagram.entities.length);
  assertNoOverlap(boxes);
  assertEdgesAroundBoxes(svg);
  const frames = [
    ...svg.matchAll(
      /<g class="area" data-area="([^"]*)"><rect class="frame" x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"/g,
    ),
  ].map((m) => ({ entity: m[1]!, x: Number(m[2]), y: Number(m[3]), w: Number(m[4]), h: Number(m[5]) }));
  assert.equal(frames.length, 8);
  assertNoOverlap(frames);
  for (const entity of diagram.entities) {
    const box = boxes.find((b) => b.entity === entity.id)!;
    const frame = frames.find((f) => f.entity === entity.area)!;
    assert.ok(
      box.x >= frame.x &&
        box.y >= frame.y &&
        box.x + box.w <= frame.x + frame.w &&
        box.y + box.h <= frame.y + frame.h,
      `${entity.id} is outside the frame of ${entity.area}`,
    );
  }
  assert.match(
    svg,
    /<path class="area-link" data-from-area="area_001" data-to-area="area_000" data-relationships="\d+"/,
  );
});

test('seen from far, boxes are their headers alone and still apart', async () => {
  const svg = await renderSvg(shop, { detail: 'header' });
  const boxes = readBoxes(svg);
  assert.ok(boxes.every((b) => b.h === 28));
  assertNoOverlap(boxes);
  assert.doesNotMatch(svg, /class="rows"/);
  assert.match(await renderSvg(shop, { inline: true }), /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" /);
});

const NAMES = [
  'users',
  'Order Items',
  'select',
  'ünïcode',
  '"quoted"',
  'a<b>&c',
  'x'.repeat(63),
  '注文',
  'line\nbreak',
];

/** Small diagrams of tables with random names, columns and foreign keys (self references too). */
const diagrams = fc
  .record({
    tables: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 2, maxLength: 8 }),
    columns: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 8, maxLength: 8 }),
    links: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 12 }),
  })
  .map(({ tables, columns, links }): Diagram => {
    const entities = tables.map((name, i) =>
      table('s', name, [
        col('id', 'bigint', { primaryKey: true, notNull: true }),
        ...Array.from({ length: columns[i]! }, (_, k) =>
          col(`c${k}`, k % 2 ? 'varchar(255)' : 'timestamptz'),
        ),
        ...links.flatMap(([from], k) =>
          from % tables.length === i ? [col(`ref_${k}`, 'bigint', { foreignKey: true })] : [],
        ),
      ]),
    );
    const relationships = links.map(([from, to, notNull], k) => ({
      ...fk(
        `s.${tables[from % tables.length]!}`,
        `ref_${k}`,
        `s.${tables[to % tables.length]!}`,
        'id',
        'zero-or-many',
        notNull ? 'exactly-one' : 'zero-or-one',
      ),
      id: `fk${k}`,
    }));
    return { title: 'overview', entities, relationships, notes: [] };
  });

test('any small diagram: boxes apart, routes around boxes, same SVG in any input order', async () => {
  await fc.assert(
    fc.asyncProperty(diagrams, async (diagram) => {
      const svg = await renderSvg(diagram);
      assertNoOverlap(readBoxes(svg));
      assertEdgesAroundBoxes(svg);
      const reversed = {
        ...diagram,
        entities: [...diagram.entities].reverse(),
        relationships: [...diagram.relationships].reverse(),
      };
      assert.equal(await renderSvg(reversed), svg);
    }),
    { numRuns: 12, seed: 15 },
  );
});

test('text a browser cannot read as XML is never written: control characters and lone surrogates', () => {
  assert.equal(escapeXml('a\u0001b\uD800c<"'), 'a\uFFFDb\uFFFDc&lt;&quot;');
  assert.equal(escapeXml('two\nlines\r\tx'), 'two&#10;lines&#13;&#9;x');
});

/**
 * Measured 79 px on average (boxes are 120-550 px wide, layers 72 px apart); 592 px when elk reorders
 * each layer freely. See docs/erd-layout.md.
 */
const STABILITY_BOUND = 120;

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

test('adding a table to a 30-table diagram moves the others little', async () => {
  const means: number[] = [];
  for (const seed of [7, 11, 23]) {
    // Shuffled names: the alphabetical order says nothing of which table references which.
    const before = syntheticDiagram(30, { areas: false, seed, shuffleNames: true });
    const old = new Map(readBoxes(await renderSvg(before)).map((b) => [b.entity, b]));
    const names = before.entities
      .filter((e) => e.kind === 'table')
      .map((e) => e.name)
      .sort();
    for (const parent of [names[3]!, names[12]!, names[20]!, names[27]!]) {
      const added: Diagram = {
        ...before,
        entities: [
          ...before.entities,
          table('public', `${parent}_notes`, [
            col('id', 'bigint', { primaryKey: true, notNull: true }),
            col(`${parent}_id`, 'bigint', { foreignKey: true, notNull: true }),
          ]),
        ],
        relationships: [
          ...before.relationships,
          fk(`public.${parent}_notes`, `${parent}_id`, `public.${parent}`, 'id'),
        ],
      };
      const moves = readBoxes(await renderSvg(added)).flatMap((box) => {
        const was = old.get(box.entity);
        return was ? [Math.hypot(box.x - was.x, box.y - was.y)] : [];
      });
      assert.equal(moves.length, old.size);
      means.push(mean(moves));
    }
  }
  const average = mean(means);
  console.log(
    `stability: boxes moved ${means.map((m) => m.toFixed(0)).join(', ')} px on average; ${average.toFixed(1)} overall`,
  );
  assert.ok(average < STABILITY_BOUND, `boxes moved ${average.toFixed(1)} px on average`);
});

test('the SVG parses in Chromium and its screenshot is not blank', async () => {
  const svg = await renderSvg(shop);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`);
    // A document that is not well-formed XML shows Chromium's parser error instead of the drawing.
    assert.equal(await page.locator('parsererror').count(), 0);
    assert.equal(await page.evaluate(() => document.documentElement.localName), 'svg');
    const groups = await page.evaluate(() =>
      [...document.querySelectorAll('g.entity')].map((g) => g.getAttribute('data-entity')),
    );
    assert.ok(groups.includes(`sales.${HOSTILE}`));
    const shot = await page.screenshot({ type: 'png' });
    // The screenshot is decoded on an HTML page, where a canvas can read its pixels.
    const reader = await browser.newPage();
    const colours = await reader.evaluate(async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const data = context.getImageData(0, 0, image.width, image.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 97)
        seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return seen.size;
    }, shot.toString('base64'));
    assert.ok(colours > 5, `the screenshot has ${colours} colours`);
  } finally {
    await browser.close();
  }
});
