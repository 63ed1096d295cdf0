// Unguarded DDL in a file that cannot run in one transaction.
import type { LintStatement, MigrationRule } from '../../rule.ts';
import { hasOption, isHousekeeping, tableCommands } from '../../sql/statement-shapes.ts';
import { asNode, kindOf } from '../../sql/syntax.ts';

/** A statement that PostgreSQL refuses in a transaction block, so the file cannot be run in one. */
function needsNoTransaction(statement: LintStatement, targetVersion: number): boolean {
  const node = statement.node;
  if (asNode(node, 'IndexStmt')?.concurrent) return true;
  if (asNode(node, 'DropStmt')?.concurrent) return true;
  if (hasOption(asNode(node, 'ReindexStmt')?.params, 'concurrently')) return true;
  if (asNode(node, 'VacuumStmt')?.is_vacuumcmd) return true;
  if (targetVersion < 12 && asNode(node, 'AlterEnumStmt')?.newVal !== undefined) return true;
  for (const { command } of tableCommands(statement))
    if (command.subtype === 'AT_DetachPartition' && asNode(command.def, 'PartitionCmd')?.concurrent)
      return true;
  return ['CreatedbStmt', 'DropdbStmt', 'AlterSystemStmt'].includes(kindOf(node) ?? '');
}

/** What a statement lacks to be re-runnable, or undefined when it is. */
function missingGuard(statement: LintStatement, droppedConstraints: ReadonlySet<string>): string | undefined {
  const node = statement.node;
  const create = asNode(node, 'CreateStmt');
  if (create) return create.if_not_exists ? undefined : 'CREATE TABLE IF NOT EXISTS';
  const index = asNode(node, 'IndexStmt');
  if (index)
    return index.if_not_exists || index.idxname === undefined ? undefined : 'CREATE INDEX IF NOT EXISTS';
  const schema = asNode(node, 'CreateSchemaStmt');
  if (schema) return schema.if_not_exists ? undefined : 'CREATE SCHEMA IF NOT EXISTS';
  const drop = asNode(node, 'DropStmt');
  if (drop) return drop.missing_ok ? undefined : 'DROP ... IF EXISTS';
  const alterEnum = asNode(node, 'AlterEnumStmt');
  if (alterEnum?.newVal !== undefined && alterEnum.oldVal === undefined)
    return alterEnum.skipIfNewValExists ? undefined : 'ADD VALUE IF NOT EXISTS';
  for (const { command } of tableCommands(statement)) {
    switch (command.subtype) {
      case 'AT_AddColumn':
        if (!command.missing_ok) return 'ADD COLUMN IF NOT EXISTS';
        break;
      case 'AT_DropColumn':
      case 'AT_DropConstraint':
        if (!command.missing_ok)
          return command.subtype === 'AT_DropColumn' ? 'DROP COLUMN IF EXISTS' : 'DROP CONSTRAINT IF EXISTS';
        break;
      case 'AT_AddConstraint': {
        const name = asNode(command.def, 'Constraint')?.conname;
        if (name === undefined || !droppedConstraints.has(name))
          return 'a DROP CONSTRAINT IF EXISTS before ADD CONSTRAINT';
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

export const preferRobustStatements: MigrationRule = {
  kind: 'migration',
  code: 'prefer-robust-statements',
  category: 'migration',
  severity: 'warning',
  summary: 'Guard DDL with IF [NOT] EXISTS in migrations that cannot run in one transaction.',
  rationale:
    'A migration holding CREATE INDEX CONCURRENTLY (or another statement refused in a transaction) runs statement by statement. When a later statement fails, the earlier ones stay done, and running the file again fails at the first of them unless each is guarded so it can run twice.',
  fix: 'Write CREATE ... IF NOT EXISTS, ADD COLUMN IF NOT EXISTS, DROP ... IF EXISTS, and DROP CONSTRAINT IF EXISTS before ADD CONSTRAINT; or split the file so that each part can run in one transaction.',
  examples: {
    setup: 'CREATE TABLE app_user (id bigint PRIMARY KEY, email text);',
    bad: 'ALTER TABLE app_user ADD COLUMN billing_email text;\nCREATE INDEX CONCURRENTLY billing_email_idx ON app_user (billing_email);',
    good: 'ALTER TABLE app_user ADD COLUMN IF NOT EXISTS billing_email text;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS billing_email_idx ON app_user (billing_email);',
  },
  related: ['squawk: prefer-robust-stmts'],
  differences:
    'Only files that cannot run in a single transaction (they hold CONCURRENTLY, VACUUM or similar) and have more than one statement are checked; statements inside an explicit BEGIN ... COMMIT are not.',
  check(context) {
    const work = context.statements.filter((s) => !isHousekeeping(s));
    if (work.length < 2 || !work.some((s) => needsNoTransaction(s, context.targetVersion))) return;
    const dropped = new Set<string>();
    for (const statement of context.statements) {
      for (const { command } of tableCommands(statement))
        if (command.subtype === 'AT_DropConstraint' && command.missing_ok && command.name !== undefined)
          dropped.add(command.name);
      if (statement.inTransaction) continue;
      const guard = missingGuard(statement, dropped);
      if (guard === undefined) continue;
      context.report({
        statement,
        message: `this statement fails when the migration is run again after a partial failure; use ${guard}`,
      });
    }
  },
};
