// CREATE DOMAIN with CHECK or NOT NULL constraints.
import type { MigrationRule } from '../../rule.ts';
import { asNode, displayName, listName, stringsOf } from '../../sql/syntax.ts';

export const createDomainWithConstraint: MigrationRule = {
  kind: 'migration',
  code: 'create-domain-with-constraint',
  category: 'migration',
  severity: 'info',
  summary: 'Put constraints on columns, not on domains.',
  rationale:
    'A constraint on a domain is hard to change later: replacing it rechecks every column of the domain in every table at once, under locks, with no way to do it table by table. A CHECK on each column can be changed one table at a time, NOT VALID first.',
  fix: 'CREATE DOMAIN without CHECK or NOT NULL (or use the base type), and add CHECK constraints to the columns that need them.',
  examples: {
    bad: 'CREATE DOMAIN price AS numeric(15,5) CHECK (VALUE > 0);',
    good: 'CREATE DOMAIN price AS numeric(15,5);',
  },
  related: ['squawk: ban-create-domain-with-constraint'],
  check(context) {
    for (const statement of context.statements) {
      const create = asNode(statement.node, 'CreateDomainStmt');
      const name = listName(stringsOf(create?.domainname));
      if (!create || !name) continue;
      const constrained = (create.constraints ?? []).some((c) => {
        const type = asNode(c, 'Constraint')?.contype;
        return type === 'CONSTR_CHECK' || type === 'CONSTR_NOTNULL';
      });
      if (!constrained) continue;
      context.report({
        statement,
        message: `domain ${displayName(name)} is created with a constraint that later changes must recheck in every table at once`,
        object: displayName(name),
      });
    }
  },
};
