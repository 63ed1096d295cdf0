// ADD UNIQUE (columns) on an existing table, building the index under the table lock.
import type { MigrationRule } from '../../rule.ts';
import { addedConstraints, at, isExistingTable, objectText, tableKeyAt } from '../../sql/statement-shapes.ts';

export const addUniqueConstraintDirectly: MigrationRule = {
  kind: 'migration',
  code: 'add-unique-constraint-directly',
  category: 'migration',
  sizeDependent: true,
  severity: 'error',
  summary: 'Add a unique constraint to an existing table from a unique index built CONCURRENTLY.',
  rationale:
    'ADD CONSTRAINT ... UNIQUE (and ADD COLUMN ... UNIQUE) builds the unique index while holding an ACCESS EXCLUSIVE lock on the table: reads and writes wait for the whole build. An index built CONCURRENTLY beforehand becomes the constraint in a moment.',
  fix: 'CREATE UNIQUE INDEX CONCURRENTLY name ON t (col); then ALTER TABLE t ADD CONSTRAINT name UNIQUE USING INDEX name;',
  examples: {
    setup: 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);',
    bad: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);',
    good: 'CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;',
  },
  related: [
    'squawk: disallowed-unique-constraint',
    'strong_migrations: add_unique_constraint',
    'atlas: PG105',
  ],
  check(context) {
    for (const { statement, table, constraint, column } of addedConstraints(context)) {
      if (constraint.contype !== 'CONSTR_UNIQUE' || constraint.indexname !== undefined) continue;
      const key = tableKeyAt(context, statement, table);
      if (!isExistingTable(context, statement, key)) continue;
      const name =
        constraint.conname === undefined
          ? 'a unique constraint'
          : `the unique constraint ${constraint.conname}`;
      context.report({
        statement,
        message: `adding ${name} to ${key} builds its index under an ACCESS EXCLUSIVE lock`,
        object: objectText(key, column?.colname),
        location: at(statement, constraint.location),
      });
    }
  },
};
