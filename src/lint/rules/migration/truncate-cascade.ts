// TRUNCATE ... CASCADE.
import type { MigrationRule } from '../../rule.ts';
import { objectText, tableKeyAt } from '../../sql/statement-shapes.ts';
import { asNode, rangeVarName } from '../../sql/syntax.ts';

export const truncateCascade: MigrationRule = {
  kind: 'migration',
  code: 'truncate-cascade',
  category: 'migration',
  severity: 'error',
  summary: 'Truncate no table with CASCADE.',
  rationale:
    'TRUNCATE ... CASCADE also empties every table with a foreign key to the named ones, and the tables referencing those, recursively: data in tables the statement never names is deleted.',
  fix: 'Name every table to empty in the TRUNCATE, without CASCADE, so the statement says what it deletes.',
  examples: {
    setup: 'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int, a_id int REFERENCES a (id));',
    bad: 'TRUNCATE a CASCADE;',
    good: 'TRUNCATE a, b;',
  },
  related: ['squawk: ban-truncate-cascade'],
  check(context) {
    for (const statement of context.statements) {
      const truncate = asNode(statement.node, 'TruncateStmt');
      if (truncate?.behavior !== 'DROP_CASCADE') continue;
      const tables = (truncate.relations ?? [])
        .map((relation) => rangeVarName(asNode(relation, 'RangeVar')))
        .filter((name) => name !== undefined)
        .map((name) => tableKeyAt(context, statement, name));
      context.report({
        statement,
        message: `TRUNCATE ${tables.join(', ')} CASCADE also empties every table that references them`,
        object: objectText(tables[0] ?? ''),
      });
    }
  },
};
