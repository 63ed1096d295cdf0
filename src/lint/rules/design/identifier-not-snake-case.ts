import { givenNames } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

const SNAKE_CASE = /^[a-z_][a-z0-9_]*$/;

export const identifierNotSnakeCase: ModelRule = {
  kind: 'model',
  code: 'identifier-not-snake-case',
  category: 'naming',
  severity: 'warning',
  summary: 'Names are lower snake_case (no capitals, spaces or dashes).',
  rationale:
    'PostgreSQL folds unquoted names to lower case, so a name with capitals (FirstName) or other characters must be double-quoted in every query, by every tool and developer, forever; forgetting the quotes gives "column firstname does not exist". lower_snake_case needs no quoting.',
  fix: 'Rename to lower snake_case (FirstName -> first_name), with `renamedFrom:` so the change is a rename.',
  examples: {
    bad: `schemas:
  public:
    tables:
      Clients:
        columns:
          - { name: Id, type: bigint, identity: { generation: always } }
          - { name: FirstName, type: text, notNull: true }
        primaryKey: { columns: [Id] }
`,
    good: `schemas:
  public:
    tables:
      clients:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: first_name, type: text, notNull: true }
        primaryKey: { columns: [id] }
`,
  },
  related: [
    'pg-index-health: objects_not_following_naming_convention',
    'pg-index-health: columns_not_following_naming_convention',
    'schemalint: name-casing',
  ],
  check(context) {
    for (const given of givenNames(context)) {
      if (SNAKE_CASE.test(given.name)) continue;
      const suggestion = given.name
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .toLowerCase()
        .replace(/[^a-z0-9_]+/g, '_');
      context.report({
        message: `${given.kind} name "${given.name}" (${given.object}) is not lower snake_case`,
        path: given.path,
        object: given.object,
        fix: `rename to ${suggestion}`,
      });
    }
  },
};
