// Migrations directories as a user meets them: `schemata migrate new` writes verified up/down pairs,
// `schemata diff` replays a directory as one side, and a directory replays on embedded PostgreSQL and
// on the server alike (transaction blocks kept, CONCURRENTLY statements on their own).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { diffModels } from '../src/diff/diff-models.ts';
import { inspectDatabase } from '../src/dialects/postgres/inspect/inspect-database.ts';
import { loadSqlParser } from '../src/dialects/postgres/types.ts';
import { readMigrationsDirectory } from '../src/migrations/migrations-directory.ts';
import { replayMigrations } from '../src/migrations/replay-migrations.ts';
import type { Model } from '../src/model/model-schema.ts';
import { databaseKinds, withDatabase } from './support/databases.ts';
import { runCli } from './support/run-cli.ts';
import { withTempDir } from './support/temp-dir.ts';

// Hostile names: quotes, spaces, upper case, a line break (which must not end a -- comment), unicode,
// a reserved word, 63 bytes.
const TABLE = 'Order "Lines"\nDROP';
const LONG = `c${'é'.repeat(31)}`;
const model = (extra: string, project = '') => `${project}schemas:
  Sales EU:
    tables:
      ${JSON.stringify(TABLE)}:
        columns:
          - { name: id, type: bigint, notNull: true }
          - { name: select, type: text }
          - { name: ${LONG}, type: integer }
${extra}        primaryKey: { columns: [id] }
`;

