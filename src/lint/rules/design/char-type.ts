import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

export const charType: ModelRule = {
  kind: 'model',
  code: 'char-type',
  category: 'design',
  severity: 'warning',
  summary: 'No char(n) columns; use text (with a CHECK on the length when it is fixed).',
  rationale:
    'char(n) pads values with spaces up to n, and the padding is ignored in some comparisons and kept in others (LIKE, concatenation, casts to text); `char` without a length is char(1). It is not faster than text or varchar in PostgreSQL. A fixed length is a business rule and belongs in a CHECK.',
  fix: 'Change the type to `text` and add `checks: [{ expression: "char_length(col) = n" }]` when the length is fixed.',
  examples: {
    bad: `schemas:
  public:
    tables:
      countries:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: iso_code, type: char(2), notNull: true }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      countries:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: iso_code, type: text, notNull: true }
        primaryKey: { columns: [id] }
        checks:
          - { expression: "char_length(iso_code) = 2" }
`,
  },
  related: ['squawk: ban-char-field', 'pg-index-health: columns_with_char_type'],
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        if (!column.type.builtin || column.type.name !== 'bpchar') continue;
        const length = column.type.modifiers || '1';
        context.report({
          message: `column ${column.object} is character(${length})`,
          path: [...column.path, 'type'],
          object: column.object,
          fix: `type: text, with checks: [{ expression: "char_length(${column.name}) = ${length}" }] if the length is fixed`,
        });
      }
    }
  },
};
