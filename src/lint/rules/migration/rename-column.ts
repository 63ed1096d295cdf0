// RENAME COLUMN on a column in use.
import type { MigrationRule } from '../../rule.ts';
import { objectText, schemaAt, tableKeyAt } from '../../sql/statement-shapes.ts';
import { asNode, rangeVarName } from '../../sql/syntax.ts';

export const renameColumn: MigrationRule = {
  kind: 'migration',
  code: 'rename-column',
  category: 'migration',
  severity: 'warning',
  summary: 'Rename no column that running code uses.',
  rationale:
    'Application code still running during and after the deploy queries the old name and fails the moment the rename commits. A rename is only safe when nothing uses the column, which a migration cannot know.',
  fix: 'Add the new column, write to both (trigger or application), backfill, move readers to the new name, then drop the old column in a later migration.',
  examples: {
    setup: 'CREATE TABLE users (id bigint PRIMARY KEY, user_name text);',
    bad: 'ALTER TABLE users RENAME COLUMN user_name TO name;',
    good: 'ALTER TABLE users ADD COLUMN name text;',
  },
  related: ['squawk: renaming-column', 'strong_migrations: rename_column', 'atlas: BC102'],
  check(context) {
    for (const statement of context.statements) {
      const rename = asNode(statement.node, 'RenameStmt');
      const table = rangeVarName(rename?.relation);
      if (rename?.renameType !== 'OBJECT_COLUMN' || !table || rename.subname === undefined) continue;
      if (rename.relationType !== 'OBJECT_TABLE' && rename.relationType !== 'OBJECT_FOREIGN_TABLE') continue;
      const key = tableKeyAt(context, statement, table);
      if (schemaAt(context, statement).isNewColumn(key, rename.subname)) continue;
      context.report({
        statement,
        message: `renaming ${objectText(key, rename.subname)} to ${rename.newname ?? ''} breaks code that still uses the old name`,
        object: objectText(key, rename.subname),
      });
    }
  },
};
