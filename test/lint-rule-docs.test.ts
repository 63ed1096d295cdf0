// docs/rules/ is made from the rules' data (npm run docs:rules): a page per rule and the index, each
// as the rule says now, and no page of a rule that is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../src/lint/rules/registry.ts';
import { RULE_DOCS_DIR, renderRuleIndex, renderRulePage } from '../src/lint/report/rule-page.ts';

const STALE = 'out of date: run npm run docs:rules';

test('every rule page and the index are as the rules say', () => {
  for (const rule of RULES)
    assert.equal(
      readFileSync(join(RULE_DOCS_DIR, `${rule.code}.md`), 'utf8'),
      renderRulePage(rule),
      `${rule.code}.md is ${STALE}`,
    );
  assert.equal(
    readFileSync(join(RULE_DOCS_DIR, 'README.md'), 'utf8'),
    renderRuleIndex(RULES),
    `the index is ${STALE}`,
  );
  const pages = readdirSync(RULE_DOCS_DIR).filter((name) => name !== 'README.md');
  assert.deepEqual(
    pages.sort(),
    RULES.map((rule) => `${rule.code}.md`).sort(),
    `pages of rules that are gone: ${STALE}`,
  );
});
