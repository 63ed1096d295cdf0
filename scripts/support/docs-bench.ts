// The documentation at scale: `schemata docs` of a synthetic 1,000-table model (HTML with and without
// the lint, and Markdown), wall time and peak memory of the command as it ships; then the site in
// Chromium: time to first render of the index and of the overview diagram, and frame times while the
// diagram is panned. Targets: docs under 10 s and 1 GB; panning at 60 frames a second.
// Standalone: npx tsx scripts/support/docs-bench.ts [OUT_DIR] [TABLES]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Model, Table } from '../../src/model/model-schema.ts';
import { writeModel } from '../../src/writers/model-files.ts';
import { best, measureFailing, type Measure } from './measure.ts';
import { syntheticModel } from './synthetic-model.ts';

const CHROMIUM = '/usr/bin/chromium';
const AREAS = 10;

/** The synthetic model with what documentation shows: areas, owners, volumes, query patterns. */
export function documentedModel(tableCount: number): Model {
  const model = syntheticModel(tableCount, 'objects');
  const tables = model.schemas?.public?.tables ?? {};
  Object.entries(tables).forEach(([name, table], i) => {
    const documented: Table = {
      ...table,
      subjectArea: `area ${String(i % AREAS).padStart(2, '0')}`,
      dataOwner: `team ${i % 7}`,
      retention: '7 years',
      tags: ['synthetic', i % 2 === 0 ? 'even' : 'odd'],
      volume: { rows: 1000 * (i + 1), growth: `${i % 50} rows/day` },
      queryPatterns: [
        {
          name: `${name} by status`,
          sql: `SELECT id, code FROM ${name} WHERE status = 'active' ORDER BY created_at DESC LIMIT 20`,
          frequency: '10/s',
        },
      ],
    };
    tables[name] = documented;
  });
  return model;
}

const docs = (...args: string[]): Measure =>
  best([0, 1].map(() => measureFailing(process.execPath, ['bin/schemata.js', 'docs', ...args, '-q'])));

interface BrowserFigures {
  indexFirstPaintMs: number;
  overview?: {
    firstPaintMs: number;
    loadMs: number;
    medianFrameMs: number;
    p95FrameMs: number;
    frames: number;
  };
}

async function measureBrowser(site: string): Promise<BrowserFigures | string> {
  if (!existsSync(CHROMIUM)) return `no browser at ${CHROMIUM}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const firstPaint = async (file: string) => {
      await page.goto(pathToFileURL(join(site, file)).href, { waitUntil: 'load' });
      return page.evaluate(() => {
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        const navigation = performance.getEntriesByType('navigation')[0] as
          PerformanceNavigationTiming | undefined;
        return { paint: paint?.startTime ?? Number.NaN, load: navigation?.loadEventEnd ?? Number.NaN };
      });
    };
    const index = await firstPaint('index.html');
    const figures: BrowserFigures = { indexFirstPaintMs: index.paint };
    if (!existsSync(join(site, 'overview.html'))) return figures;
    const overview = await firstPaint('overview.html');
    // Frame times while the diagram is dragged across the viewport.
    // A string, not a function: the TypeScript loader would wrap a named arrow function in a helper
    // the page does not have.
    await page.evaluate(`(() => {
      const deltas = [];
      window.frameDeltas = deltas;
      let last = performance.now();
      const tick = (now) => { deltas.push(now - last); last = now; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    const box = await page.locator('.diagram-viewport').boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      for (let step = 0; step < 120; step++)
        await page.mouse.move(
          box.x + box.width / 2 + Math.sin(step / 10) * 300,
          box.y + box.height / 2 + Math.cos(step / 10) * 200,
        );
      await page.mouse.up();
    }
    const deltas = (await page.evaluate(() => (window as unknown as { frameDeltas: number[] }).frameDeltas))
      .slice(2)
      .sort((a, b) => a - b);
    const at = (q: number) =>
      deltas[Math.min(deltas.length - 1, Math.floor(q * deltas.length))] ?? Number.NaN;
    figures.overview = {
      firstPaintMs: overview.paint,
      loadMs: overview.load,
      medianFrameMs: at(0.5),
      p95FrameMs: at(0.95),
      frames: deltas.length,
    };
    return figures;
  } finally {
    await browser.close();
  }
}

export async function benchDocs(
  outDir: string,
  say: (line: string) => void,
  tableCount = 1000,
): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const modelFile = join(outDir, `docs-model-${tableCount}.yaml`);
  writeFileSync(modelFile, writeModel(documentedModel(tableCount)));
  const site = join(outDir, `docs-site-${tableCount}`);
  const rows: [string, Measure][] = [
    ['html, with the lint', docs(modelFile, '-o', site)],
    ['html, --no-lint', docs(modelFile, '-o', `${site}-nolint`, '--no-lint')],
    ['markdown', docs(modelFile, '--format', 'markdown', '-o', `${site}-md`)],
  ];
  say('');
  say(`| schemata docs of ${tableCount} tables | time (s) | peak MB |`);
  say('|---|---|---|');
  for (const [what, m] of rows) say(`| ${what} | ${m.seconds.toFixed(2)} | ${m.peakMb.toFixed(0)} |`);
  say('Target: under 10 s and 1,000 MB each.');
  const browser = await measureBrowser(resolve(site));
  say('');
  if (typeof browser === 'string') {
    say(`The site in Chromium: not measured (${browser}).`);
    return;
  }
  say(
    `The site in Chromium: the index of ${tableCount} tables first paints after ${browser.indexFirstPaintMs.toFixed(0)} ms.`,
  );
  if (browser.overview === undefined)
    say('The overview diagram: not drawn in this build (no SVG writer), so not measured.');
  else
    say(
      `The overview diagram: first paint ${browser.overview.firstPaintMs.toFixed(0)} ms, loaded ${browser.overview.loadMs.toFixed(0)} ms; while panning, frame time median ${browser.overview.medianFrameMs.toFixed(1)} ms, p95 ${browser.overview.p95FrameMs.toFixed(1)} ms over ${browser.overview.frames} frames (16.7 ms is 60 frames a second).`,
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outDir = process.argv[2] ?? 'bench-out';
  await benchDocs(outDir, (line) => console.log(line), Number(process.argv[3] ?? 1000));
}
