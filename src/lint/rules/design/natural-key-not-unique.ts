import { analyzeModel, type TableInfo } from '../../model/analysis.ts';
import { columnsOfText } from '../../model/expressions.ts';
import { listOption } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

/** Tables of people and accounts, where an e-mail address identifies the row. */
export const PERSON_TABLE =
  /(^|_)(users?|accounts?|members?|customers?|clients?|people|persons?|employees?|contacts?|subscribers?|profiles?|logins?|admins?|authors?|owners?)$/;

/** Whether some unique constraint or index covers the column (alone, with others, or in an expression). */
export function uniqueCovers(table: TableInfo, column: string): boolean {
  return table.indexes.some(
    (index) =>
      index.unique &&
      index.keys.some((key) =>
        key.column !== undefined ? key.column === column : columnsOfText(key.expression ?? '').has(column),
      ),
  );
}

export function naturalKeyColumns(
  table: TableInfo,
  identifying: readonly string[],
  emails: readonly string[],
) {
  const person = PERSON_TABLE.test(table.name);
  return table.columns.filter(
    (column) => identifying.includes(column.name) || (person && emails.includes(column.name)),
  );
}

export const naturalKeyNotUnique: ModelRule = {
  kind: 'model',
  code: 'natural-key-not-unique',
  category: 'design',
  severity: 'warning',
  summary: 'Natural keys (username, login, slug; e-mail of users and accounts) are unique.',
  rationale:
    'With a surrogate primary key, nothing stops two rows for the same user: sign-up races and retries create duplicates, and "find by e-mail" returns two rows. The natural key of the row needs its own unique constraint.',
  fix: 'Add `uniques: [{ columns: [email] }]`, or for case-insensitive values a unique index on `lower(email)` (or the citext type).',
  examples: {
    bad: `schemas:
  public:
    tables:
      users:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: username, type: text, notNull: true }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      users:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: username, type: text, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [{ expression: lower(username) }], unique: true }
`,
  },
  options: {
    columns: {
      description: 'Column names that identify a row wherever they appear.',
      default: ['username', 'user_name', 'login', 'handle', 'slug'],
    },
    emailColumns: {
      description:
        'Column names that identify a row in tables of people and accounts (users, customers, ...).',
      default: ['email', 'email_address'],
    },
  },
  check(context) {
    const identifying = listOption(context, 'columns');
    const emails = listOption(context, 'emailColumns');
    for (const table of analyzeModel(context.model).tables) {
      for (const column of naturalKeyColumns(table, identifying, emails)) {
        if (uniqueCovers(table, column.name)) continue;
        context.report({
          message: `natural key ${column.object} is not unique`,
          path: column.path,
          object: column.object,
          fix: `uniques: [{ columns: [${column.name}] }]`,
        });
      }
    }
  },
};
