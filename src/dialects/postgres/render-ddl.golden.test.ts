// The DDL for the features model is committed; any change to it shows up in review.
// Regenerate after an intended change: UPDATE_GOLDEN=1 node scripts/run-tests.js render-ddl.golden
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { featuresModel } from '../../../test/fixtures/ddl-features-model.ts';
import { generateDdl } from './render-ddl.ts';

const goldenPath = new URL('../../../test/golden/render-ddl-features.sql', import.meta.url);

test('the DDL for the features model matches the committed golden file', async () => {
  const ddl = await generateDdl(featuresModel);
  if (process.env.UPDATE_GOLDEN === '1') {
    await writeFile(goldenPath, ddl);
    return;
  }
  const golden = await readFile(goldenPath, 'utf8').catch(() => undefined);
  assert.ok(
    golden !== undefined,
    `no golden file at ${goldenPath.pathname}; run with UPDATE_GOLDEN=1 to create it`,
  );
  assert.equal(ddl, golden, 'generated DDL changed; if intended, regenerate with UPDATE_GOLDEN=1');
});
