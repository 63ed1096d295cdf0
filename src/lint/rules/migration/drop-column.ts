// DROP COLUMN of a column in use.
import type { MigrationRule } from '../../rule.ts';
import { allTableCommands, objectText, schemaAt, tableKeyAt } from '../../sql/statement-shapes.ts';

export const dropColumn: MigrationRule = {
  kind: 'migration',
  code: 'drop-column',
  category: 'migration',
  severity: 'error',
  summary: 'Drop a column only after no code uses it, on purpose.',
  rationale:
    'Dropping a column deletes its data for good, and code still selecting or inserting it fails as soon as the drop commits (including ORMs that list every column they know).',
  fix: 'Stop using the column in the code and deploy that first (ORMs: mark it ignored), then drop it in a later migration; keep a backup if the data may be needed.',
  examples: {
    setup: 'CREATE TABLE t (id bigint PRIMARY KEY, c integer);',
    bad: 'ALTER TABLE t DROP COLUMN c;',
    good: 'ALTER TABLE t ADD COLUMN tmp integer;\nALTER TABLE t DROP COLUMN tmp;',
  },
  related: ['squawk: ban-drop-column', 'strong_migrations: remove_column', 'atlas: DS103'],
  differences: 'A column added earlier in the same file is dropped without a finding.',
  check(context) {
    for (const { statement, table, command } of allTableCommands(context)) {
      if (command.subtype !== 'AT_DropColumn' || command.name === undefined) continue;
      const key = tableKeyAt(context, statement, table);
      if (schemaAt(context, statement).isNewColumn(key, command.name)) continue;
      context.report({
        statement,
        message: `dropping ${objectText(key, command.name)} deletes its data and breaks code that still uses it`,
        object: objectText(key, command.name),
      });
    }
  },
};
