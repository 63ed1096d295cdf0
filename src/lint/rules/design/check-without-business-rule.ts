import { analyzeModel } from '../../model/analysis.ts';
import { checkName, namingOf } from '../../../model/naming.ts';
import { isBlank } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

export const checkWithoutBusinessRule: ModelRule = {
  kind: 'model',
  code: 'check-without-business-rule',
  category: 'documentation',
  severity: 'info',
  optIn: true,
  summary: 'Projects that require it: every CHECK says which business rule it enforces (businessRule).',
  rationale:
    'A CHECK is a business rule written in SQL; the rule in words tells reviewers whether the SQL says what the business means, and tells support what a violation means to a user.',
  fix: 'Add `businessRule:` to the check.',
  examples: {
    bad: `schemas:
  public:
    tables:
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: balance, type: "numeric(12,2)", notNull: true }
        primaryKey: { columns: [id] }
        checks:
          - { expression: balance >= 0 }
`,
    good: `schemas:
  public:
    tables:
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: balance, type: "numeric(12,2)", notNull: true }
        primaryKey: { columns: [id] }
        checks:
          - { expression: balance >= 0, businessRule: Accounts cannot be overdrawn. }
`,
  },
  check(context) {
    const naming = namingOf(context.model);
    for (const table of analyzeModel(context.model).tables) {
      (table.table.checks ?? []).forEach((check, i) => {
        if (!isBlank(check.businessRule) || !isBlank(check.description) || !isBlank(check.rationale)) return;
        const name = checkName(naming, table.schema, table.name, table.table, check);
        context.report({
          message: `check ${name} of ${table.object} does not say which business rule it enforces`,
          path: [...table.path, 'checks', i],
          object: `${table.object}.${name}`,
        });
      });
    }
  },
};
