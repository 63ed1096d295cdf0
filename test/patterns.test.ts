// The design patterns (docs/patterns.md) on the embedded and server databases: a model with pattern
// options -> DDL -> database -> inspect gives the same model back, options folded; the triggers do
// what the pattern promises; the DDL of each pattern is a committed golden file.
// Regenerate the golden files after an intended change: UPDATE_GOLDEN=1 node scripts/run-tests.js patterns
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import type { Database } from '../src/db/database.ts';
import { generateDdl } from '../src/dialects/postgres/render-ddl.ts';
import { inspectDatabase } from '../src/dialects/postgres/inspect/inspect-database.ts';
import { compareModels } from '../src/model/compare-models.ts';
import { formatDiagnostic } from '../src/model/diagnostics.ts';
import type { Model } from '../src/model/model-schema.ts';
import { expandPatterns } from '../src/model/patterns/expand-patterns.ts';
import { loadSql } from '../src/readers/import-sql.ts';
import { patternModels } from './fixtures/pattern-models.ts';
import { databaseKinds, withDatabase } from './support/databases.ts';

async function load(db: Database, model: Model): Promise<void> {
  const loaded = await loadSql(db, await generateDdl(model), 'patterns.sql');
  assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), []);
}

describe('design patterns', () => {
  test('docs/patterns.md shows the golden DDL of each pattern', async () => {
    const docPath = new URL('../docs/patterns.md', import.meta.url);
    const doc = await readFile(docPath, 'utf8');
    let expected = doc;
    for (const [name, model] of Object.entries(patternModels)) {
      // The same text as test/golden/patterns/<name>.sql, which the tests below check.
      const golden = await generateDdl(model);
      const marker = `<!-- golden:${name} -->`;
      assert.ok(doc.includes(marker), `docs/patterns.md has no ${marker}`);
      const block = new RegExp(`${marker}\\n(\\n\`\`\`sql\\n[\\s\\S]*?\`\`\`\\n)?`);
      expected = expected.replace(block, () => `${marker}\n\n\`\`\`sql\n${golden}\`\`\`\n`);
    }
    if (process.env.UPDATE_GOLDEN === '1') {
      await writeFile(docPath, expected);
      return;
    }
    assert.equal(
      doc,
      expected,
      'docs/patterns.md differs from the golden files; regenerate with UPDATE_GOLDEN=1',
    );
  });

  for (const [name, model] of Object.entries(patternModels)) {
    test(`${name}: the DDL matches test/golden/patterns/${name}.sql`, async () => {
      const path = new URL(`golden/patterns/${name}.sql`, import.meta.url);
      const ddl = await generateDdl(model);
      if (process.env.UPDATE_GOLDEN === '1') {
        await writeFile(path, ddl);
        return;
      }
      const golden = await readFile(path, 'utf8').catch(() => undefined);
      assert.ok(golden !== undefined, `no golden file for ${name}; run with UPDATE_GOLDEN=1`);
      assert.equal(ddl, golden, 'generated DDL changed; if intended, regenerate with UPDATE_GOLDEN=1');
    });

    for (const kind of databaseKinds) {
      test(`${name}: model -> DDL -> ${kind} database -> the same model, patterns folded`, async (t) => {
        const inspected = await withDatabase(kind, t, async (db) => {
          await load(db, model);
          return inspectDatabase(db);
        });
        if (!inspected) return;
        assert.deepEqual(inspected.unsupported, []);
        assert.deepEqual(compareModels(model, inspected.model), []);
      });
    }
  }

  for (const kind of databaseKinds) {
    test(`concrete objects that differ from the expansion stay concrete on the ${kind} database`, async (t) => {
      // The expansion of timestamps, with the trigger firing on UPDATE only: not the pattern any more.
      const concrete = expandPatterns(patternModels.timestamps as Model);
      const task = concrete.schemas?.public?.tables?.task;
      assert.ok(task?.triggers?.[0]);
      task.triggers[0] = { ...task.triggers[0], events: ['update'] };
      const inspected = await withDatabase(kind, t, async (db) => {
        await load(db, concrete);
        return inspectDatabase(db);
      });
      if (!inspected) return;
      assert.equal(inspected.model.schemas?.public?.tables?.task?.patterns, undefined);
      assert.deepEqual(compareModels(concrete, inspected.model), []);
    });

    test(`the pattern triggers work on the ${kind} database`, async (t) => {
      await withDatabase(kind, t, async (db) => {
        await load(db, patternModels.combined as Model);
        const table = '"Work Items"."Task List"';
        await db.exec(`INSERT INTO ${table} (title) VALUES ('write'), ('test')`);
        const [inserted] = await db.query<{ version: number; same: boolean }>(
          `SELECT version, created_at = updated_at AS same FROM ${table} WHERE title = 'write'`,
        );
        assert.deepEqual(inserted, { version: 1, same: true });
        // now() is the transaction start: the update runs in a later transaction.
        await db.exec(
          `UPDATE ${table} SET title = 'write more', created_at = '2000-01-01' WHERE title = 'write'`,
        );
        const [updated] = await db.query<{ version: number; later: boolean; kept: boolean }>(
          `SELECT version, updated_at > created_at AS later, created_at > '2000-01-01' AS kept
             FROM ${table} WHERE title = 'write more'`,
        );
        assert.deepEqual(updated, { version: 2, later: true, kept: true });

        // Soft delete: the live view leaves the row out and its title may be used again.
        await db.exec(`UPDATE ${table} SET deleted_at = now() WHERE title = 'test'`);
        const live = await db.query<{ title: string }>(
          `SELECT title FROM "Work Items"."Task List_live" ORDER BY title`,
        );
        assert.deepEqual(live, [{ title: 'write more' }]);
        await db.exec(`INSERT INTO ${table} (title) VALUES ('test')`);
        await assert.rejects(db.exec(`INSERT INTO ${table} (title) VALUES ('test')`), /duplicate key/);

        // Audit: one row per change, with the old and new values.
        await db.exec(`DELETE FROM ${table} WHERE title = 'write more'`);
        const audit = await db.query<{ operation: string; title: string | null; changed_by: string }>(
          `SELECT operation, coalesce(new_values, old_values) ->> 'title' AS title, changed_by = current_user AS changed_by
             FROM "Work Items".audit_log WHERE table_name = 'Task List' ORDER BY id`,
        );
        assert.deepEqual(
          audit.map((row) => [row.operation, row.title, row.changed_by]),
          [
            ['INSERT', 'write', true],
            ['INSERT', 'test', true],
            ['UPDATE', 'write more', true],
            ['UPDATE', 'test', true],
            ['INSERT', 'test', true],
            ['DELETE', 'write more', true],
          ],
        );
      });
    });

    test(`created_by, updated_by and the per-table audit follow the actor setting on the ${kind} database`, async (t) => {
      await withDatabase(kind, t, async (db) => {
        await load(db, patternModels['timestamps-version-created-by'] as Model);
        await db.exec(`SET app.actor = 'ada'`);
        await db.exec(`INSERT INTO task (title) VALUES ('a')`);
        await db.exec(`SET app.actor = 'grace'`);
        await db.exec(`UPDATE task SET title = 'b', created_by = 'mallory'`);
        const rows = await db.query(`SELECT title, version, created_by, updated_by FROM task`);
        assert.deepEqual(rows, [{ title: 'b', version: 2, created_by: 'ada', updated_by: 'grace' }]);
      });
      await withDatabase(kind, t, async (db) => {
        await load(db, patternModels['audit-per-table'] as Model);
        await db.exec(`SET app.actor = 'ada'`);
        await db.exec(`INSERT INTO task (title) VALUES ('a')`);
        const rows = await db.query(
          `SELECT operation, changed_by, new_values ->> 'title' AS title FROM task_audit`,
        );
        assert.deepEqual(rows, [{ operation: 'INSERT', changed_by: 'ada', title: 'a' }]);
      });
    });
  }
});
