// ADD CHECK on an existing table without NOT VALID.
import type { MigrationRule } from '../../rule.ts';
import { addedConstraints, at, isExistingTable, objectText, tableKeyAt } from '../../sql/statement-shapes.ts';

export const addCheckValidated: MigrationRule = {
  kind: 'migration',
  code: 'add-check-validated',
  category: 'migration',
  sizeDependent: true,
  severity: 'error',
  summary: 'Add a CHECK constraint to an existing table NOT VALID, and validate it in a later step.',
  rationale:
    'Adding a CHECK constraint reads every existing row to verify it while holding an ACCESS EXCLUSIVE lock: reads and writes wait for the whole scan. Added NOT VALID it applies to new rows at once, and VALIDATE CONSTRAINT later checks the old rows under a SHARE UPDATE EXCLUSIVE lock that lets traffic through.',
  fix: 'ALTER TABLE ... ADD CONSTRAINT ... CHECK (...) NOT VALID; then ALTER TABLE ... VALIDATE CONSTRAINT ... outside that transaction.',
  examples: {
    setup: 'CREATE TABLE accounts (id bigint PRIMARY KEY, balance numeric NOT NULL);',
    bad: 'ALTER TABLE accounts ADD CONSTRAINT positive_balance CHECK (balance >= 0);',
    good: 'ALTER TABLE accounts ADD CONSTRAINT positive_balance CHECK (balance >= 0) NOT VALID;\nALTER TABLE accounts VALIDATE CONSTRAINT positive_balance;',
  },
  related: [
    'squawk: constraint-missing-not-valid',
    'strong_migrations: add_check_constraint',
    'atlas: PG305',
  ],
  check(context) {
    for (const { statement, table, constraint, column } of addedConstraints(context)) {
      if (constraint.contype !== 'CONSTR_CHECK' || constraint.skip_validation === true) continue;
      const key = tableKeyAt(context, statement, table);
      if (!isExistingTable(context, statement, key)) continue;
      const name =
        constraint.conname === undefined
          ? 'a CHECK constraint'
          : `the CHECK constraint ${constraint.conname}`;
      context.report({
        statement,
        message: `adding ${name} to ${key} scans the table under an ACCESS EXCLUSIVE lock`,
        object: objectText(key, column?.colname),
        location: at(statement, constraint.location),
      });
    }
  },
};
