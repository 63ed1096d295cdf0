// ALTER SCHEMA ... RENAME on a schema in use.
import type { MigrationRule } from '../../rule.ts';
import { schemaAt } from '../../sql/statement-shapes.ts';
import { asNode } from '../../sql/syntax.ts';

export const renameSchema: MigrationRule = {
  kind: 'migration',
  code: 'rename-schema',
  category: 'migration',
  severity: 'warning',
  summary: 'Rename no schema that running code uses.',
  rationale:
    'Every qualified name and search_path that mentions the schema breaks the moment the rename commits, for all the code still running.',
  fix: 'Create the new schema, move or recreate the objects there while the old names keep working (views), move the code over, then drop the old schema.',
  examples: {
    setup: 'CREATE SCHEMA users;',
    bad: 'ALTER SCHEMA users RENAME TO customers;',
    good: 'CREATE SCHEMA customers;',
  },
  related: ['strong_migrations: rename_schema'],
  check(context) {
    for (const statement of context.statements) {
      const rename = asNode(statement.node, 'RenameStmt');
      if (rename?.renameType !== 'OBJECT_SCHEMA' || rename.subname === undefined) continue;
      if (schemaAt(context, statement).isNewSchema(rename.subname)) continue;
      context.report({
        statement,
        message: `renaming schema ${rename.subname} to ${rename.newname ?? ''} breaks code that still uses the old name`,
        object: rename.subname,
      });
    }
  },
};
