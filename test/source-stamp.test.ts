// The prebuilt command runs only while its sources are unchanged: sizes and modification times first,
// the contents when those differ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { digestSources, isBuildCurrent, STAMP_FILE, statSources } from '../bin/source-stamp.js';
import { withTempDir } from './support/temp-dir.ts';

test('the bundle counts as current until a source changes, whatever its timestamps', async () => {
  await withTempDir({ 'a.ts': 'export const a = 1;\n', 'b.ts': 'export const b = 2;\n' }, async (dir) => {
    const root = pathToFileURL(`${dir}/`);
    const files = ['a.ts', 'b.ts'];
    mkdirSync(join(dir, 'dist'));
    const stamp = () =>
      writeFileSync(
        join(dir, STAMP_FILE),
        JSON.stringify({ digest: digestSources(root, files), stats: statSources(root, files), files }),
      );
    stamp();
    assert.equal(isBuildCurrent(root), true);
    // Touched, same content: still current (the contents are compared).
    utimesSync(join(dir, 'a.ts'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    assert.equal(isBuildCurrent(root), true);
    // Same size, new content.
    writeFileSync(join(dir, 'b.ts'), 'export const b = 3;\n');
    assert.equal(isBuildCurrent(root), false);
    stamp();
    assert.equal(isBuildCurrent(root), true);
    writeFileSync(join(dir, 'a.ts'), 'export const a = 10;\n');
    assert.equal(isBuildCurrent(root), false);
  });
});