describe('schemata migrate new', () => {
  test('writes verified, numbered up/down pairs from the directory end state to the model', async () => {
    await withTempDir({}, async (dir) => {
      const modelFile = join(dir, 'model.yaml');
      const migrations = join(dir, 'migrations');
      const args = ['--model', modelFile, '--dir', migrations];
      await writeFile(modelFile, model(''));

      // The proof runs once below, on the second migration; this one is checked by replaying it later.
      const first = await runCli('migrate', 'new', 'Create "orders"; DROP --', ...args, '--no-verify');
      assert.equal(first.code, 0, first.stderr);
      assert.deepEqual(await readdir(migrations), [
        '0001_create_orders_drop.down.sql',
        '0001_create_orders_drop.up.sql',
      ]);
      const up1 = await readFile(join(migrations, '0001_create_orders_drop.up.sql'), 'utf8');
      assert.match(up1, /^-- schemata migration 0001_create_orders_drop \(up\)\n-- follows: \(none\)\n/);
      assert.match(up1, /CREATE TABLE "Sales EU"\."Order ""Lines""\nDROP" \(/);

      const again = await runCli('migrate', 'new', 'nothing', ...args);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /no changes: .* already give the model; nothing written/);
      assert.equal((await readdir(migrations)).length, 2);

      // A new column and a concurrent index (safe mode); a dropped column needs consent.
      await writeFile(
        modelFile,
        model('          - { name: note, type: text }\n        indexes: [{ columns: [select] }]\n').replace(
          `          - { name: ${LONG}, type: integer }\n`,
          '',
        ),
      );
      const refused = await runCli('migrate', 'new', 'notes', ...args, '--safe');
      assert.equal(refused.code, 2);
      assert.match(
        refused.stderr,
        /error data-loss: drop column Sales EU\.Order "Lines"\nDROP\.cé+ loses data/,
      );
      assert.match(refused.stderr, /hint: record the drop in project\.drops/);
      assert.equal((await readdir(migrations)).length, 2, 'nothing is written when the plan is refused');

      const drops = `project:\n  drops:\n    - { kind: column, schema: Sales EU, table: ${JSON.stringify(TABLE)}, name: ${LONG}, reason: unused }\n`;
      await writeFile(
        modelFile,
        model(
          '          - { name: note, type: text }\n        indexes: [{ columns: [select] }]\n',
          drops,
        ).replace(`          - { name: ${LONG}, type: integer }\n`, ''),
      );
      const second = await runCli('migrate', 'new', 'Notes and index', ...args, '--safe');
      assert.equal(second.code, 0, second.stderr);
      const up2 = await readFile(join(migrations, '0002_notes_and_index.up.sql'), 'utf8');
      assert.match(up2, /-- follows: 0001_create_orders_drop\n/);
      assert.match(
        up2,
        /-- data loss recorded in project\.drops:\n--   drop column Sales EU\.Order "Lines"\\u000aDROP\.cé+\n/,
      );
      assert.match(up2, /-- hazards:\n(--   .*\n)*--   create index .*cannot run in a transaction\n/);
      assert.match(up2, /\nCREATE INDEX CONCURRENTLY /);
      const down2 = await readFile(join(migrations, '0002_notes_and_index.down.sql'), 'utf8');
      assert.match(down2, /-- reverts: 0002_notes_and_index\.up\.sql\n/);
      assert.match(down2, /ADD COLUMN "cé+" integer;/);

      // The directory is a diff side: its end state is the model.
      const diff = await runCli('diff', migrations, modelFile, '--no-verify');
      assert.equal(diff.code, 0, diff.stderr);
      assert.equal(diff.stdout, '-- no changes\n');
    });
  });

  test('a new enum value whose down file replaces the type rebuilds the partial index, check and exclusion comparing it', async () => {
    // The README's model: a partial index compares the enum, so the down file's type swap cannot let
    // PostgreSQL rebuild it (order_status <> order_status__schemata_old).
    const orders = (values: string) => `schemas:
  public:
    enums:
      order_status:
        values: [${values}]
    tables:
      orders:
        columns:
          - { name: id, type: bigint, notNull: true, identity: { generation: always } }
          - { name: status, type: order_status, notNull: true, default: "'new'::order_status" }
          - { name: total, type: "numeric(12,2)", notNull: true }
        primaryKey: { columns: [id] }
        checks:
          - expression: total >= 0::numeric
          - name: chk_paid_total
            expression: status <> 'paid'::order_status OR total > 0::numeric
        exclusions:
          - elements: [{ column: id, operator: "=" }]
            where: status = 'new'::order_status
        indexes:
          - columns: [status]
            where: status <> 'shipped'::order_status
`;
    await withTempDir({}, async (dir) => {
      const modelFile = join(dir, 'model.yaml');
      const migrations = join(dir, 'migrations');
      const args = ['--model', modelFile, '--dir', migrations];
      await writeFile(modelFile, orders('new, paid, shipped'));
      const first = await runCli('migrate', 'new', 'orders', ...args, '--no-verify');
      assert.equal(first.code, 0, first.stderr);

      await writeFile(modelFile, orders('new, paid, shipped, cancelled'));
      const second = await runCli('migrate', 'new', 'cancelled', ...args);
      assert.equal(second.code, 0, second.stderr);
      const up = await readFile(join(migrations, '0002_cancelled.up.sql'), 'utf8');
      assert.match(up, /ALTER TYPE public\.order_status ADD VALUE 'cancelled' AFTER 'shipped';/);
      assert.doesNotMatch(up, /DROP INDEX|DROP CONSTRAINT|COMMENT ON/);
      const down = await readFile(join(migrations, '0002_cancelled.down.sql'), 'utf8');
      const order = [
        'DROP INDEX public.idx_orders_status;',
        'ALTER TABLE public.orders DROP CONSTRAINT ex_orders_id;',
        'ALTER TYPE public.order_status RENAME TO order_status__schemata_old;',
        'ALTER TABLE public.orders ALTER COLUMN status TYPE public.order_status',
        'DROP TYPE public.order_status__schemata_old;',
        "CREATE INDEX idx_orders_status ON public.orders (status) WHERE (status <> 'shipped'::order_status);",
        'ALTER TABLE public.orders ADD CONSTRAINT chk_paid_total CHECK',
      ].map((sql) => down.indexOf(sql));
      assert.ok(
        order.every((at, i) => at >= 0 && (i === 0 || at > (order[i - 1] as number))),
        `${order.join(', ')}\n${down}`,
      );
      assert.doesNotMatch(down, /DROP CONSTRAINT chk_orders_total/, 'a check without the enum stays');
    });
  });

  test('a renamed table with an identity column renames its sequence, and the down file renames it back', async () => {
    const orders = (header: string) => `schemas:
  public:
    tables:
      ${header}
        columns:
          - { name: id, type: bigint, notNull: true, identity: { generation: always } }
        primaryKey: { columns: [id] }
`;
    await withTempDir({}, async (dir) => {
      const modelFile = join(dir, 'model.yaml');
      const migrations = join(dir, 'migrations');
      const args = ['--model', modelFile, '--dir', migrations];
      await writeFile(modelFile, orders('orders:'));
      const first = await runCli('migrate', 'new', 'orders', ...args, '--no-verify');
      assert.equal(first.code, 0, first.stderr);

      await writeFile(modelFile, orders('purchases:\n        renamedFrom: orders'));
      const second = await runCli('migrate', 'new', 'purchases', ...args);
      assert.equal(second.code, 0, second.stderr);
      const up = await readFile(join(migrations, '0002_purchases.up.sql'), 'utf8');
      assert.match(up, /ALTER SEQUENCE public\.orders_id_seq RENAME TO purchases_id_seq;/);
      const down = await readFile(join(migrations, '0002_purchases.down.sql'), 'utf8');
      assert.match(down, /ALTER SEQUENCE public\.purchases_id_seq RENAME TO orders_id_seq;/);
    });
  });

  test('a failing migration, a bad name and unknown subcommands exit 2 with a located message', async () => {
    await withTempDir({}, async (dir) => {
      const modelFile = join(dir, 'model.yaml');
      await writeFile(modelFile, model(''));
      const args = ['--model', modelFile, '--dir', dir];
      await writeFile(
        join(dir, '0001_a.up.sql'),
        '-- follows: (none)\nCREATE TABLE a (id int);\nCREATE TABLE a (id int);\n',
      );
      await writeFile(join(dir, '0001_a.down.sql'), 'DROP TABLE a;\n');
      const failed = await runCli('migrate', 'new', 'b', ...args);
      assert.equal(failed.code, 2);
      assert.match(
        failed.stderr,
        /0001_a\.up\.sql:3:1: error migration-failed: 0001_a failed: relation "a" already exists/,
      );

      const badName = await runCli('migrate', 'new', '日本', ...args);
      assert.equal(badName.code, 2);
      assert.match(
        badName.stderr,
        /error migration-name: the migration name "日本" has no letters or digits/,
      );

      const bin = spawnSync(process.execPath, ['bin/schemata.js', 'migrate', 'upp'], { encoding: 'utf8' });
      assert.equal(bin.status, 2);
      assert.match(bin.stderr, /error usage: unknown migrate subcommand "upp"; did you mean "up"\?/);
      assert.doesNotMatch(bin.stderr, /\n\s+at /);
    });
  });

  test('--suggest-renames prints the renamedFrom lines to add, where to add them, and writes nothing', async () => {
    await withTempDir({}, async (dir) => {
      const modelFile = join(dir, 'model.yaml');
      await writeFile(join(dir, '0001_a.up.sql'), 'CREATE TABLE "Sales EU".t (id int, "Old Name" text);');
      await writeFile(join(dir, '0001_a.down.sql'), '');
      await writeFile(
        modelFile,
        "schemas:\n  Sales EU:\n    tables:\n      t:\n        columns:\n          - { name: id, type: integer }\n          - { name: 'New: Name', type: text }\n",
      );
      await writeFile(join(dir, '0000_schema.up.sql'), 'CREATE SCHEMA "Sales EU";');
      await writeFile(join(dir, '0000_schema.down.sql'), '');
      const result = await runCli(
        'migrate',
        'new',
        'x',
        '--model',
        modelFile,
        '--dir',
        dir,
        '--suggest-renames',
      );
      assert.equal(result.code, 1, result.stderr);
      assert.equal(
        result.stdout,
        `${modelFile}:7:13: column Sales EU.t.New: Name looks renamed from Sales EU.t.Old Name (same definition); add to it:\n    renamedFrom: Old Name\n`,
      );
      assert.equal((await readdir(dir)).length, 5);
    });
  });
});

