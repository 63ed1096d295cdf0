// CONCURRENTLY operations inside a transaction block.
import type { MigrationRule, LintStatement } from '../../rule.ts';
import { tableCommands, hasOption } from '../../sql/statement-shapes.ts';
import { asNode } from '../../sql/syntax.ts';

function concurrentOperation(statement: LintStatement): string | undefined {
  const index = asNode(statement.node, 'IndexStmt');
  if (index?.concurrent) return 'CREATE INDEX CONCURRENTLY';
  const drop = asNode(statement.node, 'DropStmt');
  if (drop?.concurrent && drop.removeType === 'OBJECT_INDEX') return 'DROP INDEX CONCURRENTLY';
  const reindex = asNode(statement.node, 'ReindexStmt');
  if (reindex && hasOption(reindex.params, 'concurrently')) return 'REINDEX CONCURRENTLY';
  for (const { command } of tableCommands(statement))
    if (command.subtype === 'AT_DetachPartition' && asNode(command.def, 'PartitionCmd')?.concurrent)
      return 'DETACH PARTITION CONCURRENTLY';
  return undefined;
}

export const concurrentlyInTransaction: MigrationRule = {
  kind: 'migration',
  code: 'concurrently-in-transaction',
  category: 'migration',
  severity: 'error',
  summary: 'Run CONCURRENTLY operations outside transaction blocks.',
  rationale:
    'CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY and DETACH PARTITION CONCURRENTLY work in several transactions of their own, so PostgreSQL refuses them inside BEGIN ... COMMIT: the migration fails.',
  fix: 'Move the statement out of the BEGIN ... COMMIT block, into a migration that runs outside a transaction.',
  examples: {
    setup: 'CREATE TABLE t (id bigint PRIMARY KEY, c integer);',
    bad: 'BEGIN;\nCREATE INDEX CONCURRENTLY t_c_idx ON t (c);\nCOMMIT;',
    good: 'CREATE INDEX CONCURRENTLY t_c_idx ON t (c);',
  },
  related: ['squawk: ban-concurrent-index-creation-in-transaction', 'atlas: PG103'],
  check(context) {
    for (const statement of context.statements) {
      if (!statement.inTransaction) continue;
      const operation = concurrentOperation(statement);
      if (operation === undefined) continue;
      context.report({
        statement,
        message: `${operation} cannot run inside a transaction block; the migration fails here`,
      });
    }
  },
};
