import { QUOTED_KEYWORDS } from '../../../dialects/postgres/keywords.ts';
import { givenNames } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

export const reservedWordIdentifier: ModelRule = {
  kind: 'model',
  code: 'reserved-word-identifier',
  category: 'naming',
  severity: 'warning',
  summary: 'Names are not SQL keywords that need quoting (user, order, group, table).',
  rationale:
    'A table called user or a column called order must be double-quoted in every query; unquoted, `SELECT * FROM user` silently returns the current role instead of the table. Tools and ORMs that forget the quotes fail in confusing ways.',
  fix: 'Rename (user -> app_user or users, order -> sort_order or orders), with `renamedFrom:`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      user:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: order, type: integer, notNull: true }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      users:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: sort_order, type: integer, notNull: true }
        primaryKey: { columns: [id] }
`,
  },
  related: ['schemalint: (reserved names)'],
  check(context) {
    for (const given of givenNames(context)) {
      if (!QUOTED_KEYWORDS.has(given.name)) continue;
      context.report({
        message: `${given.kind} name "${given.name}" (${given.object}) is an SQL keyword and must always be quoted`,
        path: given.path,
        object: given.object,
      });
    }
  },
};
