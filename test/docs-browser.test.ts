// The HTML docs in a real browser: Debian's Chromium driven by playwright-core (never a downloaded
// browser). The site loads from file:// without console errors, search finds a column, the diagram
// opens a table's page on click, draws something, and keeps table boxes apart, and under
// `docs --serve` an edit of a model file reaches the open page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runCli } from './support/run-cli.ts';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `no browser at ${CHROMIUM} (.ci/run installs Debian's chromium)`;

/** Console errors and uncaught exceptions of a page. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

describe('the HTML docs in Chromium', { skip }, () => {
  let browser: Browser;
  let dir: string;
  let site: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schemata-docs-browser-'));
    site = join(dir, 'site');
    const built = await runCli('docs', 'examples/task-manager', '-o', site);
    assert.equal(built.code, 0, built.stderr);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('every page loads from file:// without console errors', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const pages = ['index.html'];
    for (const sub of ['tables', 'views', 'types', 'functions', 'areas'])
      for (const file of existsSync(join(site, sub)) ? await readdir(join(site, sub)) : [])
        pages.push(`${sub}/${file}`);
    if (existsSync(join(site, 'overview.html'))) pages.push('overview.html');
    for (const file of pages) {
      await page.goto(pathToFileURL(join(site, file)).href);
      await page.waitForLoadState('load');
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('search finds a column and opens its table', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(pathToFileURL(join(site, 'index.html')).href);
    await page.fill('#search', 'completed_at');
    const hit = page.locator('#search-results a', { hasText: 'public.tasks.completed_at' });
    await hit.first().waitFor({ timeout: 5000 });
    await hit.first().click();
    await page.waitForURL(/tables\/tasks-[0-9a-f]{8}\.html#column-completed_at$/);
    assert.match(await page.locator('h1').innerText(), /public\.tasks/);
    await page.fill('#search', 'sign-in address');
    await page.locator('#search-results a', { hasText: 'email' }).first().waitFor({ timeout: 5000 });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the diagram: not blank, no two tables overlap, a click opens the table page', async (t) => {
    const overview = join(site, 'overview.html');
    if (!existsSync(overview)) {
      t.skip('the site has no diagram: the SVG writer of the ERD is not in this build (drawDiagramSvg)');
      return;
    }
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(pathToFileURL(overview).href);
    // The geometry the SVG writer gives each box (data-x, data-y, data-w, data-h on its <g>).
    const boxes = await page.$$eval('.diagram-canvas svg [data-entity]', (elements) =>
      elements.map((element) => ({
        id: element.getAttribute('data-entity'),
        x: Number(element.getAttribute('data-x')),
        y: Number(element.getAttribute('data-y')),
        width: Number(element.getAttribute('data-w')),
        height: Number(element.getAttribute('data-h')),
      })),
    );
    assert.ok(boxes.length >= 5, `the overview draws the tables (found ${boxes.length})`);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i] as (typeof boxes)[number];
        const b = boxes[j] as (typeof boxes)[number];
        const apart =
          a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        assert.ok(apart, `${a.id} and ${b.id} overlap`);
      }
    // The screenshot, decoded by the browser itself: more than a handful of colours means something is drawn.
    const shot = await page.locator('.diagram-viewport').screenshot();
    const colours = await page.evaluate(async (png) => {
      const image = new Image();
      image.src = `data:image/png;base64,${png}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d');
      if (!context) return 0;
      context.drawImage(image, 0, 0);
      const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const seen = new Set<number>();
      for (let k = 0; k < data.length; k += 4)
        seen.add(((data[k] ?? 0) << 16) | ((data[k + 1] ?? 0) << 8) | (data[k + 2] ?? 0));
      return seen.size;
    }, shot.toString('base64'));
    assert.ok(colours > 8, `the diagram screenshot is not blank (${colours} colours)`);
    await page.locator('.diagram-canvas [data-entity="public.users"]').first().click();
    await page.waitForURL(/tables\/users-[0-9a-f]{8}\.html$/);
    assert.match(await page.locator('h1').innerText(), /public\.users/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('docs --serve: editing a model file updates the open page', async () => {
    const model = join(dir, 'model');
    await cp('examples/task-manager', model, { recursive: true });
    const child = spawn(
      process.execPath,
      ['bin/schemata.js', 'docs', model, '--serve', '--port', '0', '--no-lint'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const found = /serving the docs at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
          if (found?.[1]) resolve(found[1]);
        });
        child.on('exit', (code) => reject(new Error(`docs --serve exited with ${code}: ${stderr}`)));
        setTimeout(() => reject(new Error(`no URL printed: ${stderr}`)), 60_000);
      });
      const page = await browser.newPage();
      const errors = watchErrors(page);
      const tags = (await readdir(join(site, 'tables'))).find((f) => f.startsWith('tags-')) ?? '';
      await page.goto(`${url}tables/${tags}`);
      assert.match(await page.locator('main').innerText(), /Labels shared by all users/);
      const file = join(model, 'public', 'tables', 'tags.yaml');
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace('Labels shared by all users.', 'Labels, edited live.'),
      );
      await page.waitForFunction(() => document.body.innerText.includes('Labels, edited live.'), undefined, {
        timeout: 30_000,
      });
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      const code = await exited;
      assert.equal(code, 0, `docs --serve stops cleanly on SIGINT: ${stderr}`);
    }
  });
});
