// The ERD's text formats through real renderers: Graphviz's `dot` draws the DOT output and Mermaid
// (its own bundle, in Debian's Chromium driven by playwright-core; never a downloaded browser) draws
// every mermaid block of the Markdown output, for the examples and a model of hostile names. Each
// must draw without an error or a warning and name every table. Either part reports itself skipped
// with the reason when its renderer is not installed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Parser } from '@dbml/core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runCli } from './support/run-cli.ts';

const SOURCES = [
  'examples/task-manager',
  'examples/quiz-platform',
  'examples/flawed-model',
  'test/fixtures/erd/hostile.yaml',
  'test/fixtures/erd/markup.yaml',
];
const CHROMIUM = '/usr/bin/chromium';

const hasDot = spawnSync('dot', ['-V'], { encoding: 'utf8' }).status === 0;
const dotSkip = hasDot
  ? false
  : "Graphviz `dot` is not installed (.ci/system-packages installs Debian's graphviz)";

/** Mermaid's browser bundle, when the package is installed. */
function mermaidBundle(): string | undefined {
  try {
    const path = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}
const MERMAID = mermaidBundle();
const mermaidSkip =
  MERMAID === undefined
    ? 'mermaid is not installed'
    : existsSync(CHROMIUM)
      ? false
      : `no browser at ${CHROMIUM} (.ci/run installs Debian's chromium)`;

/** The tables (and views, which DBML lists as tables too) of a source, as the diagrams title them. */
async function tableTitles(source: string): Promise<string[]> {
  const result = await runCli('erd', source, '--format', 'dbml');
  assert.equal(result.code, 0, result.stderr);
  const database = new Parser().parse(result.stdout, 'dbmlv2');
  return database.schemas.flatMap((schema) =>
    schema.tables.map((table) => (schema.name === 'public' ? table.name : `${schema.name}.${table.name}`)),
  );
}

/** The text of an SVG's <text> elements, entities decoded. */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((match) =>
    (match[1] as string)
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
      .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}

describe('erd --format dot drawn by Graphviz', { skip: dotSkip }, () => {
  for (const source of SOURCES) {
    test(`dot -Tsvg draws ${source} without a warning and names every table`, async () => {
      const result = await runCli('erd', source, '--format', 'dot');
      assert.equal(result.code, 0, result.stderr);
      const drawn = spawnSync('dot', ['-Tsvg'], { input: result.stdout, encoding: 'utf8' });
      assert.equal(drawn.status, 0, drawn.stderr);
      assert.equal(drawn.stderr, '', 'dot warns');
      assert.match(drawn.stdout, /<svg\b/);
      const texts = svgTexts(drawn.stdout);
      const titles = await tableTitles(source);
      assert.ok(titles.length > 0);
      for (const title of titles)
        assert.ok(
          texts.some((text) => text === title || text.startsWith(`${title} (`)),
          `the SVG does not name ${title}`,
        );
    });
  }
});

/** The mermaid blocks of a Markdown document. */
function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((match) => match[1] as string);
}

/** Text as Mermaid draws it: its entity codes (`#35;`, `#lt;`) are the characters they stand for. */
function decodeMermaid(text: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return text.replace(/#(\d+|[a-z]+);/g, (code, name: string) =>
    /^\d+$/.test(name) ? String.fromCodePoint(Number(name)) : (named[name] ?? code),
  );
}

/**
 * What a block asks Mermaid to draw, as it should read in the drawing: the entity names, the
 * attribute words and comments, and the relationship labels.
 */
function drawnTexts(block: string): { entities: string[]; texts: string[] } {
  const entities = new Set<string>();
  const texts = new Set<string>();
  for (const line of block.split('\n')) {
    const entity = /^ {2}"([^"]+)"/.exec(line);
    if (entity) entities.add(decodeMermaid(entity[1] as string));
    const attribute = /^ {4}(\S+) (\S+)(?: [PFU]K(?:,[PFU]K)*)?(?: "([^"]*)")?$/.exec(line);
    if (attribute)
      for (const text of attribute.slice(1)) if (text !== undefined) texts.add(decodeMermaid(text));
    const label = / : "([^"]*)"$/.exec(line);
    if (label) texts.add(decodeMermaid(label[1] as string));
  }
  return { entities: [...entities], texts: [...texts] };
}

describe('erd --format mermaid drawn by Mermaid in Chromium', { skip: mermaidSkip }, () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: MERMAID as string });
    await page.evaluate(() => {
      const { mermaid } = globalThis as unknown as { mermaid: { initialize(config: object): void } };
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
    });
  });
  after(async () => {
    await browser?.close();
  });

  for (const source of SOURCES) {
    test(`mermaid.render draws every block of ${source} and names every entity`, async () => {
      const result = await runCli('erd', source, '--format', 'mermaid');
      assert.equal(result.code, 0, result.stderr);
      const blocks = mermaidBlocks(result.stdout);
      assert.ok(blocks.length > 0, 'no mermaid block');
      const titles = await tableTitles(source);
      const named = new Set<string>();
      for (const [index, block] of blocks.entries()) {
        errors.length = 0;
        const drawn = await page.evaluate(
          async ({ id, text }) => {
            const { mermaid } = globalThis as unknown as {
              mermaid: { render(id: string, text: string): Promise<{ svg: string }> };
            };
            try {
              const { svg } = await mermaid.render(id, text);
              const holder = document.createElement('div');
              holder.innerHTML = svg;
              // The text of each label: a foreignObject (HTML labels) or an SVG <text>.
              const labels = [...holder.querySelectorAll('foreignObject, text')]
                .filter((element) => element.parentElement?.closest('foreignObject') === null)
                .map((element) => (element.textContent ?? '').trim());
              return { svg, labels, error: undefined };
            } catch (error) {
              return { svg: '', labels: [] as string[], error: String((error as Error)?.message ?? error) };
            }
          },
          { id: `erd-${index}`, text: block },
        );
        assert.equal(drawn.error, undefined, `block ${index + 1} of ${source}:\n${block}`);
        assert.ok(drawn.svg.startsWith('<svg'), `block ${index + 1} is not drawn as SVG`);
        // Mermaid's error diagram (a bomb icon and "Syntax error in text") instead of the ER diagram.
        assert.ok(
          !/class="error-icon"|Syntax error in text/.test(drawn.svg),
          `block ${index + 1} draws Mermaid's error diagram`,
        );
        assert.deepEqual(errors, [], `console errors drawing block ${index + 1}`);
        // Each text is drawn as it is spelled: not read as HTML, Markdown or an entity code.
        const { entities, texts } = drawnTexts(block);
        const labels = new Set(drawn.labels);
        for (const text of [...entities, ...texts])
          assert.ok(
            labels.has(text),
            `block ${index + 1}: no label of the SVG reads ${JSON.stringify(text)}`,
          );
        for (const name of entities) named.add(name);
      }
      // Every table is drawn, under its own name as Mermaid spells it (`"` as `'`, `%` as a full-width
      // percent sign), with a kind note after it for a view.
      for (const title of titles) {
        const spelled = title.replace(/"/g, "'").replace(/%/g, '\uff05');
        assert.ok(
          [...named].some((name) => name === spelled || name.startsWith(`${spelled} (`)),
          `no diagram names ${title}`,
        );
      }
    });
  }
});
