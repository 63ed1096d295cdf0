import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { layoutDiagram } from './layout.ts';
import { layoutFilePath, parseLayoutFile, pinsFor, renderLayoutFile } from './layout-file.ts';
import { HOSTILE, shop } from '../../../../test/support/erd-diagrams.ts';
import { renderSvg } from './render-svg.ts';
import { readBoxes } from '../../../../test/support/erd-diagrams.ts';

test('the layout file sits beside the source, named after it', () => {
  assert.equal(layoutFilePath('shop.yaml'), 'shop.erd-layout.yaml');
  assert.equal(
    layoutFilePath(join('models', 'Shop Model.yml')),
    join('models', 'Shop Model.erd-layout.yaml'),
  );
  assert.equal(layoutFilePath('model/'), 'model.erd-layout.yaml');
  assert.equal(layoutFilePath(join('db', 'migrations')), join('db', 'migrations.erd-layout.yaml'));
  assert.equal(layoutFilePath('schema.sql'), 'schema.erd-layout.yaml');
  assert.equal(layoutFilePath('postgres://me@db/app'), undefined);
});

test('positions written to the layout file read back as pins that reproduce the diagram', async () => {
  const laid = await layoutDiagram(shop);
  const text = renderLayoutFile(
    { schemataLayout: 1, diagrams: { overview: { 'public.gone': { x: 1, y: 2 } } } },
    {
      [shop.title]: laid,
    },
  );
  assert.match(text, /^ {4}sales\.customers: \{ x: \d+(\.\d)?, y: \d+(\.\d)? \}$/m);
  const read = parseLayoutFile(text, 'shop.erd-layout.yaml');
  assert.deepEqual(read.diagnostics, []);
  assert.deepEqual(pinsFor(read.layout, 'overview'), { 'public.gone': { x: 1, y: 2 } });
  const pins = pinsFor(read.layout, shop.title);
  assert.deepEqual(pins[`sales.${HOSTILE}`], {
    x: laid.boxes.find((b) => b.entity.id === `sales.${HOSTILE}`)!.x,
    y: laid.boxes.find((b) => b.entity.id === `sales.${HOSTILE}`)!.y,
  });
  // Every box pinned where elk put it: the same SVG, elk's routes kept.
  const pinned = await renderSvg(shop, { pins });
  assert.equal(pinned.replaceAll(' data-pinned="true"', ''), await renderSvg(shop));
  assert.doesNotMatch(pinned, /data-routing="connector"/);
  assert.equal(renderLayoutFile(read.layout, { [shop.title]: laid }), text);
  assert.equal(readBoxes(pinned).length, shop.entities.length);
});

test('a layout file that cannot be used is reported with its place', () => {
  const broken = parseLayoutFile(
    'schemataLayout: 1\ndiagrams:\n  overview:\n    public.a: {x: 1, y: "top"}\n',
    'x.erd-layout.yaml',
  );
  assert.equal(broken.diagnostics[0]?.code, 'layout-file');
  assert.match(broken.diagnostics[0]!.message, /^diagrams\.overview\.public\.a\.y: /);
  assert.deepEqual(pinsFor(broken.layout, 'overview'), {});
  const syntax = parseLayoutFile('diagrams: [\n', 'y.erd-layout.yaml');
  assert.equal(syntax.diagnostics[0]?.location?.file, 'y.erd-layout.yaml');
  assert.deepEqual(parseLayoutFile('schemataLayout: 1\ndiagrams:\n', 'z').diagnostics, []);
});
