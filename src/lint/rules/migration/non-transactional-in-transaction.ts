// Statements PostgreSQL refuses inside a transaction block.
import type { LintStatement, MigrationRule } from '../../rule.ts';
import { asNode, kindOf } from '../../sql/syntax.ts';

function refusedStatement(statement: LintStatement, targetVersion: number): string | undefined {
  switch (kindOf(statement.node)) {
    case 'VacuumStmt':
      return asNode(statement.node, 'VacuumStmt')?.is_vacuumcmd ? 'VACUUM' : undefined;
    case 'CreatedbStmt':
      return 'CREATE DATABASE';
    case 'DropdbStmt':
      return 'DROP DATABASE';
    case 'CreateTableSpaceStmt':
      return 'CREATE TABLESPACE';
    case 'DropTableSpaceStmt':
      return 'DROP TABLESPACE';
    case 'AlterSystemStmt':
      return 'ALTER SYSTEM';
    case 'ReindexStmt': {
      const kind = asNode(statement.node, 'ReindexStmt')?.kind;
      return kind === 'REINDEX_OBJECT_SYSTEM' || kind === 'REINDEX_OBJECT_DATABASE'
        ? 'REINDEX DATABASE or SYSTEM'
        : undefined;
    }
    case 'AlterEnumStmt': {
      const alter = asNode(statement.node, 'AlterEnumStmt');
      return targetVersion < 12 && alter?.oldVal === undefined && alter?.newVal !== undefined
        ? 'ALTER TYPE ... ADD VALUE (before PostgreSQL 12)'
        : undefined;
    }
    default:
      return undefined;
  }
}

export const nonTransactionalInTransaction: MigrationRule = {
  kind: 'migration',
  code: 'non-transactional-in-transaction',
  category: 'migration',
  severity: 'error',
  summary: 'Run statements that cannot run in a transaction block outside one.',
  rationale:
    'VACUUM, CREATE and DROP DATABASE, CREATE and DROP TABLESPACE, ALTER SYSTEM, REINDEX DATABASE or SYSTEM and, before PostgreSQL 12, ALTER TYPE ... ADD VALUE are refused inside BEGIN ... COMMIT: the migration fails at that statement.',
  fix: 'Move the statement out of the transaction block, into a migration that runs outside a transaction.',
  examples: {
    setup: 'CREATE TABLE foo (id bigint PRIMARY KEY);',
    bad: 'BEGIN;\nVACUUM foo;\nCOMMIT;',
    good: 'VACUUM foo;',
  },
  check(context) {
    for (const statement of context.statements) {
      if (!statement.inTransaction) continue;
      const refused = refusedStatement(statement, context.targetVersion);
      if (refused === undefined) continue;
      context.report({
        statement,
        message: `${refused} cannot run inside a transaction block; the migration fails here`,
      });
    }
  },
};
