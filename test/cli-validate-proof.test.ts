// The proof of schemata validate, through the command: a model with exactly three flaws (an always-true
// check, a foreign key column without an index that a declared pattern looks rows up by, a pattern
// that needs a composite index) gets exactly those findings; the index advice, as printed, merged into
// the model makes both patterns use the new indexes; with the check fixed too, validate passes. On
// embedded PostgreSQL and on the server (--dev-db).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { serverSkipReason, serverUrl } from './support/databases.ts';
import { runCli } from './support/run-cli.ts';
import { withTempDir } from './support/temp-dir.ts';

const THREE_FLAWS = new URL('./fixtures/validate/three-flaws.yaml', import.meta.url).pathname;

interface Section {
  name: string;
  findings: { code: string; severity: string; object?: string }[];
  details: Record<string, unknown>;
}

interface Advised {
  schema: string;
  table: string;
  columns: string[];
  yaml: string;
}

interface PatternPlan {
  pattern: string;
  indexScans: { index?: string }[];
}

interface TableYaml {
  indexes?: unknown[];
  checks?: { name?: string; expression: string }[];
}

type ModelYaml = { schemas: Record<string, { tables: Record<string, TableYaml> }> };

async function validate(file: string, where: 'embedded' | 'server') {
  const result = await runCli(
    'validate',
    file,
    ...(where === 'server' ? ['--dev-db', serverUrl as string] : []),
    '--format',
    'json',
  );
  const document = JSON.parse(result.stdout) as { validation: { sections: Section[] } };
  const sections = new Map(document.validation.sections.map((s) => [s.name, s]));
  const findings = document.validation.sections
    .flatMap((s) => s.findings.map((f) => `${s.name} ${f.severity} ${f.code} ${f.object ?? ''}`))
    .sort();
  return { code: result.code, stderr: result.stderr, sections, findings };
}

/** The model file's YAML with each printed advice snippet's indexes added to its table. */
function withAdvice(model: ModelYaml, snippets: string[]): ModelYaml {
  const merged = structuredClone(model);
  for (const snippet of snippets) {
    const advice = parse(snippet) as ModelYaml;
    for (const [schema, { tables }] of Object.entries(advice.schemas))
      for (const [name, table] of Object.entries(tables)) {
        const target = merged.schemas[schema]?.tables[name];
        assert.ok(target, `${schema}.${name} is in the model`);
        target.indexes = [...(target.indexes ?? []), ...(table.indexes ?? [])];
      }
  }
  return merged;
}

const FLAWED_PATTERNS = ['sales.orders.for_customer', 'sales.orders.recent_by_status'];

for (const where of ['embedded', 'server'] as const)
  test(`validate finds exactly the three flaws, and the advice fixes the plans (${where})`, async (t) => {
    if (where === 'server' && serverUrl === undefined) return t.skip(serverSkipReason);
    const first = await validate(THREE_FLAWS, where);
    assert.deepEqual(first.findings, [
      'constraints error check-always-true sales.Order Items.discount is a percentage',
      'index-advice info index-advised sales.orders',
      'index-advice info index-advised sales.orders',
      'query-plans warning seq-scan-on-large-table sales.orders.for_customer',
      'query-plans warning seq-scan-on-large-table sales.orders.recent_by_status',
    ]);
    assert.equal(first.code, 1, 'an error finding fails the run');
    const advice = first.sections.get('index-advice')?.details as { method: string; advised: Advised[] };
    assert.equal(advice.method, where === 'server' ? 'hypopg' : 'built');
    const advised = advice.advised;
    assert.deepEqual(
      advised.map((a) => `${a.schema}.${a.table} (${a.columns.join(', ')})`),
      ['sales.orders (customer_id)', 'sales.orders (status, placed_at)'],
    );

    const model = parse(readFileSync(THREE_FLAWS, 'utf8')) as ModelYaml;
    const improved = withAdvice(
      model,
      advised.map((a) => a.yaml),
    );
    await withTempDir({}, async (dir) => {
      const file = join(dir, 'three flaws, advised.yaml');
      await writeFile(file, stringify(improved));
      const second = await validate(file, where);
      assert.deepEqual(second.findings, [
        'constraints error check-always-true sales.Order Items.discount is a percentage',
      ]);
      const patterns = second.sections.get('query-plans')?.details.patterns as PatternPlan[];
      for (const name of FLAWED_PATTERNS) {
        const used = patterns.find((p) => p.pattern === name)?.indexScans.map((s) => s.index);
        assert.ok(
          used?.some((index) => index?.startsWith('idx_orders_')),
          `${name} uses an advised index: ${used?.join(', ')}`,
        );
      }

      // The check fixed as the business rule says: nothing is left to find.
      const items = improved.schemas.sales?.tables['Order Items'];
      const check = items?.checks?.find((c) => c.name === 'discount is a percentage');
      assert.ok(check);
      check.expression = 'discount IS NULL OR discount BETWEEN 0 AND 100';
      const fixedFile = join(dir, 'three flaws, fixed.yaml');
      await writeFile(fixedFile, stringify(improved));
      const third = await validate(fixedFile, where);
      assert.deepEqual(third.findings, []);
      assert.equal(third.code, 0, third.stderr);
    });
  });
