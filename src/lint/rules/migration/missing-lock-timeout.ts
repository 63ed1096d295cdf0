// Blocking DDL without lock_timeout set earlier in the file (opt-in).
import type { MigrationRule } from '../../rule.ts';
import { factsOf } from '../../sql/statement-facts.ts';
import { blockingLockTarget } from '../../sql/statement-shapes.ts';

export const missingLockTimeout: MigrationRule = {
  kind: 'migration',
  code: 'missing-lock-timeout',
  category: 'migration',
  severity: 'warning',
  optIn: true,
  summary: 'Set lock_timeout before statements that take strong locks on tables in use.',
  rationale:
    'A statement that needs a strong lock waits behind any long query on the table, and while it waits every other query on the table queues behind it: a quick ALTER turns into an outage. With lock_timeout set, it gives up after the timeout instead, and the migration can be retried.',
  fix: "SET lock_timeout = '2s'; at the top of the migration (SET LOCAL inside its transaction), and retry when it times out.",
  examples: {
    setup: 'CREATE TABLE t (id bigint PRIMARY KEY);',
    bad: 'ALTER TABLE t ADD COLUMN c boolean;',
    good: "SET lock_timeout = '2s';\nALTER TABLE t ADD COLUMN c boolean;",
  },
  related: ['squawk: require-timeout-settings', 'strong_migrations: lock_timeout'],
  check(context) {
    for (const statement of context.statements) {
      const target = blockingLockTarget(context, statement);
      if (target === undefined || factsOf(context, statement).session.lockTimeout) continue;
      context.report({
        statement,
        message: `this statement locks ${target} with no lock_timeout set: while it waits for the lock, queries on the table queue behind it`,
        object: target,
      });
    }
  },
};
