// ADD FOREIGN KEY on an existing table without NOT VALID.
import type { MigrationRule } from '../../rule.ts';
import { addedConstraints, at, isExistingTable, objectText, tableKeyAt } from '../../sql/statement-shapes.ts';
import { displayName, rangeVarName } from '../../sql/syntax.ts';

export const addForeignKeyValidated: MigrationRule = {
  kind: 'migration',
  code: 'add-foreign-key-validated',
  category: 'migration',
  sizeDependent: true,
  severity: 'error',
  summary: 'Add a foreign key to an existing table NOT VALID, and validate it in a later step.',
  rationale:
    'Adding a foreign key checks every existing row while holding a SHARE ROW EXCLUSIVE lock on both the table and the table it references: writes to both wait for the whole scan. Added NOT VALID, the constraint holds for new rows at once and the check of old rows can run later under a lock that lets writes through.',
  fix: 'ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID; then, in a later migration (or at least outside that transaction), ALTER TABLE ... VALIDATE CONSTRAINT ....',
  examples: {
    setup:
      'CREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE TABLE users (id bigint PRIMARY KEY, order_id bigint);',
    bad: 'ALTER TABLE users ADD CONSTRAINT users_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);',
    good: 'ALTER TABLE users ADD CONSTRAINT users_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_order_fk;',
  },
  related: [
    'squawk: adding-foreign-key-constraint',
    'squawk: constraint-missing-not-valid',
    'strong_migrations: add_foreign_key',
    'atlas: PG306',
  ],
  differences:
    'A REFERENCES clause on an added column is reported too: it cannot be NOT VALID, so it is added in its own step.',
  check(context) {
    for (const { statement, table, constraint, column } of addedConstraints(context)) {
      if (constraint.contype !== 'CONSTR_FOREIGN' || constraint.skip_validation === true) continue;
      const key = tableKeyAt(context, statement, table);
      if (!isExistingTable(context, statement, key)) continue;
      const target = rangeVarName(constraint.pktable);
      const name = constraint.conname ?? (column ? `on column ${column.colname ?? ''}` : 'foreign key');
      context.report({
        statement,
        message: `adding the foreign key ${name} on ${key}${target ? ` to ${displayName(target)}` : ''} scans the table while blocking writes to both tables`,
        object: objectText(key, column?.colname),
        location: at(statement, constraint.location),
      });
    }
  },
};
