import { analyzeModel } from '../../model/analysis.ts';
import { isBuiltin } from '../../model/column-types.ts';
import { isBlank } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

export const nullableBoolean: ModelRule = {
  kind: 'model',
  code: 'nullable-boolean',
  category: 'design',
  severity: 'info',
  summary: 'Boolean columns are NOT NULL with a default, unless a third state is meant and described.',
  rationale:
    'A nullable boolean has three states, and `WHERE NOT flag` silently skips the NULL rows. Usually the third state is an accident of a missing default. When it means something ("not answered"), the column description should say what.',
  fix: 'Add `notNull: true` and `default: false`, or describe what NULL means in `description`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: is_premium, type: boolean }
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
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        if (column.notNull || !isBuiltin(column.baseType, 'bool')) continue;
        if (!isBlank(column.column.description)) continue;
        context.report({
          message: `boolean column ${column.object} allows NULL`,
          path: column.path,
          object: column.object,
          fix: `notNull: true, default: false (or describe what NULL means)`,
        });
      }
    }
  },
};
