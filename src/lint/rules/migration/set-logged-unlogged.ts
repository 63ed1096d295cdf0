// SET LOGGED / SET UNLOGGED on an existing table.
import type { MigrationRule } from '../../rule.ts';
import { allTableCommands, isExistingTable, tableKeyAt } from '../../sql/statement-shapes.ts';

export const setLoggedUnlogged: MigrationRule = {
  kind: 'migration',
  code: 'set-logged-unlogged',
  category: 'migration',
  sizeDependent: true,
  severity: 'error',
  summary: 'Switch no table in use between LOGGED and UNLOGGED.',
  rationale:
    'SET LOGGED and SET UNLOGGED rewrite the whole table (and SET LOGGED writes all of it to the WAL) under an ACCESS EXCLUSIVE lock; an unlogged table also loses its contents after a crash and is not replicated.',
  fix: 'Decide persistence when the table is created; to change it on a large table, create a new table and move the rows in batches.',
  examples: {
    setup: 'CREATE UNLOGGED TABLE import_rows (id bigint PRIMARY KEY, payload jsonb);',
    bad: 'ALTER TABLE import_rows SET LOGGED;',
    good: 'CREATE TABLE import_rows_logged (LIKE import_rows INCLUDING ALL);',
  },
  check(context) {
    for (const { statement, table, command } of allTableCommands(context)) {
      if (command.subtype !== 'AT_SetLogged' && command.subtype !== 'AT_SetUnLogged') continue;
      const key = tableKeyAt(context, statement, table);
      if (!isExistingTable(context, statement, key)) continue;
      const to = command.subtype === 'AT_SetLogged' ? 'LOGGED' : 'UNLOGGED';
      context.report({
        statement,
        message: `SET ${to} rewrites ${key} under an ACCESS EXCLUSIVE lock`,
        object: key,
      });
    }
  },
};
