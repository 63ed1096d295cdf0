// A suppression that hides nothing is stale: the object changed, the rule was fixed, or the code is
// misspelt; left in place it would hide a later, real finding.
import type { ModelRule } from '../../rule.ts';

export const unusedSuppression: ModelRule = {
  kind: 'model',
  code: 'unused-suppression',
  category: 'documentation',
  severity: 'warning',
  summary: 'Every inline suppression suppresses a finding of each rule it names.',
  rationale:
    'A suppression that suppresses nothing is left over from an earlier state of the object, or names a rule that does not exist (a misspelt code suppresses nothing and hides nothing, so the finding it was meant for still shows). Left in place, it would silently hide the next real finding of that rule on the object. A suppression of a rule that is turned off where it is written is not reported. It applies to suppressions in model files and in SQL files alike.',
  fix: 'Remove the suppression, or the codes in it that suppress nothing; correct a misspelt code.',
  examples: {
    bad: `schemas:
  public:
    tables:
      # schemata-lint-disable no-such-rule: kept from an earlier version of the table
      page_views:
        columns:
          - { name: id, type: bigint, notNull: true, identity: { generation: always } }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      page_views:
        columns:
          - { name: id, type: bigint, notNull: true, identity: { generation: always } }
        primaryKey: { columns: [id] }
`,
  },
  related: ['eslint: --report-unused-disable-directives'],
  check: () => undefined,
};
