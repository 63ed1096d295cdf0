// Writes docs/rules/CODE.md for every lint rule and the index docs/rules/README.md, from the rules'
// own data (src/lint/rules/), and removes the pages of rules that are gone. Run after adding or
// changing a rule: npm run docs:rules (a test fails while a page is stale).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../src/lint/rules/registry.ts';
import { RULE_DOCS_DIR, renderRuleIndex, renderRulePage } from '../src/lint/report/rule-page.ts';

mkdirSync(RULE_DOCS_DIR, { recursive: true });
const pages = new Set(RULES.map((rule) => `${rule.code}.md`));
for (const name of readdirSync(RULE_DOCS_DIR))
  if (name.endsWith('.md') && name !== 'README.md' && !pages.has(name)) {
    rmSync(join(RULE_DOCS_DIR, name));
    console.log(`removed ${join(RULE_DOCS_DIR, name)}`);
  }
for (const rule of RULES) writeFileSync(join(RULE_DOCS_DIR, `${rule.code}.md`), renderRulePage(rule));
writeFileSync(join(RULE_DOCS_DIR, 'README.md'), renderRuleIndex(RULES));
console.log(`wrote ${RULES.length} rule pages and the index to ${RULE_DOCS_DIR}`);
