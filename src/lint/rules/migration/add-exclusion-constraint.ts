// ADD EXCLUDE on an existing table.
import type { MigrationRule } from '../../rule.ts';
import { addedConstraints, at, isExistingTable, objectText, tableKeyAt } from '../../sql/statement-shapes.ts';

export const addExclusionConstraint: MigrationRule = {
  kind: 'migration',
  code: 'add-exclusion-constraint',
  category: 'migration',
  sizeDependent: true,
  severity: 'error',
  summary: 'Add no exclusion constraint to an existing table in use.',
  rationale:
    'An exclusion constraint builds its index and checks every existing row under an ACCESS EXCLUSIVE lock, and unlike CHECK and FOREIGN KEY it has no NOT VALID form and cannot take over an index built concurrently: the table is blocked for the whole build.',
  fix: 'Declare exclusion constraints when the table is created; on a table in use, add it in a maintenance window, or enforce the rule differently (a unique index built CONCURRENTLY, a trigger).',
  examples: {
    setup: 'CREATE TABLE reservations (id bigint PRIMARY KEY, during tsrange NOT NULL);',
    bad: 'ALTER TABLE reservations ADD CONSTRAINT reservations_during_excl EXCLUDE USING gist (during WITH &&);',
    good: 'CREATE TABLE bookings (\n  id bigint PRIMARY KEY,\n  during tsrange NOT NULL,\n  CONSTRAINT bookings_during_excl EXCLUDE USING gist (during WITH &&)\n);',
  },
  related: ['strong_migrations: add_exclusion_constraint'],
  check(context) {
    for (const { statement, table, constraint } of addedConstraints(context)) {
      if (constraint.contype !== 'CONSTR_EXCLUSION') continue;
      const key = tableKeyAt(context, statement, table);
      if (!isExistingTable(context, statement, key)) continue;
      context.report({
        statement,
        message: `adding the exclusion constraint ${constraint.conname ?? 'on ' + key} to ${key} builds an index and checks every row under an ACCESS EXCLUSIVE lock`,
        object: objectText(key),
        location: at(statement, constraint.location),
      });
    }
  },
};
