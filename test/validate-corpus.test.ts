// Sample data for each real-world schema of the shared corpus: it loads (the database enforced every
// constraint on the way in), and each table that got fewer rows than wanted is reported with the
// reason. Files the importer cannot read are reported as skipped; without the corpus the test skips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateCorpusFile } from '../scripts/support/validate-corpus-file.ts';

const CORPUS = '../shared/corpus/realworld';
const files = existsSync(CORPUS)
  ? readdirSync(CORPUS)
      .filter((name) => name.endsWith('.sql'))
      .sort()
  : [];

test('the corpus is there', (t) => {
  if (files.length === 0) t.skip(`no corpus at ${CORPUS}`);
});

for (const name of files) {
  test(`sample data for ${name}`, async (t) => {
    const result = await validateCorpusFile(join(CORPUS, name));
    if (result.skipped !== undefined) return t.skip(`it does not import: ${result.skipped}`);
    assert.ok(result.filled > 0, 'some table got rows');
    for (const short of result.short)
      assert.ok(
        short.reason !== undefined,
        `${short.table} got ${short.rows} of ${short.wanted} rows without a reason`,
      );
    t.diagnostic(
      `${result.rows} rows in ${result.filled} of ${result.tables} tables; ${result.short.length} short`,
    );
  });
}
