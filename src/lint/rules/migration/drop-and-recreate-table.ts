// DROP TABLE of an existing table followed by CREATE TABLE of the same name.
import type { MigrationRule } from '../../rule.ts';
import { objectText, rangeName, schemaAt, tableKeyAt } from '../../sql/statement-shapes.ts';
import { asNode, rangeVarName } from '../../sql/syntax.ts';

export const dropAndRecreateTable: MigrationRule = {
  kind: 'migration',
  code: 'drop-and-recreate-table',
  category: 'migration',
  severity: 'error',
  summary: 'Create a table without first dropping one of the same name.',
  rationale:
    'DROP TABLE IF EXISTS ... followed by CREATE TABLE (what some frameworks emit for a forced create) looks like creating a table, but on a database where the table exists it silently throws away the table and all its rows.',
  fix: 'Use CREATE TABLE alone (it fails when the table exists, which is what you want to know) or CREATE TABLE IF NOT EXISTS; change an existing table with ALTER TABLE.',
  examples: {
    setup: 'CREATE TABLE users (id bigint PRIMARY KEY, name text);',
    bad: 'DROP TABLE IF EXISTS users CASCADE;\nCREATE TABLE users (id bigint PRIMARY KEY, name text);',
    good: 'CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, name text);',
  },
  related: ['strong_migrations: create_table (force)'],
  check(context) {
    context.statements.forEach((statement, index) => {
      const drop = asNode(statement.node, 'DropStmt');
      if (drop?.removeType !== 'OBJECT_TABLE') return;
      const schema = schemaAt(context, statement);
      for (const object of drop.objects ?? []) {
        const name = rangeName(object);
        if (!name) continue;
        const key = schema.tableKey(name);
        if (schema.isNewTable(key)) continue;
        const recreated = context.statements.slice(index + 1).some((later) => {
          const created = rangeVarName(asNode(later.node, 'CreateStmt')?.relation);
          return created !== undefined && tableKeyAt(context, later, created) === key;
        });
        if (!recreated) continue;
        context.report({
          statement,
          message: `dropping and recreating ${objectText(key)} throws away the existing table and its rows`,
          object: objectText(key),
        });
      }
    });
  },
};
