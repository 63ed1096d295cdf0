// RENAME of a table (or view) in use, unless a view keeps the old name.
import type { MigrationRule } from '../../rule.ts';
import { objectText, schemaAt, tableKeyAt } from '../../sql/statement-shapes.ts';
import { asNode, rangeVarName } from '../../sql/syntax.ts';

const RELATIONS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE']);

export const renameTable: MigrationRule = {
  kind: 'migration',
  code: 'rename-table',
  category: 'migration',
  severity: 'warning',
  summary: 'Rename no table that running code uses, unless a view keeps the old name.',
  rationale:
    'Code still running during and after the deploy queries the old name and fails the moment the rename commits. A view under the old name (created in the same migration) keeps simple reads and writes working while the code moves to the new name.',
  fix: 'Create the new table, write to both, backfill, move readers, then drop the old one; or rename and CREATE VIEW old_name AS SELECT * FROM new_name in the same transaction.',
  examples: {
    setup: 'CREATE TABLE users (id bigint PRIMARY KEY, name text);',
    bad: 'ALTER TABLE users RENAME TO customers;',
    good: 'BEGIN;\nALTER TABLE users RENAME TO customers;\nCREATE VIEW users AS SELECT * FROM customers;\nCOMMIT;',
  },
  related: ['squawk: renaming-table', 'strong_migrations: rename_table', 'atlas: BC101'],
  check(context) {
    context.statements.forEach((statement, index) => {
      const rename = asNode(statement.node, 'RenameStmt');
      const table = rangeVarName(rename?.relation);
      if (!rename || !RELATIONS.has(rename.renameType ?? '') || !table) return;
      const key = tableKeyAt(context, statement, table);
      if (schemaAt(context, statement).isNewTable(key)) return;
      const keptByView = context.statements.slice(index + 1).some((later) => {
        const view = rangeVarName(asNode(later.node, 'ViewStmt')?.view);
        return view !== undefined && tableKeyAt(context, later, view) === key;
      });
      if (keptByView) return;
      context.report({
        statement,
        message: `renaming ${objectText(key)} to ${rename.newname ?? ''} breaks code that still uses the old name`,
        object: objectText(key),
      });
    });
  },
};
