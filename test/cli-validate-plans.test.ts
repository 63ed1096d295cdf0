// schemata validate through the command: the plan, index-advice, relationship, rollback and backup
// sections of the report, on embedded PostgreSQL and on the server (with hypopg there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAWED_SHOP_FILE } from './fixtures/validate-plans/flawed-shop.ts';
import { serverSkipReason, serverUrl } from './support/databases.ts';
import { runCli } from './support/run-cli.ts';

const MIGRATIONS = new URL('./fixtures/validate-plans/migrations', import.meta.url).pathname;

interface Section {
  name: string;
  summary: string;
  findings: {
    code: string;
    severity: string;
    object?: string;
    location?: { line: number; column: number };
  }[];
  details: Record<string, unknown>;
}

async function validate(
  ...args: string[]
): Promise<{ code: number; sections: Map<string, Section>; hasHypopg: boolean }> {
  const result = await runCli('validate', ...args, '--format', 'json');
  const document = JSON.parse(result.stdout) as { validation: { sections: Section[]; hasHypopg: boolean } };
  return {
    code: result.code,
    sections: new Map(document.validation.sections.map((s) => [s.name, s])),
    hasHypopg: document.validation.hasHypopg,
  };
}

const codes = (section: Section | undefined) =>
  (section?.findings ?? []).map((f) => `${f.severity} ${f.code} ${f.object ?? ''}`).sort();

const EXPECTED = {
  'query-plans': [
    'warning seq-scan-on-large-table shop.orders.for_customer',
    'warning seq-scan-on-large-table shop.orders.recent_by_status',
  ],
  'index-advice': [
    'info index-advised shop.orders',
    'info index-advised shop.orders',
    'info unused-index shop.Order Lines.idx_Order Lines_select',
  ],
  relationships: [],
};

for (const where of ['embedded', 'server'] as const)
  test(`validate finds exactly the flaws of the flawed shop (${where})`, async (t) => {
    if (where === 'server' && serverUrl === undefined) {
      t.skip(serverSkipReason);
      return;
    }
    const run = await validate(
      FLAWED_SHOP_FILE,
      ...(where === 'server' ? ['--dev-db', serverUrl as string] : []),
    );
    for (const [name, expected] of Object.entries(EXPECTED))
      assert.deepEqual(codes(run.sections.get(name)), expected, name);
    // The unused index is found at its entry in the model file.
    const unused = run.sections.get('index-advice')?.findings.find((f) => f.code === 'unused-index');
    assert.equal(`${unused?.location?.line}:${unused?.location?.column}`, '63:13');
    const advice = run.sections.get('index-advice')?.details as {
      method: string;
      advised: { columns: string[]; yaml: string }[];
    };
    assert.deepEqual(
      advice.advised.map((a) => a.columns),
      [['customer_id'], ['status', 'placed_at']],
    );
    assert.equal(advice.method, where === 'server' ? 'hypopg' : 'built');
    assert.equal(run.hasHypopg, where === 'server');
    assert.match(
      advice.advised[1]?.yaml ?? '',
      /- columns: \[ status, placed_at \]\n\s+rationale: "Serves the query pattern recent_by_status/,
    );
    assert.equal(run.sections.get('rollback')?.summary, 'skipped: no migrations directory given');
  });

test('validate of a migrations directory reverts each migration, and --backup-check restores a dump', async () => {
  const run = await validate(MIGRATIONS, '--backup-check');
  const rollback = run.sections.get('rollback');
  assert.match(
    rollback?.summary ?? '',
    /^3 of 3 migrations reverted and applied again with the sample data in place/,
  );
  const backup = run.sections.get('backup');
  assert.match(
    backup?.summary ?? '',
    /^dumped and restored with PGlite's dumpDataDir and loadDataDir: schema and [\d,]+ rows in 2 tables match$/,
  );
  assert.deepEqual(backup?.findings, []);
});

test('an index that serves a foreign key is not listed as unused by the declared patterns', async () => {
  // The task manager indexes each foreign key and declares patterns that read none of those indexes.
  const run = await validate('examples/task-manager');
  const advice = run.sections.get('index-advice');
  assert.ok(advice, 'the index-advice section is there');
  assert.deepEqual(codes(advice), []);
});
