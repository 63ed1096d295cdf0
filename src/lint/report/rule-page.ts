// A rule's page, docs/rules/CODE.md, made from the rule's data alone (npm run docs:rules writes them;
// a test fails when a page is stale), and the index of every rule, docs/rules/README.md. SARIF's help
// for a rule is the same text.
import type { Rule, RuleCategory } from '../rule.ts';
import { RULE_CATEGORIES } from '../rule-categories.ts';
import { ENGINE_RULES } from '../rules/engine/index.ts';

export const RULE_DOCS_DIR = 'docs/rules';

export const GENERATED_NOTE =
  '<!-- Written by `npm run docs:rules` from the rule’s definition in src/lint/rules/; edit it there. -->';

/** The page's path in the repository, relative to its root. */
export function rulePagePath(code: string): string {
  return `${RULE_DOCS_DIR}/${code}.md`;
}

const CATEGORY_TITLES: Record<RuleCategory, string> = {
  design: 'Design',
  naming: 'Naming',
  documentation: 'Documentation',
  performance: 'Performance',
  security: 'Security',
  migration: 'Migration safety',
};

const ENGINE_CODES = new Set(ENGINE_RULES.map((rule) => rule.code));

function inputOf(rule: Rule): string {
  if (ENGINE_CODES.has(rule.code)) return 'inline suppressions, in model files and SQL files alike';
  return rule.kind === 'model'
    ? 'models: model files, and databases (`schemata lint MODEL`, `schemata lint postgres://...`)'
    : 'SQL: files, migrations directories, and the plans of `diff` and `migrate new`';
}

function fenced(language: string, text: string): string {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  const fence = body.includes('```') ? '````' : '```';
  return `${fence}${language}\n${body}${fence}`;
}

function optionValue(value: unknown): string {
  return `\`${JSON.stringify(value)}\``;
}

/** The Markdown body: everything below the title (SARIF's help uses it as it is). */
export function renderRuleHelp(rule: Rule): string {
  const language = rule.kind === 'model' ? 'yaml' : 'sql';
  const parts: string[] = [
    rule.summary,
    '',
    '| | |',
    '| --- | --- |',
    `| Severity | ${rule.severity} |`,
    `| Category | ${CATEGORY_TITLES[rule.category]} |`,
    `| Checks | ${inputOf(rule)} |`,
    ...(rule.sizeDependent === true
      ? [
          '| Weighed by table size | yes: with `--db`, the finding names the rows; under 10,000 rows an error is a warning |',
        ]
      : []),
    `| On by default | ${rule.optIn === true ? `no (opt-in): turn it on with \`${rule.code}: on\` under \`lint.rules\`, or \`lint.optIn: true\`` : 'yes'} |`,
    '',
    '## Why',
    '',
    rule.rationale,
    '',
    '## Fix',
    '',
    rule.fix,
    '',
    '## Examples',
    '',
  ];
  if (rule.examples.targetVersion !== undefined)
    parts.push(
      `With target PostgreSQL ${rule.examples.targetVersion} (\`--target-version ${rule.examples.targetVersion}\`):`,
      '',
    );
  if (rule.examples.setup !== undefined)
    parts.push('Where this has run before:', '', fenced(language, rule.examples.setup), '');
  parts.push(
    'Flagged:',
    '',
    fenced(language, rule.examples.bad),
    '',
    'Not flagged:',
    '',
    fenced(language, rule.examples.good),
    '',
  );
  const options = Object.entries(rule.options ?? {});
  if (options.length > 0) {
    parts.push('## Options', '', '| Option | Default | What |', '| --- | --- | --- |');
    for (const [name, option] of options)
      parts.push(
        `| \`${name}\` | ${optionValue(option.default)} | ${option.description.replace(/\|/g, '\\|')} |`,
      );
    parts.push('');
  }
  if (rule.related && rule.related.length > 0) {
    parts.push('## Rules of other linters it covers', '', ...rule.related.map((r) => `- ${r}`), '');
  }
  if (rule.differences !== undefined) parts.push('## Differences', '', rule.differences, '');
  const example = options[0];
  parts.push(
    '## Configuration',
    '',
    fenced(
      'yaml',
      [
        'lint:',
        '  rules:',
        example
          ? `    ${rule.code}: { severity: warning, options: { ${example[0]}: ${JSON.stringify(example[1].default)} } }`
          : `    ${rule.code}: warning # or off, on, error, info`,
      ].join('\n'),
    ),
  );
  if (!ENGINE_CODES.has(rule.code))
    parts.push(
      '',
      `Left standing for one ${rule.kind === 'model' ? 'object' : 'statement'}, with the reason (docs/lint.md, *Suppressions*):`,
      '',
      fenced(
        language,
        rule.kind === 'model'
          ? `# schemata-lint-disable ${rule.code}: why it does not apply here`
          : `-- schemata-lint-disable ${rule.code}: why it does not apply here`,
      ),
    );
  return parts.join('\n');
}

export function renderRulePage(rule: Rule): string {
  return `${GENERATED_NOTE}\n\n# ${rule.code}\n\n${renderRuleHelp(rule)}\n`;
}

/** docs/rules/README.md: every rule by category, with its severity and summary. */
export function renderRuleIndex(rules: readonly Rule[]): string {
  const lines: string[] = [
    GENERATED_NOTE,
    '',
    '# Lint rules',
    '',
    `${rules.length} rules. \`schemata lint\` runs the model rules over models and databases and the migration rules over SQL; docs/lint.md says how to run it, configure the rules and suppress a finding. Opt-in rules run only when the config turns them on.`,
    '',
  ];
  for (const category of RULE_CATEGORIES) {
    const these = rules.filter((rule) => rule.category === category);
    if (these.length === 0) continue;
    lines.push(
      `## ${CATEGORY_TITLES[category]}`,
      '',
      '| Rule | Severity | What it asks for |',
      '| --- | --- | --- |',
    );
    for (const rule of these)
      lines.push(
        `| [${rule.code}](${rule.code}.md) | ${rule.severity}${rule.optIn === true ? ' (opt-in)' : ''} | ${rule.summary.replace(/\|/g, '\\|')} |`,
      );
    lines.push('');
  }
  return `${lines.join('\n')}`;
}
