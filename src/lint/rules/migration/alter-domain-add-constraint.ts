// ALTER DOMAIN ... ADD CONSTRAINT that checks every column using the domain.
import type { MigrationRule } from '../../rule.ts';
import { schemaAt } from '../../sql/statement-shapes.ts';
import { asNode, displayName, listName, stringsOf } from '../../sql/syntax.ts';

export const alterDomainAddConstraint: MigrationRule = {
  kind: 'migration',
  code: 'alter-domain-add-constraint',
  category: 'migration',
  sizeDependent: true,
  severity: 'warning',
  summary: 'Add domain constraints NOT VALID, or put the rule on the columns.',
  rationale:
    'ALTER DOMAIN ... ADD CONSTRAINT checks every row of every table with a column of that domain, holding locks on all of them for the whole scan; the tables it touches are not named anywhere in the migration.',
  fix: 'ADD CONSTRAINT ... NOT VALID and VALIDATE CONSTRAINT later, or add CHECK constraints to the columns (NOT VALID, then VALIDATE).',
  examples: {
    setup: 'CREATE DOMAIN quantity AS integer;',
    bad: 'ALTER DOMAIN quantity ADD CONSTRAINT quantity_positive CHECK (VALUE > 0);',
    good: 'ALTER DOMAIN quantity ADD CONSTRAINT quantity_positive CHECK (VALUE > 0) NOT VALID;',
  },
  related: ['squawk: ban-alter-domain-with-add-constraint'],
  check(context) {
    for (const statement of context.statements) {
      const alter = asNode(statement.node, 'AlterDomainStmt');
      const name = listName(stringsOf(alter?.typeName));
      if (!alter || !name || alter.subtype !== 'C') continue;
      const constraint = asNode(alter.def, 'Constraint');
      if (constraint?.skip_validation) continue;
      if (schemaAt(context, statement).type(name)?.createdIn === statement.file) continue;
      context.report({
        statement,
        message: `adding a constraint to domain ${displayName(name)} checks every column of that domain in every table`,
        object: displayName(name),
      });
    }
  },
};
