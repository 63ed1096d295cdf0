// Running a plan: statements grouped into transactions, split where a statement cannot run in one
// or where a later statement needs an earlier one committed. The SQL script form has the same groups.
import { readDatabaseError, type Database, type DatabaseError } from '../../../db/database.ts';
import { commentText } from '../quote.ts';
import { describeHazards, type PlannedStatement } from './planned-statement.ts';

/** Consecutive statements that run in one transaction, or one statement that runs alone. */
export interface StatementGroup {
  transactional: boolean;
  statements: PlannedStatement[];
}

export function groupStatements(statements: readonly PlannedStatement[]): StatementGroup[] {
  const groups: StatementGroup[] = [];
  let current: StatementGroup | undefined;
  for (const s of statements) {
    if (!s.hazards.transactional) {
      current = undefined;
      groups.push({ transactional: false, statements: [s] });
      continue;
    }
    if (current === undefined) {
      current = { transactional: true, statements: [] };
      groups.push(current);
    }
    current.statements.push(s);
    if (s.commitAfter === true) current = undefined;
  }
  return groups;
}

/** The plan as a SQL script: each statement after a comment naming its change and hazards. */
export function renderPlanSql(statements: readonly PlannedStatement[]): string {
  if (statements.length === 0) return '-- no changes\n';
  const parts = ['SET search_path TO public;'];
  for (const group of groupStatements(statements)) {
    const body = group.statements.map((s) => {
      const hazards = describeHazards(s.hazards);
      return `-- ${commentText(s.change)}${hazards.length > 0 ? `\n--   ${commentText(hazards.join('; '))}` : ''}\n${s.sql}`;
    });
    parts.push(group.transactional ? ['BEGIN;', ...body, 'COMMIT;'].join('\n\n') : body.join('\n\n'));
  }
  return `${parts.join('\n\n')}\n`;
}

export interface ApplyFailure {
  /** Position of the failing statement in the plan, from 0. */
  index: number;
  statement: PlannedStatement;
  error: DatabaseError;
}

/** Runs the statements; a failing transaction is rolled back and the failure returned. */
export async function applyStatements(
  db: Database,
  statements: readonly PlannedStatement[],
  /** Told how many statements have run, after each one. */
  onApplied?: (done: number) => void,
): Promise<ApplyFailure | undefined> {
  await db.exec('SET search_path TO public');
  let index = 0;
  for (const group of groupStatements(statements)) {
    if (group.transactional) await db.exec('BEGIN');
    for (const s of group.statements) {
      try {
        await db.exec(s.sql);
      } catch (error) {
        if (group.transactional) await db.exec('ROLLBACK');
        return { index, statement: s, error: readDatabaseError(error) };
      }
      index++;
      onApplied?.(index);
    }
    if (group.transactional) await db.exec('COMMIT');
  }
  return undefined;
}
