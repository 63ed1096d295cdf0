// How a history reads against a directory with a squashed migration: the rows of the migrations it
// replaced count as its own, the squashed file's own row counts as usual, part of them is odd.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTempDir } from '../../../test/support/temp-dir.ts';
import { formatVersionRanges, parseVersionRanges, readMigrationsDirectory } from '../migrations-directory.ts';
import type { HistoryKind, HistoryRow } from './history-table.ts';
import { readMigrationStatus } from './migration-status.ts';
import { checksumOf } from './migration-script.ts';

const SQUASHED =
  '-- schemata migration 0003_squashed (up)\n-- squashes: 0001-0003\n-- follows: (none)\nSELECT 1;\n';
const FOURTH = '-- follows: 0003_third\nSELECT 4;\n';

let id = 0;
function row(version: number, kind: HistoryKind = 'migration', checksum: string | null = 'x'): HistoryRow {
  return {
    id: ++id,
    version,
    description: `m${version}`,
    kind,
    checksum,
    previousChecksum: null,
    appliedAt: '2025-01-01T00:00:00.000Z',
    appliedBy: 'app',
    executionTimeMs: 1,
    transactional: true,
    statementsDone: null,
    statementsTotal: null,
    finished: true,
    schemaDigests: null,
  };
}

test('version ranges are read and written', () => {
  assert.deepEqual(parseVersionRanges('0001-0003, 0005'), [1, 2, 3, 5]);
  assert.equal(parseVersionRanges('1-x'), undefined);
  assert.equal(parseVersionRanges('5-3'), undefined);
  assert.equal(formatVersionRanges([5, 1, 2, 3, 7, 8], 4), '0001-0003, 0005, 0007-0008');
});

test('a squashed migration is applied when the history has every migration it replaced, or its own row', async () => {
  await withTempDir({ '0003_squashed.up.sql': SQUASHED, '0004_fourth.up.sql': FOURTH }, async (dir) => {
    const directory = await readMigrationsDirectory(dir);
    assert.deepEqual(
      directory.diagnostics.filter((d) => d.code !== 'migration-missing-down'),
      [],
      'a migration planned after one that was squashed since follows the squash',
    );
    assert.deepEqual(directory.migrations[0]?.replaces, [1, 2, 3]);
    const states = async (rows: HistoryRow[]) => {
      const status = await readMigrationStatus(directory, rows);
      return {
        entries: status.entries.map((e) => `${e.label} ${e.state}${e.replacedApplied ? ' (replaced)' : ''}`),
        findings: status.findings.map((f) => f.code),
      };
    };
    // Applied before the squash: the three rows are the squashed migration's.
    assert.deepEqual(await states([row(1), row(2), row(3)]), {
      entries: ['0003_squashed applied (replaced)', '0004_fourth pending'],
      findings: [],
    });
    // Applied after it: the squashed file's own row, checked against the file.
    const own = checksumOf(SQUASHED);
    assert.deepEqual(await states([row(3, 'migration', own), row(4, 'migration', checksumOf(FOURTH))]), {
      entries: ['0003_squashed applied', '0004_fourth applied'],
      findings: [],
    });
    assert.deepEqual(await states([row(3, 'migration', 'edited')]), {
      entries: ['0003_squashed edited', '0004_fourth pending'],
      findings: ['applied-migration-edited'],
    });
    // Part of the way: odd, and nothing runs.
    assert.deepEqual(await states([row(1), row(2)]), {
      entries: ['0003_squashed partly-applied', '0004_fourth pending'],
      findings: ['squash-partly-applied'],
    });
    // Reverted after the squash: a revert of the squashed version and of those it replaced.
    assert.deepEqual(
      await states([row(1), row(2), row(3), row(3, 'revert'), row(1, 'revert'), row(2, 'revert')]),
      { entries: ['0003_squashed pending', '0004_fourth pending'], findings: [] },
    );
    // A baseline at or after it covers it.
    assert.deepEqual(await states([row(4, 'baseline', null)]), {
      entries: ['0003_squashed baseline (replaced)', '0004_fourth baseline'],
      findings: [],
    });
    assert.deepEqual(await states([row(2, 'baseline', null)]), {
      entries: ['0003_squashed partly-applied', '0004_fourth pending'],
      findings: ['squash-partly-applied'],
    });
  });
});

test('a squash header must end at its own version, and the files it replaced must be gone', async () => {
  await withTempDir(
    {
      '0002_b.up.sql': 'SELECT 2;\n',
      '0003_squashed.up.sql': SQUASHED,
      '0005_bad.up.sql': '-- squashes: 0004-0006\nSELECT 5;\n',
    },
    async (dir) => {
      const directory = await readMigrationsDirectory(dir);
      const errors = directory.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
      assert.equal(errors.length, 2, errors.join('\n'));
      assert.match(errors[0] ?? '', /0003_squashed replaces 0002_b, which is still in the directory/);
      assert.match(errors[1] ?? '', /0005_bad has a squashes line that does not end with its own version 5/);
    },
  );
});
