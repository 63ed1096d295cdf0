// schemata docs through the command line: the Markdown of the task-manager example against committed
// golden files, byte-identical output on a second run, hostile names kept as text (escaped HTML, safe
// file names, Markdown tables that keep their columns), index justifications, lint findings on the
// pages, and the docs of each real-world schema of the shared corpus built without errors.
// Regenerate the golden files after an intended change: UPDATE_GOLDEN=1 node scripts/run-tests.js test/docs.test
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { runCli } from './support/run-cli.ts';
import { withTempDir } from './support/temp-dir.ts';
import { HOSTILE_MODEL, HOSTILE_TABLES } from './fixtures/docs-models.ts';
import { serverUrl } from './support/databases.ts';
import { createScratchDatabase } from '../src/db/scratch.ts';
import { loadWithPsql } from '../scripts/support/corpus-databases.ts';

const GOLDEN = new URL('golden/docs/task-manager/', import.meta.url);
const CORPUS = '/work/shared/corpus/realworld';

async function listFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (at: string) => {
    for (const entry of (await readdir(at, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) await walk(full);
      else found.push(relative(dir, full));
    }
  };
  await walk(dir);
  return found;
}

async function readAll(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const file of await listFiles(dir)) files.set(file, await readFile(join(dir, file), 'utf8'));
  return files;
}

