import { analyzeModel } from '../../model/analysis.ts';
import { isBuiltin } from '../../model/column-types.ts';
import { listOption } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

export const booleanWithoutPrefix: ModelRule = {
  kind: 'model',
  code: 'boolean-without-prefix',
  category: 'naming',
  severity: 'info',
  optIn: true,
  summary: 'Boolean columns read as a question: is_active, has_paid, can_edit.',
  rationale:
    "A prefix makes the column's meaning and type plain where it is used (`WHERE is_active`), and tells flags apart from other columns with similar names (`active` could be a date or a count).",
  fix: 'Rename the column with one of the prefixes (deleted -> is_deleted), with `renamedFrom:`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: premium, type: boolean, notNull: true, default: false }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: is_premium, type: boolean, notNull: true, default: false }
        primaryKey: { columns: [id] }
`,
  },
  options: {
    prefixes: {
      description: 'Accepted beginnings of boolean column names.',
      default: ['is_', 'has_', 'can_', 'should_', 'was_', 'allows_', 'needs_'],
    },
  },
  check(context) {
    const prefixes = listOption(context, 'prefixes');
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        if (!isBuiltin(column.baseType, 'bool')) continue;
        if (prefixes.some((prefix) => column.name.startsWith(prefix))) continue;
        context.report({
          message: `boolean column ${column.object} does not start with ${prefixes.join(', ')}`,
          path: [...column.path, 'name'],
          object: column.object,
          fix: `rename to ${prefixes[0] ?? 'is_'}${column.name} (renamedFrom: ${column.name})`,
        });
      }
    }
  },
};
