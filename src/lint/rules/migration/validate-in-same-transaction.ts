// VALIDATE CONSTRAINT in the transaction that added the constraint NOT VALID.
import type { MigrationRule } from '../../rule.ts';
import {
  allTableCommands,
  earlierInTransaction,
  objectText,
  tableCommands,
  tableKeyAt,
} from '../../sql/statement-shapes.ts';
import { asNode } from '../../sql/syntax.ts';

export const validateInSameTransaction: MigrationRule = {
  kind: 'migration',
  code: 'validate-in-same-transaction',
  category: 'migration',
  severity: 'error',
  summary: 'Validate a NOT VALID constraint outside the transaction that added it.',
  rationale:
    'NOT VALID exists so that the scan of old rows can run under a weak lock. In the same transaction as the ADD CONSTRAINT, the stronger lock the ADD took is still held while VALIDATE scans, so the table is blocked exactly as if NOT VALID had not been written.',
  fix: 'COMMIT after ADD CONSTRAINT ... NOT VALID, and run ALTER TABLE ... VALIDATE CONSTRAINT ... in its own transaction (or a later migration).',
  examples: {
    setup:
      'CREATE TABLE app_user (id bigint PRIMARY KEY);\nCREATE TABLE app_email (id bigint PRIMARY KEY, user_id bigint);',
    bad: 'BEGIN;\nALTER TABLE app_email ADD CONSTRAINT app_email_user_fk FOREIGN KEY (user_id) REFERENCES app_user (id) NOT VALID;\nALTER TABLE app_email VALIDATE CONSTRAINT app_email_user_fk;\nCOMMIT;',
    good: 'BEGIN;\nALTER TABLE app_email ADD CONSTRAINT app_email_user_fk FOREIGN KEY (user_id) REFERENCES app_user (id) NOT VALID;\nCOMMIT;\nALTER TABLE app_email VALIDATE CONSTRAINT app_email_user_fk;',
  },
  related: ['squawk: constraint-missing-not-valid'],
  check(context) {
    for (const { statement, table, command } of allTableCommands(context)) {
      if (command.subtype !== 'AT_ValidateConstraint' || command.name === undefined) continue;
      const key = tableKeyAt(context, statement, table);
      const addedHere = earlierInTransaction(context, statement).some((earlier) => {
        for (const entry of tableCommands(earlier)) {
          const constraint = asNode(entry.command.def, 'Constraint');
          if (
            entry.command.subtype === 'AT_AddConstraint' &&
            constraint?.conname === command.name &&
            tableKeyAt(context, earlier, entry.table) === key
          )
            return true;
        }
        return false;
      });
      if (!addedHere) continue;
      context.report({
        statement,
        message: `validating ${command.name} on ${key} in the transaction that added it keeps the table locked for the whole scan`,
        object: objectText(key),
      });
    }
  },
};