describe('replaying a migrations directory', () => {
  for (const kind of databaseKinds) {
    test(`on ${kind} PostgreSQL: transaction blocks kept, CONCURRENTLY run on its own`, async (t) => {
      await loadSqlParser();
      await withTempDir({}, async (dir) => {
        await writeFile(
          join(dir, '0001_create.up.sql'),
          'BEGIN;\nCREATE SCHEMA "Ünï Côde";\nCREATE TABLE "Ünï Côde"."select" ("Id" int PRIMARY KEY, note text);\nCOMMIT;\n',
        );
        await writeFile(join(dir, '0001_create.down.sql'), 'DROP SCHEMA "Ünï Côde" CASCADE;\n');
        await writeFile(
          join(dir, '0002_index.up.sql'),
          `CREATE INDEX CONCURRENTLY ix_note ON "Ünï Côde"."select" (note);\nBEGIN;\nCOMMENT ON TABLE "Ünï Côde"."select" IS 'it''s here';\nCOMMIT;\n`,
        );
        await writeFile(join(dir, '0002_index.down.sql'), 'DROP INDEX "Ünï Côde".ix_note;\n');
        const directory = await readMigrationsDirectory(dir);
        await withDatabase(kind, t, async (db) => {
          const replay = await replayMigrations(db, directory);
          assert.deepEqual(replay, { applied: 2, diagnostics: [] });
          const expected: Model = {
            schemas: {
              'Ünï Côde': {
                tables: {
                  select: {
                    description: "it's here",
                    columns: [
                      { name: 'Id', type: 'integer', notNull: true },
                      { name: 'note', type: 'text' },
                    ],
                    primaryKey: { name: 'select_pkey', columns: ['Id'] },
                    indexes: [{ name: 'ix_note', columns: ['note'] }],
                  },
                },
              },
            },
          };
          assert.deepEqual(diffModels((await inspectDatabase(db)).model, expected), []);
        });
      });
    });
  }
});
