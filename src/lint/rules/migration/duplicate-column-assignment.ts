// The same column assigned twice in one UPDATE or INSERT.
import type { MigrationRule } from '../../rule.ts';
import { asNode } from '../../sql/syntax.ts';

export const duplicateColumnAssignment: MigrationRule = {
  kind: 'migration',
  code: 'duplicate-column-assignment',
  category: 'migration',
  severity: 'error',
  summary: 'Assign each column once per UPDATE or INSERT.',
  rationale:
    'PostgreSQL rejects an UPDATE or INSERT that sets the same column twice (multiple assignments to same column), so the migration fails; the duplicate is usually a copy-paste slip hiding the intended column.',
  fix: 'Remove the repeated assignment, or assign the column that was meant.',
  examples: {
    setup: 'CREATE TABLE k (a int, b int);',
    bad: 'UPDATE k SET a = 1, a = 2;',
    good: 'UPDATE k SET a = 1, b = 2;',
  },
  related: ['squawk: ban-duplicate-column-assignments'],
  check(context) {
    for (const statement of context.statements) {
      const update = asNode(statement.node, 'UpdateStmt');
      const insert = asNode(statement.node, 'InsertStmt');
      const targets = update?.targetList ?? insert?.cols ?? [];
      const seen = new Set<string>();
      const reported = new Set<string>();
      for (const target of targets) {
        const entry = asNode(target, 'ResTarget');
        // Assignments to parts of a column (a[1], a.field) may repeat.
        if (entry?.name === undefined || (entry.indirection?.length ?? 0) > 0) continue;
        if (seen.has(entry.name) && !reported.has(entry.name)) {
          reported.add(entry.name);
          context.report({
            statement,
            message: `column ${entry.name} is assigned more than once; PostgreSQL rejects the statement`,
          });
        }
        seen.add(entry.name);
      }
    }
  },
};
