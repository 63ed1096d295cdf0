// DROP TABLE of a table that existed before the file.
import type { MigrationRule } from '../../rule.ts';
import { objectText, rangeName, schemaAt } from '../../sql/statement-shapes.ts';
import { asNode } from '../../sql/syntax.ts';

export const dropTable: MigrationRule = {
  kind: 'migration',
  code: 'drop-table',
  category: 'migration',
  severity: 'error',
  summary: 'Drop a table only on purpose, after no code uses it.',
  rationale: 'DROP TABLE deletes the table and all its rows for good; code still using it fails at once.',
  fix: 'Stop using the table in the code and deploy that first; keep a backup (or rename it aside for a while) before dropping it in a later migration.',
  examples: {
    setup: 'CREATE TABLE pets (id bigint PRIMARY KEY);',
    bad: 'DROP TABLE pets;',
    good: 'CREATE TABLE scratch (id int);\nDROP TABLE scratch;',
  },
  related: ['squawk: ban-drop-table', 'atlas: DS102'],
  differences: 'A table created earlier in the same file is dropped without a finding.',
  check(context) {
    for (const statement of context.statements) {
      const drop = asNode(statement.node, 'DropStmt');
      if (drop?.removeType !== 'OBJECT_TABLE') continue;
      const schema = schemaAt(context, statement);
      for (const object of drop.objects ?? []) {
        const name = rangeName(object);
        if (!name) continue;
        const key = schema.tableKey(name);
        if (schema.isNewTable(key)) continue;
        context.report({
          statement,
          message: `dropping ${objectText(key)} deletes the table and its data`,
          object: objectText(key),
        });
      }
    }
  },
};
