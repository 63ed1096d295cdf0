import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  isMigrationsDirectory,
  migrationLabel,
  migrationSlug,
  readMigrationsDirectory,
} from './migrations-directory.ts';
import { withTempDir } from '../../test/support/temp-dir.ts';

const codes = (d: { code: string; severity: string }[]) => d.map((x) => `${x.severity} ${x.code}`);

test('migration names become safe file names', () => {
  assert.equal(migrationSlug('Add orders'), 'add_orders');
  assert.equal(migrationSlug('  "Drop"; DROP TABLE users; --'), 'drop_drop_table_users');
  assert.equal(migrationSlug('../../etc/passwd'), 'etc_passwd');
  assert.equal(migrationSlug('Créer la table Über'), 'creer_la_table_uber');
  assert.equal(migrationSlug('select'), 'select');
  assert.equal(migrationSlug('日本語'), '');
  assert.equal(migrationSlug('x'.repeat(80)).length, 60);
  assert.equal(migrationSlug(`${'a'.repeat(59)} b`), 'a'.repeat(59));
  assert.equal(migrationLabel(7, 4, 'add_orders'), '0007_add_orders');
  assert.equal(migrationLabel(12345, 4, 'x'), '12345_x');
});

test('a directory is read in version order, with down files paired', async () => {
  await withTempDir(
    {
      '0002_b.up.sql': '-- follows: 0001_a\nSELECT 2;',
      '0002_b.down.sql': 'SELECT 2;',
      '0001_a.up.sql': '-- follows: (none)\nSELECT 1;',
      '0001_a.down.sql': 'SELECT 1;',
      'README.md': 'not a migration',
    },
    async (dir) => {
      assert.equal(isMigrationsDirectory(dir), true);
      const read = await readMigrationsDirectory(dir);
      assert.deepEqual(read.diagnostics, []);
      assert.deepEqual(
        read.migrations.map((m) => [m.version, m.label, m.down !== undefined]),
        [
          [1, '0001_a', true],
          [2, '0002_b', true],
        ],
      );
      assert.equal(read.width, 4);
    },
  );
});

test('gaps, duplicate versions, missing files and stray SQL files are reported', async () => {
  await withTempDir(
    {
      '0001_a.up.sql': 'SELECT 1;',
      '0001_a.down.sql': '',
      '0002_b.up.sql': '-- follows: 0001_a\n',
      '0002_other.up.sql': '-- follows: 0001_a\n',
      '0003_c.up.sql': '-- follows: 0001_a\n',
      '0003_c.down.sql': '',
      '0005_e.down.sql': '',
      '0006_f.up.sql': '-- follows: 0003_c\n',
      '0006_f.down.sql': '',
      'notes.sql': '',
    },
    async (dir) => {
      const read = await readMigrationsDirectory(dir);
      // A duplicated version is left out, so 0003_c (planned after 0001_a) follows 0001_a again.
      assert.deepEqual(codes(read.diagnostics), [
        'error migration-duplicate-version',
        'error migration-file-name',
        'error migration-missing-up',
        'warning migration-gap',
        'warning migration-gap',
      ]);
      assert.match(read.diagnostics[0]?.message ?? '', /version 2 is used by 0002_b and 0002_other/);
      assert.match(read.diagnostics[2]?.message ?? '', /0005_e has a down file but no up file/);
      assert.match(read.diagnostics[3]?.message ?? '', /no migration between 0001_a and 0003_c/);
      assert.match(read.diagnostics[4]?.message ?? '', /no migration between 0003_c and 0006_f/);
      assert.deepEqual(
        read.migrations.map((m) => m.label),
        ['0001_a', '0003_c', '0006_f'],
      );
    },
  );
});

test('a migration planned after another than the one now before it is out of order', async () => {
  await withTempDir(
    {
      '0001_a.up.sql': '-- follows: (none)\n',
      '0001_a.down.sql': '',
      '0002_b.up.sql': '-- follows: 0001_a\n',
      '0002_b.down.sql': '',
      '0003_c.up.sql': '-- follows: 0001_a\n',
      '0003_c.down.sql': '',
    },
    async (dir) => {
      const read = await readMigrationsDirectory(dir);
      assert.deepEqual(codes(read.diagnostics), ['warning migration-out-of-order']);
      assert.match(
        read.diagnostics[0]?.message ?? '',
        /0003_c was planned after 0001_a, but 0002_b now comes before it/,
      );
    },
  );
});

test('a missing directory has no migrations; a model directory is not a migrations directory', async () => {
  const read = await readMigrationsDirectory(join(tmpdir(), 'schemata-no-such-dir-4711'));
  assert.deepEqual(read.migrations, []);
  assert.equal(isMigrationsDirectory('examples/task-manager'), false);
});
