// DETACH PARTITION without CONCURRENTLY (PostgreSQL 14+).
import type { MigrationRule } from '../../rule.ts';
import { allTableCommands, isExistingTable, tableKeyAt } from '../../sql/statement-shapes.ts';
import { asNode, displayName, rangeVarName } from '../../sql/syntax.ts';

export const detachPartitionNonConcurrently: MigrationRule = {
  kind: 'migration',
  code: 'detach-partition-non-concurrently',
  category: 'migration',
  sizeDependent: true,
  severity: 'warning',
  summary: 'Detach partitions CONCURRENTLY (PostgreSQL 14+).',
  rationale:
    'DETACH PARTITION takes an ACCESS EXCLUSIVE lock on the partitioned table, blocking every query on every partition. From PostgreSQL 14, DETACH PARTITION ... CONCURRENTLY needs only a SHARE UPDATE EXCLUSIVE lock.',
  fix: 'ALTER TABLE parent DETACH PARTITION part CONCURRENTLY, outside a transaction block (and not with a DEFAULT partition present).',
  examples: {
    setup:
      "CREATE TABLE t (id bigint NOT NULL, created date NOT NULL) PARTITION BY RANGE (created);\nCREATE TABLE p PARTITION OF t FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    bad: 'ALTER TABLE t DETACH PARTITION p;',
    good: 'ALTER TABLE t DETACH PARTITION p CONCURRENTLY;',
  },
  related: ['squawk: require-concurrent-partition-detach'],
  check(context) {
    if (context.targetVersion < 14) return;
    for (const { statement, table, command } of allTableCommands(context)) {
      if (command.subtype !== 'AT_DetachPartition') continue;
      const partition = asNode(command.def, 'PartitionCmd');
      if (partition?.concurrent) continue;
      const key = tableKeyAt(context, statement, table);
      if (!isExistingTable(context, statement, key)) continue;
      const name = rangeVarName(partition?.name);
      context.report({
        statement,
        message: `detaching ${name ? displayName(name) : 'a partition'} from ${key} without CONCURRENTLY locks the whole partitioned table (ACCESS EXCLUSIVE)`,
        object: key,
      });
    }
  },
};
