// UPDATE/DELETE/INSERT in the transaction of DDL that locked an existing table.
import type { MigrationRule } from '../../rule.ts';
import { blockingLockTarget, earlierInTransaction, isDataChange } from '../../sql/statement-shapes.ts';

export const backfillInDdlTransaction: MigrationRule = {
  kind: 'migration',
  code: 'backfill-in-ddl-transaction',
  category: 'migration',
  severity: 'warning',
  summary: 'Backfill data outside the transaction of schema changes.',
  rationale:
    'Locks taken by DDL are held until the transaction ends. A backfill in the same transaction keeps the table locked (often ACCESS EXCLUSIVE) for as long as it takes to update every row, so the schema change that took a moment blocks traffic for the whole backfill.',
  fix: 'COMMIT the schema change first, then backfill in separate transactions, in batches.',
  examples: {
    setup: 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);',
    bad: "BEGIN;\nALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 'free';\nCOMMIT;",
    good: "BEGIN;\nALTER TABLE users ADD COLUMN plan text;\nCOMMIT;\nUPDATE users SET plan = 'free' WHERE id BETWEEN 1 AND 10000;",
  },
  related: ['strong_migrations: backfilling data'],
  check(context) {
    for (const statement of context.statements) {
      if (!statement.inTransaction || !isDataChange(statement)) continue;
      const locked = earlierInTransaction(context, statement)
        .map((earlier) => blockingLockTarget(context, earlier))
        .find((target) => target !== undefined);
      if (locked === undefined) continue;
      context.report({
        statement,
        message: `this data change runs in the transaction that locked ${locked} for a schema change, keeping it locked until the data change ends`,
        object: locked,
      });
    }
  },
};
