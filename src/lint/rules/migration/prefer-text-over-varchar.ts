// varchar(n) columns.
import type { MigrationRule } from '../../rule.ts';
import { at, objectText, tableKeyAt, typedColumns } from '../../sql/statement-shapes.ts';
import { columnTypeOf, typeText } from '../../sql/syntax.ts';

export const preferTextOverVarchar: MigrationRule = {
  kind: 'migration',
  code: 'prefer-text-over-varchar',
  category: 'migration',
  severity: 'info',
  summary: 'Use text (with a CHECK on its length if a limit is a rule) rather than varchar(n).',
  rationale:
    'varchar(n) is stored and handled exactly like text; the limit only adds a check. Raising it later is cheap, but lowering it rewrites the table, and the number often says more about a form field than about the data. A CHECK (length(col) <= n) states the same rule and can be changed NOT VALID.',
  fix: 'Declare the column text, and add CHECK (char_length(col) <= n) when the limit is a business rule.',
  examples: {
    bad: 'CREATE TABLE core_bar (id bigint PRIMARY KEY, alpha varchar(100) NOT NULL);',
    good: 'CREATE TABLE core_bar (id bigint PRIMARY KEY, alpha text NOT NULL);\nALTER TABLE core_bar ADD CONSTRAINT alpha_length CHECK (char_length(alpha) <= 100);',
  },
  related: ['squawk: prefer-text-field'],
  differences: 'varchar without a length is not reported: it is text by another name.',
  check(context) {
    for (const entry of typedColumns(context)) {
      const type = columnTypeOf(entry.typeName);
      if (type?.name !== 'varchar' || type.schema !== undefined || type.modifiers.length === 0) continue;
      const object = objectText(tableKeyAt(context, entry.statement, entry.table), entry.column);
      context.report({
        statement: entry.statement,
        message: `column ${object} is ${typeText(type)}; text with a CHECK on its length is easier to change`,
        object,
        location: at(entry.statement, entry.location),
      });
    }
  },
};
