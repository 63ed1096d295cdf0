// Every model rule (design, naming, documentation, performance, security review), in code order.
import type { ModelRule } from '../../rule.ts';
import { auditColumnsMissing } from './audit-columns-missing.ts';
import { booleanIndexColumn } from './boolean-index-column.ts';
import { booleanWithoutPrefix } from './boolean-without-prefix.ts';
import { btreeIndexOnArray } from './btree-index-on-array.ts';
import { caseSensitiveNaturalKey } from './case-sensitive-natural-key.ts';
import { charType } from './char-type.ts';
import { checkWithoutBusinessRule } from './check-without-business-rule.ts';
import { columnOrderWastesPadding } from './column-order-wastes-padding.ts';
import { columnWithoutDescription } from './column-without-description.ts';
import { constraintNotValidated } from './constraint-not-validated.ts';
import { containmentQueryWithoutGin } from './containment-query-without-gin.ts';
import { duplicateForeignKey } from './duplicate-foreign-key.ts';
import { duplicateIndex } from './duplicate-index.ts';
import { enumColumn } from './enum-column.ts';
import { foreignKeyActionWithoutRationale } from './foreign-key-action-without-rationale.ts';
import { foreignKeyColumnName } from './foreign-key-column-name.ts';
import { foreignKeyTypeMismatch } from './foreign-key-type-mismatch.ts';
import { foreignKeyWithoutIndex } from './foreign-key-without-index.ts';
import { foreignKeyWithoutOnDelete } from './foreign-key-without-on-delete.ts';
import { grantAllPrivileges } from './grant-all-privileges.ts';
import { grantToPublic } from './grant-to-public.ts';
import { identifierNotSnakeCase } from './identifier-not-snake-case.ts';
import { inconsistentColumnTypes } from './inconsistent-column-types.ts';
import { indexIncludesNulls } from './index-includes-nulls.ts';
import { indexTimestampNotLast } from './index-timestamp-not-last.ts';
import { indexWithoutRationale } from './index-without-rationale.ts';
import { integerKeyMayOverflow } from './integer-key-may-overflow.ts';
import { intersectingForeignKeys } from './intersecting-foreign-keys.ts';
import { intersectingIndexes } from './intersecting-indexes.ts';
import { jsonType } from './json-type.ts';
import { junctionTableWithoutCompositeKey } from './junction-table-without-composite-key.ts';
import { largeTableNotPartitioned } from './large-table-not-partitioned.ts';
import { moneyAsFloat } from './money-as-float.ts';
import { moneyType } from './money-type.ts';
import { nameNotFromTemplate } from './name-not-from-template.ts';
import { nameTooLong } from './name-too-long.ts';
import { naturalKeyNotUnique } from './natural-key-not-unique.ts';
import { naturalPrimaryKey } from './natural-primary-key.ts';
import { nullableBoolean } from './nullable-boolean.ts';
import { nullableForeignKeyColumn } from './nullable-foreign-key-column.ts';
import { nullableMulticolumnForeignKey } from './nullable-multicolumn-foreign-key.ts';
import { nullableUniqueColumn } from './nullable-unique-column.ts';
import { onDeleteSetDefaultWithoutDefault } from './on-delete-set-default-without-default.ts';
import { onDeleteSetNullNotNullColumn } from './on-delete-set-null-not-null-column.ts';
import { ownedRowsWithoutRowLevelSecurity } from './owned-rows-without-row-level-security.ts';
import { partitionKeyNotInUnique } from './partition-key-not-in-unique.ts';
import { plaintextSecretColumn } from './plaintext-secret-column.ts';
import { policyWithoutRowLevelSecurity } from './policy-without-row-level-security.ts';
import { primaryKeyColumnDeclaredNullable } from './primary-key-column-declared-nullable.ts';
import { primaryKeyWithoutRationale } from './primary-key-without-rationale.ts';
import { queryPatternInvalid } from './query-pattern-invalid.ts';
import { queryPatternSortWithoutIndex } from './query-pattern-sort-without-index.ts';
import { queryPatternWithoutIndex } from './query-pattern-without-index.ts';
import { randomUuidPrimaryKey } from './random-uuid-primary-key.ts';
import { redundantIndex } from './redundant-index.ts';
import { repeatingColumnGroup } from './repeating-column-group.ts';
import { requiredColumnNullable } from './required-column-nullable.ts';
import { reservedWordIdentifier } from './reserved-word-identifier.ts';
import { roleBypassesRowSecurity } from './role-bypasses-row-security.ts';
import { rowLevelSecurityWithoutPolicy } from './row-level-security-without-policy.ts';
import { securityDefinerExecutableByPublic } from './security-definer-executable-by-public.ts';
import { securityDefinerWithoutSearchPath } from './security-definer-without-search-path.ts';
import { selfReferenceWithoutOnDelete } from './self-reference-without-on-delete.ts';
import { sensitiveColumnUnclassified } from './sensitive-column-unclassified.ts';
import { serialNonPrimaryKeyColumn } from './serial-non-primary-key-column.ts';
import { serialPrimaryKey } from './serial-primary-key.ts';
import { statusColumnWithoutCheck } from './status-column-without-check.ts';
import { tableInheritance } from './table-inheritance.ts';
import { tableNamePlurality } from './table-name-plurality.ts';
import { tableWithoutDataOwner } from './table-without-data-owner.ts';
import { tableWithoutDescription } from './table-without-description.ts';
import { tableWithoutPrimaryKey } from './table-without-primary-key.ts';
import { tableWithoutRetention } from './table-without-retention.ts';
import { tableWithoutRowLevelSecurity } from './table-without-row-level-security.ts';
import { tableWithoutSensitivity } from './table-without-sensitivity.ts';
import { tableWithoutVolume } from './table-without-volume.ts';
import { textWithoutLengthLimit } from './text-without-length-limit.ts';
import { timeWithTimeZone } from './time-with-time-zone.ts';
import { timestampWithoutAtSuffix } from './timestamp-without-at-suffix.ts';
import { timestampWithoutTimeZone } from './timestamp-without-time-zone.ts';
import { tooManyIndexes } from './too-many-indexes.ts';
import { uniqueIgnoresSoftDelete } from './unique-ignores-soft-delete.ts';
import { unloggedTable } from './unlogged-table.ts';
import { unnecessaryIndexPredicate } from './unnecessary-index-predicate.ts';
import { uuidAsText } from './uuid-as-text.ts';
import { varcharWithLength } from './varchar-with-length.ts';
import { viewWithoutSecurityInvoker } from './view-without-security-invoker.ts';
import { wideIndex } from './wide-index.ts';

