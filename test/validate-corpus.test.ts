// Sample data for each real-world schema of the shared corpus: it loads (the database enforced every
// constraint on the way in), and each table that got fewer rows than wanted is reported with the
// reason. A file the importer cannot read on embedded PostgreSQL (a statement that names another
// database, data that breaks a key) is loaded with psql into a scratch server database, as a person
// would, and validated from its URL; without a server it is reported as skipped. Without the corpus
// the test skips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createScratchDatabase } from '../src/db/scratch.ts';
import { loadWithPsql } from '../scripts/support/corpus-databases.ts';
import {
  validateCorpusDatabase,
  validateCorpusFile,
  type CorpusResult,
} from '../scripts/support/validate-corpus-file.ts';
import { serverSkipReason, serverUrl } from './support/databases.ts';

const CORPUS = '../shared/corpus/realworld';
const files = existsSync(CORPUS)
  ? readdirSync(CORPUS)
      .filter((name) => name.endsWith('.sql'))
      .sort()
  : [];

test('the corpus is there', (t) => {
  if (files.length === 0) t.skip(`no corpus at ${CORPUS}`);
});

/** Loads the file with psql into a scratch server database, validates it from there, drops it. */
async function validateFromServer(
  file: string,
  url: string,
): Promise<CorpusResult & { loadErrors: string[] }> {
  const scratch = await createScratchDatabase(url, 'schemata_validate');
  try {
    const loadErrors = await loadWithPsql(scratch.url, file);
    return { ...(await validateCorpusDatabase(file, scratch.url)), loadErrors };
  } finally {
    await scratch.drop();
  }
}

for (const name of files) {
  test(`sample data for ${name}`, async (t) => {
    const started = Date.now();
    let result = await validateCorpusFile(join(CORPUS, name));
    let via = 'imported';
    if (result.skipped !== undefined) {
      if (serverUrl === undefined)
        return t.skip(`it does not import (${result.skipped}) and there is no server: ${serverSkipReason}`);
      const loaded = await validateFromServer(join(CORPUS, name), serverUrl);
      via = `loaded with psql (${loaded.loadErrors.length} statements failed) and inspected`;
      result = loaded;
    }
    assert.ok(result.filled > 0, 'some table got rows');
    for (const short of result.short)
      assert.ok(
        short.reason !== undefined,
        `${short.table} got ${short.rows} of ${short.wanted} rows without a reason`,
      );
    t.diagnostic(
      `${via}: ${result.rows} rows in ${result.filled} of ${result.tables} tables; ${result.short.length} short; ` +
        `${result.errors.length} error findings; ${Date.now() - started} ms`,
    );
    for (const short of result.short.filter((s) => s.rows === 0))
      t.diagnostic(`  ${short.table}: ${short.reason ?? ''}`.slice(0, 240));
  });
}
