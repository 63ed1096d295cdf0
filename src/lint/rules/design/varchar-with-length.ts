import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const varcharWithLength: ModelRule = {
  kind: 'model',
  code: 'varchar-with-length',
  category: 'design',
  severity: 'info',
  summary: 'Strings are text (with a CHECK when a limit is a business rule), not varchar(n).',
  rationale:
    'In PostgreSQL varchar(n) is text with a length check: no faster and stored the same way. Its limit is usually an arbitrary 255 that rejects valid data, and raising it later is a schema change on every table that repeats it; lowering it rewrites the table. A CHECK on char_length says the rule once and can be changed without a rewrite (NOT VALID, then VALIDATE).',
  fix: 'Change the type to `text`; where the limit is a real rule, add `checks: [{ expression: "char_length(col) <= n" }]`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      clients:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: last_name, type: varchar(255), notNull: true }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      clients:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: last_name, type: text, notNull: true }
        primaryKey: { columns: [id] }
        checks:
          - { expression: "char_length(last_name) <= 200" }
`,
  },
  related: [
    'squawk: prefer-text-field',
    'schemalint: prefer-text-to-varchar',
    'pg-index-health: columns_with_fixed_length_varchar',
  ],
  differences:
    'Unbounded varchar (no length) is not reported: it is text under another name. schemalint reports it; Squawk and pg-index-health do not. Projects that prefer varchar(n) turn this rule off and may turn on text-without-length-limit.',
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        const type = column.type;
        if (!type.builtin || type.name !== 'varchar' || type.modifiers === '') continue;
        context.report({
          message: `column ${column.object} is varchar(${type.modifiers})`,
          path: [...column.path, 'type'],
          object: column.object,
          fix: `type: text${type.array ? '[]' : ''}${type.array ? '' : `, and checks: [{ expression: "char_length(${column.name}) <= ${type.modifiers}" }] if the limit is a rule`}`,
        });
      }
    }
  },
};
