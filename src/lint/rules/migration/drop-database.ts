// DROP DATABASE in a migration.
import type { MigrationRule } from '../../rule.ts';
import { asNode } from '../../sql/syntax.ts';

export const dropDatabase: MigrationRule = {
  kind: 'migration',
  code: 'drop-database',
  category: 'migration',
  severity: 'error',
  summary: 'Drop no database from a migration.',
  rationale:
    'A migration runs against every environment; DROP DATABASE there deletes a whole database and everything in it, irrecoverably.',
  fix: 'Drop databases by hand, as an operation, not from migration files.',
  examples: {
    bad: 'DROP DATABASE IF EXISTS analytics;',
    good: 'DROP TABLE IF EXISTS analytics_scratch;',
  },
  related: ['squawk: ban-drop-database'],
  check(context) {
    for (const statement of context.statements) {
      const drop = asNode(statement.node, 'DropdbStmt');
      if (!drop) continue;
      context.report({
        statement,
        message: `dropping database ${drop.dbname ?? ''} deletes it and all its data`,
        object: drop.dbname ?? '',
      });
    }
  },
};
