// ALTER COLUMN ... SET NOT NULL on an existing table without a validated CHECK that proves it.
import type { MigrationRule } from '../../rule.ts';
import { checkExpression, provesNotNull } from '../../sql/expressions.ts';
import {
  allTableCommands,
  isExistingTable,
  objectText,
  schemaAt,
  tableKeyAt,
} from '../../sql/statement-shapes.ts';

export const setNotNullScan: MigrationRule = {
  kind: 'migration',
  code: 'set-not-null-scan',
  category: 'migration',
  sizeDependent: true,
  severity: 'error',
  summary: 'Prove a column NOT NULL with a validated CHECK before SET NOT NULL.',
  rationale:
    'SET NOT NULL reads the whole table to look for NULLs while holding an ACCESS EXCLUSIVE lock, blocking reads and writes. From PostgreSQL 12 the scan is skipped when a validated CHECK (col IS NOT NULL) already proves it, and that CHECK can be added NOT VALID and validated under a weak lock.',
  fix: 'ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c (separate transaction); ALTER COLUMN col SET NOT NULL; DROP CONSTRAINT c.',
  examples: {
    setup:
      'CREATE TABLE users (id bigint PRIMARY KEY, nickname text);\nALTER TABLE users ADD CONSTRAINT users_nickname_not_null CHECK (nickname IS NOT NULL) NOT VALID;',
    bad: 'ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;',
    good: 'ALTER TABLE users VALIDATE CONSTRAINT users_nickname_not_null;\nALTER TABLE users ALTER COLUMN nickname SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_nickname_not_null;',
  },
  related: ['squawk: adding-not-nullable-field', 'strong_migrations: change_column_null', 'atlas: PG303'],
  differences:
    'Before PostgreSQL 12 it is reported even with a validated CHECK, since those releases scan anyway.',
  check(context) {
    for (const { statement, table, command } of allTableCommands(context)) {
      if (command.subtype !== 'AT_SetNotNull' || command.name === undefined) continue;
      const key = tableKeyAt(context, statement, table);
      if (!isExistingTable(context, statement, key)) continue;
      const state = schemaAt(context, statement).table(key);
      const column = state?.columns.get(command.name);
      if (column?.notNull) continue;
      const proven =
        context.targetVersion >= 12 &&
        [...(state?.constraints.values() ?? [])].some(
          (c) => c.kind === 'check' && c.validated && provesNotNull(checkExpression(c), command.name ?? ''),
        );
      if (proven) continue;
      context.report({
        statement,
        message: `SET NOT NULL on ${objectText(key, command.name)} scans the table under an ACCESS EXCLUSIVE lock`,
        object: objectText(key, command.name),
      });
    }
  },
};
