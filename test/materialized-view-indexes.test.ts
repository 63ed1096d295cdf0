// A materialized view's indexes as plans change them: a new comment on one is a COMMENT ON INDEX, not a
// rebuild of the materialized view (which would empty it until refreshed and drop what uses it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from './support/run-cli.ts';
import { withTempDir } from './support/temp-dir.ts';

const model = (indexDescription: string) => `schemas:
  public:
    tables:
      t:
        columns:
          - { name: a, type: integer }
    materializedViews:
      mv:
        definition: "SELECT a\\n   FROM t"
        indexes:
          - { name: mv_a_idx, columns: [a]${indexDescription} }
`;

test('changing only the comment of an index on a materialized view is a COMMENT ON INDEX', async () => {
  await withTempDir(
    { 'before.yaml': model(''), 'after.yaml': model(', description: lookup by a') },
    async (dir) => {
      // Verified on embedded PostgreSQL, the reverse plan too.
      const up = await runCli('diff', join(dir, 'before.yaml'), join(dir, 'after.yaml'));
      assert.equal(up.code, 1, up.stderr);
      const statements = up.stdout.split('\n').filter((line) => /^[A-Z]/.test(line));
      assert.deepEqual(statements, [
        'SET search_path TO public;',
        'BEGIN;',
        "COMMENT ON INDEX public.mv_a_idx IS 'lookup by a';",
        'COMMIT;',
      ]);

      const down = await runCli(
        'diff',
        join(dir, 'before.yaml'),
        join(dir, 'after.yaml'),
        '--down',
        '--no-verify',
      );
      assert.match(down.stdout, /COMMENT ON INDEX public\.mv_a_idx IS NULL;/);
      assert.doesNotMatch(down.stdout, /MATERIALIZED VIEW/);
    },
  );
});
