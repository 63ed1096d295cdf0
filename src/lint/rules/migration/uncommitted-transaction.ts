// A BEGIN with no COMMIT or ROLLBACK before the end of the file.
import type { LintStatement, MigrationRule } from '../../rule.ts';
import { asNode } from '../../sql/syntax.ts';

export const uncommittedTransaction: MigrationRule = {
  kind: 'migration',
  code: 'uncommitted-transaction',
  category: 'migration',
  severity: 'error',
  summary: 'End every transaction the file begins.',
  rationale:
    'A BEGIN without COMMIT leaves the transaction open when the file ends: depending on the runner, its work is rolled back silently or stays open holding its locks until the connection closes.',
  fix: 'Add COMMIT at the end of the transaction (or remove the BEGIN and let the runner wrap the file).',
  examples: {
    bad: 'BEGIN;\nCREATE TABLE users (id bigint PRIMARY KEY);',
    good: 'BEGIN;\nCREATE TABLE users (id bigint PRIMARY KEY);\nCOMMIT;',
  },
  related: ['squawk: ban-uncommitted-transaction'],
  check(context) {
    let open: LintStatement | undefined;
    for (const statement of context.statements) {
      const transaction = asNode(statement.node, 'TransactionStmt');
      if (!transaction) continue;
      if (transaction.kind === 'TRANS_STMT_BEGIN' || transaction.kind === 'TRANS_STMT_START')
        open ??= statement;
      else if (
        ['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE'].includes(transaction.kind ?? '') &&
        !transaction.chain
      )
        open = undefined;
    }
    if (open)
      context.report({
        statement: open,
        message: 'this transaction is never committed: the file ends with it open',
      });
  },
};
