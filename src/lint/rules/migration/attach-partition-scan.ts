// ATTACH PARTITION of an existing table without a validated CHECK that proves the bound.
import type { Node } from 'libpg-query';
import type { MigrationRule } from '../../rule.ts';
import { checkExpression, provesPartitionBound } from '../../sql/expressions.ts';
import { allTableCommands, schemaAt, tableKeyAt } from '../../sql/statement-shapes.ts';
import { asNode, rangeVarName } from '../../sql/syntax.ts';

export const attachPartitionScan: MigrationRule = {
  kind: 'migration',
  code: 'attach-partition-scan',
  category: 'migration',
  sizeDependent: true,
  severity: 'warning',
  summary: 'Prove a partition bound with a validated CHECK before ATTACH PARTITION.',
  rationale:
    'Attaching an existing table as a partition reads all its rows to check that they fit the bound, under an ACCESS EXCLUSIVE lock on that table (and before PostgreSQL 12 on the partitioned table too). A validated CHECK constraint that matches the bound lets PostgreSQL skip the scan, and it can be added NOT VALID and validated under a weak lock beforehand.',
  fix: "ADD CONSTRAINT b CHECK (key IS NOT NULL AND key >= 'from' AND key < 'to') NOT VALID; VALIDATE CONSTRAINT b; ATTACH PARTITION ... FOR VALUES FROM ('from') TO ('to'); DROP CONSTRAINT b.",
  examples: {
    setup:
      'CREATE TABLE measurements (id bigint NOT NULL, taken date NOT NULL) PARTITION BY RANGE (taken);\nCREATE TABLE measurements_2024 (id bigint NOT NULL, taken date NOT NULL);',
    bad: "ALTER TABLE measurements ATTACH PARTITION measurements_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    good: "ALTER TABLE measurements_2024 ADD CONSTRAINT measurements_2024_bound CHECK (taken >= '2024-01-01' AND taken < '2025-01-01') NOT VALID;\nALTER TABLE measurements_2024 VALIDATE CONSTRAINT measurements_2024_bound;\nALTER TABLE measurements ATTACH PARTITION measurements_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
  },
  differences:
    'The CHECK is recognised on single-column range and list keys; other bounds (hash, DEFAULT, multi-column keys) are always reported.',
  check(context) {
    for (const { statement, table, command } of allTableCommands(context)) {
      if (command.subtype !== 'AT_AttachPartition') continue;
      const partitionCommand = asNode(command.def, 'PartitionCmd');
      const partitionName = rangeVarName(partitionCommand?.name);
      if (!partitionName || !partitionCommand?.bound) continue;
      const schema = schemaAt(context, statement);
      const parentKey = tableKeyAt(context, statement, table);
      const partitionKey = schema.tableKey(partitionName);
      if (schema.isNewTable(partitionKey)) continue;
      const partition = schema.table(partitionKey);
      const keyColumns = schema.table(parentKey)?.partitionKey ?? [];
      const keyColumn = keyColumns.length === 1 ? keyColumns[0] : undefined;
      if (keyColumn !== undefined && partition) {
        const checks = [...partition.constraints.values()]
          .filter((c) => c.kind === 'check' && c.validated)
          .map((c) => checkExpression(c))
          .filter((e): e is Node => e !== undefined);
        const notNull = partition.columns.get(keyColumn)?.notNull === true;
        if (provesPartitionBound(checks, keyColumn, notNull, partitionCommand.bound)) continue;
      }
      const parentLock = context.targetVersion < 12 ? ` and locks ${parentKey}` : '';
      context.report({
        statement,
        message: `attaching ${partitionKey} to ${parentKey} scans it under an ACCESS EXCLUSIVE lock${parentLock}: no validated CHECK proves the partition bound`,
        object: partitionKey,
      });
    }
  },
};
