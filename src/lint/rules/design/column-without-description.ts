import { analyzeModel } from '../../model/analysis.ts';
import { isBlank } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

export const columnWithoutDescription: ModelRule = {
  kind: 'model',
  code: 'column-without-description',
  category: 'documentation',
  severity: 'info',
  optIn: true,
  summary: 'Projects that require it: every column says what it holds (description).',
  rationale:
    "Units, time zones, what NULL means and where a value comes from are not in a column's name or type. The description becomes the column comment, visible in database tools and the generated documentation.",
  fix: 'Add `description:` to the column.',
  examples: {
    bad: `schemas:
  public:
    tables:
      clients:
        description: People who hold accounts.
        columns:
          - { name: id, type: bigint, identity: { generation: always }, description: Surrogate key. }
          - { name: last_name, type: text, notNull: true }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      clients:
        description: People who hold accounts.
        columns:
          - { name: id, type: bigint, identity: { generation: always }, description: Surrogate key. }
          - { name: last_name, type: text, notNull: true, description: "Family name, as on the ID document." }
        primaryKey: { columns: [id] }
`,
  },
  options: {
    skip: {
      description: 'Column names that need no description (their meaning is the convention).',
      default: [],
    },
  },
  related: ['pg-index-health: columns_without_description'],
  check(context) {
    const skipOption = context.option('skip');
    const skip = new Set(Array.isArray(skipOption) ? skipOption.map(String) : []);
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        if (!isBlank(column.column.description) || skip.has(column.name)) continue;
        context.report({
          message: `column ${column.object} has no description`,
          path: column.path,
          object: column.object,
        });
      }
    }
  },
};
