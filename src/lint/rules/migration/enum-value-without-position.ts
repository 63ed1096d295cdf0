// ALTER TYPE ... ADD VALUE without BEFORE or AFTER (opt-in).
import type { MigrationRule } from '../../rule.ts';
import { schemaAt } from '../../sql/statement-shapes.ts';
import { asNode, displayName, listName, stringsOf } from '../../sql/syntax.ts';

export const enumValueWithoutPosition: MigrationRule = {
  kind: 'migration',
  code: 'enum-value-without-position',
  category: 'migration',
  severity: 'info',
  optIn: true,
  summary: 'Say where a new enum value goes with BEFORE or AFTER.',
  rationale:
    'Enum values sort in the order they were declared, and ORDER BY and comparisons on the column follow that order. ADD VALUE without a position puts the value last, which is often not where it belongs among the others.',
  fix: "ALTER TYPE ... ADD VALUE 'new' BEFORE 'existing' (or AFTER), naming its place in the order.",
  examples: {
    setup: "CREATE TYPE ticket_status AS ENUM ('open', 'closed');",
    bad: "ALTER TYPE ticket_status ADD VALUE 'in_progress';",
    good: "ALTER TYPE ticket_status ADD VALUE 'in_progress' BEFORE 'closed';",
  },
  related: ['squawk: require-enum-value-ordering'],
  check(context) {
    for (const statement of context.statements) {
      const alter = asNode(statement.node, 'AlterEnumStmt');
      const name = listName(stringsOf(alter?.typeName));
      if (!alter || !name || alter.oldVal !== undefined || alter.newVal === undefined) continue;
      if (alter.newValNeighbor !== undefined) continue;
      if (schemaAt(context, statement).type(name)?.createdIn === statement.file) continue;
      context.report({
        statement,
        message: `value '${alter.newVal}' is added to enum ${displayName(name)} without BEFORE or AFTER, so it sorts last`,
        object: displayName(name),
      });
    }
  },
};