export const MODEL_RULES: readonly ModelRule[] = [
  auditColumnsMissing,
  booleanIndexColumn,
  booleanWithoutPrefix,
  btreeIndexOnArray,
  caseSensitiveNaturalKey,
  charType,
  checkWithoutBusinessRule,
  columnOrderWastesPadding,
  columnWithoutDescription,
  constraintNotValidated,
  containmentQueryWithoutGin,
  duplicateForeignKey,
  duplicateIndex,
  enumColumn,
  foreignKeyActionWithoutRationale,
  foreignKeyColumnName,
  foreignKeyTypeMismatch,
  foreignKeyWithoutIndex,
  foreignKeyWithoutOnDelete,
  grantAllPrivileges,
  grantToPublic,
  identifierNotSnakeCase,
  inconsistentColumnTypes,
  indexIncludesNulls,
  indexTimestampNotLast,
  indexWithoutRationale,
  integerKeyMayOverflow,
  intersectingForeignKeys,
  intersectingIndexes,
  jsonType,
  junctionTableWithoutCompositeKey,
  largeTableNotPartitioned,
  moneyAsFloat,
  moneyType,
  nameNotFromTemplate,
  nameTooLong,
  naturalKeyNotUnique,
  naturalPrimaryKey,
  nullableBoolean,
  nullableForeignKeyColumn,
  nullableMulticolumnForeignKey,
  nullableUniqueColumn,
  onDeleteSetDefaultWithoutDefault,
  onDeleteSetNullNotNullColumn,
  ownedRowsWithoutRowLevelSecurity,
  partitionKeyNotInUnique,
  plaintextSecretColumn,
  policyWithoutRowLevelSecurity,
  primaryKeyColumnDeclaredNullable,
  primaryKeyWithoutRationale,
  queryPatternInvalid,
  queryPatternSortWithoutIndex,
  queryPatternWithoutIndex,
  randomUuidPrimaryKey,
  redundantIndex,
  repeatingColumnGroup,
  requiredColumnNullable,
  reservedWordIdentifier,
  roleBypassesRowSecurity,
  rowLevelSecurityWithoutPolicy,
  securityDefinerExecutableByPublic,
  securityDefinerWithoutSearchPath,
  selfReferenceWithoutOnDelete,
  sensitiveColumnUnclassified,
  serialNonPrimaryKeyColumn,
  serialPrimaryKey,
  statusColumnWithoutCheck,
  tableInheritance,
  tableNamePlurality,
  tableWithoutDataOwner,
  tableWithoutDescription,
  tableWithoutPrimaryKey,
  tableWithoutRetention,
  tableWithoutRowLevelSecurity,
  tableWithoutSensitivity,
  tableWithoutVolume,
  textWithoutLengthLimit,
  timeWithTimeZone,
  timestampWithoutAtSuffix,
  timestampWithoutTimeZone,
  tooManyIndexes,
  uniqueIgnoresSoftDelete,
  unloggedTable,
  unnecessaryIndexPredicate,
  uuidAsText,
  varcharWithLength,
  viewWithoutSecurityInvoker,
  wideIndex,
];
