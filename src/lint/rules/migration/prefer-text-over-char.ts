// char(n) / character columns.
import type { MigrationRule } from '../../rule.ts';
import { at, objectText, tableKeyAt, typedColumns } from '../../sql/statement-shapes.ts';
import { columnTypeOf, typeText } from '../../sql/syntax.ts';

export const preferTextOverChar: MigrationRule = {
  kind: 'migration',
  code: 'prefer-text-over-char',
  category: 'migration',
  severity: 'info',
  summary: 'Use text or varchar rather than char(n).',
  rationale:
    'char(n) pads every value with spaces to n characters, stores the padding, and ignores trailing spaces in comparisons in ways that surprise: it is never faster than text and rarely what the data means. Plain `char` is char(1).',
  fix: 'Declare the column text (with a CHECK on its length if the length is a rule).',
  examples: {
    bad: 'CREATE TABLE country (code char(2) PRIMARY KEY, name text NOT NULL);',
    good: 'CREATE TABLE country (code text PRIMARY KEY CHECK (char_length(code) = 2), name text NOT NULL);',
  },
  related: ['squawk: ban-char-field'],
  check(context) {
    for (const entry of typedColumns(context)) {
      const type = columnTypeOf(entry.typeName);
      if (type?.name !== 'bpchar' || type.schema !== undefined) continue;
      const object = objectText(tableKeyAt(context, entry.statement, entry.table), entry.column);
      context.report({
        statement: entry.statement,
        message: `column ${object} is ${typeText(type)}, which pads values with spaces; use text`,
        object,
        location: at(entry.statement, entry.location),
      });
    }
  },
};