/** The cells of a Markdown table row, split at unescaped pipes. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/);
}

describe('schemata docs', () => {
  test('the Markdown of examples/task-manager matches test/golden/docs/task-manager', async () => {
    await withTempDir({}, async (dir) => {
      const result = await runCli('docs', 'examples/task-manager', '--format', 'markdown', '-o', dir);
      assert.equal(result.code, 0, result.stderr);
      const files = await readAll(dir);
      assert.deepEqual(
        [...files.keys()],
        ['data-dictionary.md', 'er-diagram.md', 'indexes.md', 'queries.sql'],
      );
      for (const [name, text] of files) {
        const golden = new URL(name, GOLDEN);
        if (process.env.UPDATE_GOLDEN === '1') {
          await mkdir(GOLDEN, { recursive: true });
          await writeFile(golden, text);
          continue;
        }
        const expected = await readFile(golden, 'utf8').catch(() => undefined);
        assert.ok(expected !== undefined, `no golden file ${name}; run with UPDATE_GOLDEN=1`);
        assert.equal(text, expected, `${name} changed; if intended, regenerate with UPDATE_GOLDEN=1`);
      }
    });
  });

  test('the same model gives byte-identical HTML, and the site has a page per object', async () => {
    await withTempDir({}, async (dir) => {
      const first = join(dir, 'one');
      const second = join(dir, 'two');
      assert.equal((await runCli('docs', 'examples/task-manager', '-o', first)).code, 0);
      assert.equal((await runCli('docs', 'examples/task-manager', '-o', second)).code, 0);
      const a = await readAll(first);
      const b = await readAll(second);
      assert.deepEqual([...a.keys()], [...b.keys()]);
      for (const [file, text] of a) assert.equal(text, b.get(file), `${file} differs between runs`);
      const files = [...a.keys()];
      assert.ok(files.includes('index.html'));
      assert.ok(files.includes('assets/minisearch.js'), 'MiniSearch is bundled into the site');
      for (const table of ['users', 'tasks', 'categories', 'tags', 'task_tags'])
        assert.ok(
          files.some((f) => f.startsWith(`tables/${table}-`)),
          `a page for ${table}`,
        );
      assert.ok(
        files.some((f) => f.startsWith('types/task_status-')),
        'a page for the enum',
      );
      assert.ok(
        files.some((f) => f.startsWith('views/tasks_live-')),
        'a page for the soft-delete view',
      );
      const tasks = [...a].find(([f]) => f.startsWith('tables/tasks-'))?.[1] ?? '';
      // The table page: metadata, justification by query pattern, relationships both ways, triggers.
      assert.match(tasks, /product team/);
      assert.match(tasks, /5,000,000/);
      assert.match(tasks, /20k rows\/day/);
      assert.match(tasks, /query pattern <code>open tasks by due date<\/code>/);
      assert.match(tasks, /Only finished tasks have a completion time/);
      assert.match(tasks, /href="\.\.\/tables\/users-[0-9a-f]{8}\.html"/);
      assert.match(tasks, /href="\.\.\/tables\/task_tags-[0-9a-f]{8}\.html"/);
      assert.match(tasks, /<h2>Triggers<\/h2>/);
      assert.match(tasks, /<h2>Lint findings<\/h2>/, 'the in-process lint puts findings on the page');
      assert.doesNotMatch(
        [...a.values()].join('\n'),
        /__schemata\/live-reload/,
        'no live reload outside --serve',
      );
    });
  });

  test('hostile names stay text: escaped HTML, safe unique file names, Markdown tables with their columns', async () => {
    await withTempDir({ 'model.yaml': HOSTILE_MODEL }, async (dir) => {
      const html = join(dir, 'html');
      const markdown = join(dir, 'md');
      const built = await runCli('docs', join(dir, 'model.yaml'), '-o', html);
      assert.equal(built.code, 0, built.stderr);
      assert.equal(
        (await runCli('docs', join(dir, 'model.yaml'), '--format', 'markdown', '-o', markdown)).code,
        0,
      );
      const site = await readAll(html);
      const pages = [...site.keys()].filter((f) => f.startsWith('tables/'));
      assert.equal(pages.length, 1 + Object.keys(HOSTILE_TABLES).length);
      for (const page of pages) assert.match(page, /^tables\/[a-z0-9_-]+-[0-9a-f]{8}\.html$/);
      for (const [file, text] of site) {
        if (!file.endsWith('.html')) continue;
        assert.doesNotMatch(
          text,
          /<script>alert|<img src=x|<b>bold|<b>docs/,
          `${file} has raw markup from the model`,
        );
      }
      const itemsPage = [...site].find(([f]) => f.startsWith('tables/order-items-'))?.[1] ?? '';
      assert.match(itemsPage, /<h2>Lint findings<\/h2>/, 'findings about a quoted name reach its page');
      assert.match(itemsPage, /Amounts are positive \| never zero/);
      const scriptPage = [...site].find(([f]) => f.startsWith('tables/script-alert'))?.[1] ?? '';
      assert.match(scriptPage, /&#60;script&#62;alert\(1\)&#60;\/script&#62;/);
      const dictionary = await readFile(join(markdown, 'data-dictionary.md'), 'utf8');
      assert.match(dictionary, /Pipes \\\| in text, \\`backticks\\` and \\\*stars\\\*/);
      // Every row of every table has as many cells as its header.
      const lines = dictionary.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] ?? '';
        if (!line.startsWith('| ') || !(lines[i + 1] ?? '').startsWith('| ---')) continue;
        const width = cells(line).length;
        for (let j = i + 2; (lines[j] ?? '').startsWith('|'); j++)
          assert.equal(
            cells(lines[j] ?? '').length,
            width,
            `row ${j + 1} of data-dictionary.md: ${lines[j]}`,
          );
      }
      const indexes = await readFile(join(markdown, 'indexes.md'), 'utf8');
      const unjustified = indexes.split('## Indexes without a justification')[1] ?? '';
      assert.match(
        unjustified,
        /items_by_status/,
        'an index with no rationale and no query pattern is listed',
      );
      assert.doesNotMatch(
        unjustified,
        /customers_country_idx/,
        'IN (...) in a query pattern justifies its index',
      );
      assert.doesNotMatch(
        unjustified,
        /customers_created_idx/,
        'BETWEEN in a query pattern justifies its index',
      );
      const queries = await readFile(join(markdown, 'queries.sql'), 'utf8');
      assert.match(queries, /-- sales\.customers: customers of some countries\n-- frequency: 10\/s\n/);
      assert.match(queries, /WHERE country IN \('DE', 'FR'\) ORDER BY id;/);
    });
  });

  test('a lint report given with --lint-report puts its findings on the pages', async () => {
    await withTempDir({}, async (dir) => {
      const report = join(dir, 'lint.json');
      const lint = await runCli('lint', 'examples/flawed-model', '--format', 'json', '-o', report);
      assert.notEqual(lint.code, 2, lint.stderr);
      const json = JSON.parse(await readFile(report, 'utf8')) as {
        findings: { object?: string; code: string }[];
      };
      const about = json.findings.find((f) => f.object !== undefined);
      assert.ok(about, 'the flawed model has findings about objects');
      const out = join(dir, 'site');
      const result = await runCli('docs', 'examples/flawed-model', '-o', out, '--lint-report', report);
      assert.equal(result.code, 0, result.stderr);
      const site = await readAll(out);
      assert.ok(
        [...site].some(
          ([file, text]) => file.startsWith('tables/') && text.includes(`<code>${about.code}</code>`),
        ),
        `the finding ${about.code} shows on a table page`,
      );
      const quiet = join(dir, 'quiet');
      assert.equal((await runCli('docs', 'examples/flawed-model', '-o', quiet, '--no-lint')).code, 0);
      assert.ok(![...(await readAll(quiet)).values()].some((text) => text.includes('Lint findings')));
    });
  });

  test('usage mistakes exit 2 with a hint', async () => {
    const noOutput = await runCli('docs', 'examples/task-manager');
    assert.equal(noOutput.code, 2);
    assert.match(noOutput.stderr, /-o DIR/);
    const badFormat = await runCli('docs', 'examples/task-manager', '-o', 'x', '--format', 'pdf');
    assert.equal(badFormat.code, 2);
    const portWithoutServe = await runCli('docs', 'examples/task-manager', '-o', 'x', '--port', '8080');
    assert.equal(portWithoutServe.code, 2);
    const missing = await runCli('docs', 'no/such/model', '-o', 'x');
    assert.equal(missing.code, 2);
  });

  test(
    'the docs of each real-world schema of the corpus build from its SQL file',
    { skip: !existsSync(CORPUS) && `no corpus at ${CORPUS}` },
    async (t) => {
      const sqlFiles = (await readdir(CORPUS)).filter((f) => f.endsWith('.sql')).sort();
      assert.ok(sqlFiles.length > 0);
      // The corpus files create no roles, so nothing cluster-wide is left behind.
      {
        await withTempDir({}, async (dir) => {
          for (const file of sqlFiles) {
            const out = join(dir, file);
            const sql = join(CORPUS, file);
            let result = await runCli('docs', sql, '-o', out, '-q');
            if (result.code === 2 && /sql-error/.test(result.stderr)) {
              // A file embedded PostgreSQL does not load as it is (a statement that names another
              // database, data that breaks a key): loaded with psql into a server database instead,
              // as a person would, and documented from there.
              if (!serverUrl) {
                t.diagnostic(`${file}: does not load in embedded PostgreSQL and no server to load it into`);
                continue;
              }
              const scratch = await createScratchDatabase(serverUrl, 'schemata_docs');
              try {
                await loadWithPsql(scratch.url, sql);
                result = await runCli('docs', scratch.url, '-o', out, '-q');
                const md = await runCli('docs', scratch.url, '--format', 'markdown', '-o', `${out}-md`, '-q');
                assert.equal(md.code, 0, `${file} (markdown): ${md.stderr}`);
              } finally {
                await scratch.drop();
              }
            } else {
              const md = await runCli('docs', sql, '--format', 'markdown', '-o', `${out}-md`, '-q');
              assert.equal(md.code, 0, `${file} (markdown): ${md.stderr}`);
            }
            assert.equal(result.code, 0, `${file}: ${result.stderr}`);
            const site = await readAll(out);
            assert.ok(
              [...site.keys()].some((f) => f.startsWith('tables/')),
              `${file} has table pages`,
            );
          }
        });
      }
    },
  );
});
