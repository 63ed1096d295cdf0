// BEGIN inside an open transaction, or COMMIT/ROLLBACK with none open.
import type { MigrationRule } from '../../rule.ts';
import { asNode } from '../../sql/syntax.ts';

export const transactionNesting: MigrationRule = {
  kind: 'migration',
  code: 'transaction-nesting',
  category: 'migration',
  severity: 'warning',
  summary: 'Begin no transaction inside another, and end only one that is open.',
  rationale:
    "PostgreSQL has no nested transactions: a second BEGIN only warns, and the first COMMIT then ends the outer transaction, so what follows runs outside it; a COMMIT with no transaction open shows that the file's idea of its transactions is wrong (often a runner that already wraps the file).",
  fix: 'Use one BEGIN ... COMMIT per transaction (SAVEPOINT for a partial rollback), or leave transaction control to the runner.',
  examples: {
    bad: 'BEGIN;\nBEGIN;\nSELECT 1;\nCOMMIT;',
    good: 'BEGIN;\nSELECT 1;\nCOMMIT;',
  },
  related: ['squawk: transaction-nesting'],
  check(context) {
    for (const statement of context.statements) {
      const transaction = asNode(statement.node, 'TransactionStmt');
      if (!transaction) continue;
      const begins = transaction.kind === 'TRANS_STMT_BEGIN' || transaction.kind === 'TRANS_STMT_START';
      const ends = transaction.kind === 'TRANS_STMT_COMMIT' || transaction.kind === 'TRANS_STMT_ROLLBACK';
      if (begins && statement.inTransaction)
        context.report({
          statement,
          message: 'BEGIN inside an open transaction does not nest: the next COMMIT ends both',
        });
      else if (ends && !statement.inTransaction)
        context.report({
          statement,
          message: `${transaction.kind === 'TRANS_STMT_COMMIT' ? 'COMMIT' : 'ROLLBACK'} with no transaction open`,
        });
    }
  },
};
