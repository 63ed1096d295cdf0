// DROP CONSTRAINT of a foreign key.
import type { MigrationRule } from '../../rule.ts';
import { allTableCommands, objectText, schemaAt, tableKeyAt } from '../../sql/statement-shapes.ts';

export const dropForeignKey: MigrationRule = {
  kind: 'migration',
  code: 'drop-foreign-key',
  category: 'migration',
  severity: 'warning',
  summary: 'Drop a foreign key only on purpose.',
  rationale:
    'Without the foreign key nothing stops rows that point at missing rows; once written, such orphans are hard to find and to fix, and queries that relied on the guarantee return wrong results.',
  fix: 'Keep the constraint, or replace it in the same migration (for a new definition: add the new one NOT VALID and validate it before dropping the old).',
  examples: {
    setup:
      "CREATE TABLE owners (id bigint PRIMARY KEY);\nCREATE TABLE pets (id bigint PRIMARY KEY, name text CONSTRAINT pets_name_check CHECK (name <> ''), owner_id bigint CONSTRAINT pets_owner_fk REFERENCES owners (id));",
    bad: 'ALTER TABLE pets DROP CONSTRAINT pets_owner_fk;',
    good: 'ALTER TABLE pets DROP CONSTRAINT pets_name_check;',
  },
  related: ['atlas: CD101'],
  differences:
    'Only constraints the linter knows to be foreign keys (from earlier files or the database) are reported.',
  check(context) {
    for (const { statement, table, command } of allTableCommands(context)) {
      if (command.subtype !== 'AT_DropConstraint' || command.name === undefined) continue;
      const key = tableKeyAt(context, statement, table);
      const schema = schemaAt(context, statement);
      const constraint = schema.table(key)?.constraints.get(command.name);
      if (constraint?.kind !== 'foreign' || constraint.addedIn === statement.file || schema.isNewTable(key))
        continue;
      context.report({
        statement,
        message: `dropping the foreign key ${command.name} on ${key} stops PostgreSQL from guarding ${constraint.columns.join(', ')}`,
        object: objectText(key),
      });
    }
  },
};
