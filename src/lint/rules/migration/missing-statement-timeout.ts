// Blocking DDL without statement_timeout set earlier in the file (opt-in).
import type { MigrationRule } from '../../rule.ts';
import { factsOf } from '../../sql/statement-facts.ts';
import { blockingLockTarget } from '../../sql/statement-shapes.ts';

export const missingStatementTimeout: MigrationRule = {
  kind: 'migration',
  code: 'missing-statement-timeout',
  category: 'migration',
  severity: 'warning',
  optIn: true,
  summary: 'Set statement_timeout before statements that hold strong locks on tables in use.',
  rationale:
    'A statement holding a strong lock blocks the table for as long as it runs; a scan or rewrite that takes far longer than expected keeps it blocked. statement_timeout bounds that time: the statement is cancelled and rolled back instead.',
  fix: "SET statement_timeout = '5s'; at the top of the migration (SET LOCAL inside its transaction), longer for statements known to take time.",
  examples: {
    setup: 'CREATE TABLE t (id bigint PRIMARY KEY);',
    bad: "SET lock_timeout = '1s';\nALTER TABLE t ADD COLUMN c boolean;",
    good: "SET lock_timeout = '1s';\nSET statement_timeout = '5s';\nALTER TABLE t ADD COLUMN c boolean;",
  },
  related: ['squawk: require-timeout-settings'],
  check(context) {
    for (const statement of context.statements) {
      const target = blockingLockTarget(context, statement);
      if (target === undefined || factsOf(context, statement).session.statementTimeout) continue;
      context.report({
        statement,
        message: `this statement locks ${target} with no statement_timeout set, so nothing bounds how long the table stays blocked`,
        object: target,
      });
    }
  },
};
