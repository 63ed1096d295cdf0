// ALTER TYPE ... RENAME VALUE on an enum in use.
import type { MigrationRule } from '../../rule.ts';
import { schemaAt } from '../../sql/statement-shapes.ts';
import { asNode, displayName, listName, stringsOf } from '../../sql/syntax.ts';

export const renameEnumValue: MigrationRule = {
  kind: 'migration',
  code: 'rename-enum-value',
  category: 'migration',
  severity: 'warning',
  summary: 'Rename no enum value that running code uses.',
  rationale:
    'Code still running writes and compares the old label; after the rename, inserting it fails with an invalid input value and comparisons silently stop matching.',
  fix: 'Add the new value (ADD VALUE ... AFTER the old one), move the code and the rows to it, and stop using the old value (enum values cannot be dropped).',
  examples: {
    setup: "CREATE TYPE status AS ENUM ('draft', 'done');",
    bad: "ALTER TYPE status RENAME VALUE 'done' TO 'completed';",
    good: "ALTER TYPE status ADD VALUE 'completed' AFTER 'done';",
  },
  related: ['strong_migrations: rename_enum_value'],
  check(context) {
    for (const statement of context.statements) {
      const alter = asNode(statement.node, 'AlterEnumStmt');
      const name = listName(stringsOf(alter?.typeName));
      if (!alter || !name || alter.oldVal === undefined) continue;
      if (schemaAt(context, statement).type(name)?.createdIn === statement.file) continue;
      context.report({
        statement,
        message: `renaming value '${alter.oldVal}' of enum ${displayName(name)} breaks code that still uses it`,
        object: displayName(name),
      });
    }
  },
};
