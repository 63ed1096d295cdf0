// Every migration-safety rule, in code order.
import type { MigrationRule } from '../../rule.ts';
import { addCheckValidated } from './add-check-validated.ts';
import { addColumnAutoIncrement } from './add-column-auto-increment.ts';
import { addColumnDefaultBeforePg11 } from './add-column-default-before-pg11.ts';
import { addColumnNotNullWithoutDefault } from './add-column-not-null-without-default.ts';
import { addColumnStoredGenerated } from './add-column-stored-generated.ts';
import { addColumnVolatileDefault } from './add-column-volatile-default.ts';
import { addExclusionConstraint } from './add-exclusion-constraint.ts';
import { addForeignKeyValidated } from './add-foreign-key-validated.ts';
import { addPrimaryKeyDirectly } from './add-primary-key-directly.ts';
import { addUniqueConstraintDirectly } from './add-unique-constraint-directly.ts';
import { addUniqueIndexMayFail } from './add-unique-index-may-fail.ts';
import { alterColumnTypeRewrite } from './alter-column-type-rewrite.ts';
import { alterDomainAddConstraint } from './alter-domain-add-constraint.ts';
import { attachPartitionScan } from './attach-partition-scan.ts';
import { backfillInDdlTransaction } from './backfill-in-ddl-transaction.ts';
import { concurrentlyInTransaction } from './concurrently-in-transaction.ts';
import { createDomainWithConstraint } from './create-domain-with-constraint.ts';
import { createIndexNonConcurrently } from './create-index-non-concurrently.ts';
import { deleteWithoutWhere } from './delete-without-where.ts';
import { detachPartitionNonConcurrently } from './detach-partition-non-concurrently.ts';
import { dropAndRecreateTable } from './drop-and-recreate-table.ts';
import { dropCascade } from './drop-cascade.ts';
import { dropColumn } from './drop-column.ts';
import { dropDatabase } from './drop-database.ts';
import { dropForeignKey } from './drop-foreign-key.ts';
import { dropIndexNonConcurrently } from './drop-index-non-concurrently.ts';
import { dropNotNull } from './drop-not-null.ts';
import { dropSchema } from './drop-schema.ts';
import { dropTable } from './drop-table.ts';
import { duplicateColumnAssignment } from './duplicate-column-assignment.ts';
import { enumValueWithoutPosition } from './enum-value-without-position.ts';
import { identifierTooLong } from './identifier-too-long.ts';
import { lockTable } from './lock-table.ts';
import { missingLockTimeout } from './missing-lock-timeout.ts';
import { missingStatementTimeout } from './missing-statement-timeout.ts';
import { nonTransactionalInTransaction } from './non-transactional-in-transaction.ts';
import { preferBigintOverInt } from './prefer-bigint-over-int.ts';
import { preferBigintOverSmallint } from './prefer-bigint-over-smallint.ts';
import { preferIdentity } from './prefer-identity.ts';
import { preferJsonb } from './prefer-jsonb.ts';
import { preferRepackConcurrently } from './prefer-repack-concurrently.ts';
import { preferRobustStatements } from './prefer-robust-statements.ts';
import { preferTextOverChar } from './prefer-text-over-char.ts';
import { preferTextOverVarchar } from './prefer-text-over-varchar.ts';
import { preferTimestamptz } from './prefer-timestamptz.ts';
import { primaryKeyOnNullableColumn } from './primary-key-on-nullable-column.ts';
import { refreshMaterializedViewNonConcurrently } from './refresh-materialized-view-non-concurrently.ts';
import { reindexNonConcurrently } from './reindex-non-concurrently.ts';
import { renameColumn } from './rename-column.ts';
import { renameEnumValue } from './rename-enum-value.ts';
import { renameSchema } from './rename-schema.ts';
import { renameTable } from './rename-table.ts';
import { setLoggedUnlogged } from './set-logged-unlogged.ts';
import { setNotNullScan } from './set-not-null-scan.ts';
import { setNotNullWithoutBackfill } from './set-not-null-without-backfill.ts';
import { setTablespace } from './set-tablespace.ts';
import { tableRebuildBlocking } from './table-rebuild-blocking.ts';
import { tableWithoutSchema } from './table-without-schema.ts';
import { transactionNesting } from './transaction-nesting.ts';
import { truncateCascade } from './truncate-cascade.ts';
import { uncommittedTransaction } from './uncommitted-transaction.ts';
import { updateWithoutWhere } from './update-without-where.ts';
import { validateInSameTransaction } from './validate-in-same-transaction.ts';

export const MIGRATION_RULES: readonly MigrationRule[] = [
  addCheckValidated,
  addColumnAutoIncrement,
  addColumnDefaultBeforePg11,
  addColumnNotNullWithoutDefault,
  addColumnStoredGenerated,
  addColumnVolatileDefault,
  addExclusionConstraint,
  addForeignKeyValidated,
  addPrimaryKeyDirectly,
  addUniqueConstraintDirectly,
  addUniqueIndexMayFail,
  alterColumnTypeRewrite,
  alterDomainAddConstraint,
  attachPartitionScan,
  backfillInDdlTransaction,
  concurrentlyInTransaction,
  createDomainWithConstraint,
  createIndexNonConcurrently,
  deleteWithoutWhere,
  detachPartitionNonConcurrently,
  dropAndRecreateTable,
  dropCascade,
  dropColumn,
  dropDatabase,
  dropForeignKey,
  dropIndexNonConcurrently,
  dropNotNull,
  dropSchema,
  dropTable,
  duplicateColumnAssignment,
  enumValueWithoutPosition,
  identifierTooLong,
  lockTable,
  missingLockTimeout,
  missingStatementTimeout,
  nonTransactionalInTransaction,
  preferBigintOverInt,
  preferBigintOverSmallint,
  preferIdentity,
  preferJsonb,
  preferRepackConcurrently,
  preferRobustStatements,
  preferTextOverChar,
  preferTextOverVarchar,
  preferTimestamptz,
  primaryKeyOnNullableColumn,
  refreshMaterializedViewNonConcurrently,
  reindexNonConcurrently,
  renameColumn,
  renameEnumValue,
  renameSchema,
  renameTable,
  setLoggedUnlogged,
  setNotNullScan,
  setNotNullWithoutBackfill,
  setTablespace,
  tableRebuildBlocking,
  tableWithoutSchema,
  transactionNesting,
  truncateCascade,
  uncommittedTransaction,
  updateWithoutWhere,
  validateInSameTransaction,
];
