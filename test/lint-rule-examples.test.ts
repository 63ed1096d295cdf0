// Every lint rule, from its own data: a stable kebab-case code used once, a page in docs/rules/, and
// examples that behave as the page says: the bad one is flagged by the rule, the good one is not.
// Model rules' examples are model files, read as the model reader reads them; migration rules'
// examples are SQL, linted after the example's setup. The rule under test is turned on (opt-in
// rules too) and the engine applies suppressions, as `schemata lint` does.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { RULES } from '../src/lint/rules/registry.ts';
import type { Finding, Rule } from '../src/lint/rule.ts';
import { lintSettings } from '../src/lint/settings.ts';
import { lintModelSources, lintSqlSources } from '../src/lint/lint-inputs.ts';
import { readModelSources } from '../src/readers/read-model.ts';
import { rulePagePath } from '../src/lint/report/rule-page.ts';

async function lintExample(rule: Rule, text: string): Promise<Finding[]> {
  const settings = lintSettings({ targetVersion: rule.examples.targetVersion ?? 18, enable: [rule.code] });
  if (rule.kind === 'model') {
    const source = { file: `${rule.code}.yaml`, text };
    const read = await readModelSources([source]);
    assert.deepEqual(
      read.diagnostics.filter((d) => d.severity === 'error'),
      [],
      `the example of ${rule.code} is a valid model`,
    );
    return lintModelSources({ model: read.model, locate: read.locate, sources: [source] }, settings);
  }
  return lintSqlSources(
    {
      files: [{ file: `${rule.code}.sql`, text }],
      before: rule.examples.setup === undefined ? [] : [{ file: 'setup.sql', text: rule.examples.setup }],
    },
    settings,
  );
}

test('rule codes are kebab-case and unique, and every rule has its page', () => {
  const codes = RULES.map((rule) => rule.code);
  assert.deepEqual([...new Set(codes)], codes, 'no code is used twice');
  for (const rule of RULES) {
    assert.match(rule.code, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, `${rule.code} is kebab-case`);
    assert.ok(existsSync(rulePagePath(rule.code)), `${rulePagePath(rule.code)} exists (npm run docs:rules)`);
    for (const field of ['summary', 'rationale', 'fix'] as const)
      assert.ok(rule[field].trim().length > 0, `${rule.code} has a ${field}`);
  }
});

describe('rule examples', () => {
  for (const rule of RULES) {
    test(`${rule.code}: the bad example is flagged, the good one is not`, async () => {
      const bad = await lintExample(rule, rule.examples.bad);
      assert.ok(
        bad.some((finding) => finding.code === rule.code),
        `the bad example gives a ${rule.code} finding; it gave: ${bad.map((f) => f.code).join(', ') || 'none'}`,
      );
      const good = await lintExample(rule, rule.examples.good);
      assert.deepEqual(
        good.filter((finding) => finding.code === rule.code).map((f) => f.message),
        [],
        'the good example gives none',
      );
    });
  }
});
