// ALTER COLUMN ... DROP NOT NULL on a column in use.
import type { MigrationRule } from '../../rule.ts';
import { allTableCommands, objectText, schemaAt, tableKeyAt } from '../../sql/statement-shapes.ts';

export const dropNotNull: MigrationRule = {
  kind: 'migration',
  code: 'drop-not-null',
  category: 'migration',
  severity: 'warning',
  summary: 'Keep NOT NULL on columns that running code reads.',
  rationale:
    'Code written against a NOT NULL column does not expect NULL. Once NOT NULL is dropped, rows with NULL can appear while that code still runs, and it fails on them (or silently treats them as a value).',
  fix: 'Make sure every reader handles NULL and is deployed first; then drop NOT NULL in its own migration.',
  examples: {
    setup: 'CREATE TABLE bar_tbl (id bigint PRIMARY KEY, foo_col text NOT NULL);',
    bad: 'ALTER TABLE bar_tbl ALTER COLUMN foo_col DROP NOT NULL;',
    good: 'ALTER TABLE bar_tbl ADD COLUMN note text;',
  },
  related: ['squawk: ban-drop-not-null'],
  check(context) {
    for (const { statement, table, command } of allTableCommands(context)) {
      if (command.subtype !== 'AT_DropNotNull' || command.name === undefined) continue;
      const key = tableKeyAt(context, statement, table);
      if (schemaAt(context, statement).isNewColumn(key, command.name)) continue;
      context.report({
        statement,
        message: `dropping NOT NULL on ${objectText(key, command.name)} lets NULLs reach code that assumes there are none`,
        object: objectText(key, command.name),
      });
    }
  },
};
