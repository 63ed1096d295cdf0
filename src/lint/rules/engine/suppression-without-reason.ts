// A suppression must say why: the reason is what a reviewer reads instead of the finding.
import type { ModelRule } from '../../rule.ts';

export const suppressionWithoutReason: ModelRule = {
  kind: 'model',
  code: 'suppression-without-reason',
  category: 'documentation',
  severity: 'error',
  summary: 'Every inline suppression gives its reason after a colon.',
  rationale:
    'A suppression hides a finding from every later review. Its reason is the only record of why the rule does not apply here, so that a reviewer can agree, and so that whoever changes the object later can tell whether the reason still holds. The suppression still suppresses; this finding asks for the reason. It applies to suppressions in model files and in SQL files alike.',
  fix: 'Write the reason after the rule codes and a colon: `# schemata-lint-disable CODE: why the rule does not apply here` in a model file, `-- schemata-lint-disable CODE: why` in SQL.',
  examples: {
    bad: `schemas:
  public:
    tables:
      # schemata-lint-disable table-without-primary-key
      page_views:
        columns:
          - { name: path, type: text, notNull: true }
`,
    good: `schemas:
  public:
    tables:
      # schemata-lint-disable table-without-primary-key: append-only log, read in bulk by the nightly export
      page_views:
        columns:
          - { name: path, type: text, notNull: true }
`,
  },
  related: ['eslint: eslint-comments/require-description'],
  check: () => undefined,
};
