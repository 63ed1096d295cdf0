// ALTER COLUMN ... TYPE that rewrites the table.
import type { Node } from 'libpg-query';
import type { MigrationRule } from '../../rule.ts';
import { factsOf } from '../../sql/statement-facts.ts';
import {
  allTableCommands,
  at,
  isExistingTable,
  objectText,
  schemaAt,
  tableKeyAt,
} from '../../sql/statement-shapes.ts';
import { asNode, columnTypeOf, stringsOf, typeText } from '../../sql/syntax.ts';
import { isUtc, typeChangeCost } from '../../sql/type-change.ts';

/** USING that only reads the column (maybe cast to the new type): PostgreSQL then judges the cast. */
function plainUsing(using: Node | undefined, column: string): boolean {
  if (using === undefined) return true;
  const cast = asNode(using, 'TypeCast');
  const value = cast ? cast.arg : using;
  const parts = stringsOf(asNode(value, 'ColumnRef')?.fields);
  return parts[parts.length - 1] === column;
}

export const alterColumnTypeRewrite: MigrationRule = {
  kind: 'migration',
  code: 'alter-column-type-rewrite',
  category: 'migration',
  sizeDependent: true,
  severity: 'error',
  summary: 'Change a column type only in ways that do not rewrite the table.',
  rationale:
    'Most type changes rewrite the whole table and rebuild its indexes under an ACCESS EXCLUSIVE lock. A few do not: varchar(n) to a longer varchar or to text, text to varchar without a limit, numeric(p,s) to a larger precision with the same scale, a larger timestamp or time precision, cidr to inet, and from PostgreSQL 12 timestamp to timestamptz (or back) when the session TimeZone is UTC.',
  fix: 'Add a column of the new type, write to both (trigger), backfill in batches, switch readers, then drop the old column; or use one of the changes that need no rewrite.',
  examples: {
    setup: 'CREATE TABLE recipe (id bigint PRIMARY KEY, edits integer, title varchar(100));',
    bad: 'ALTER TABLE recipe ALTER COLUMN edits TYPE bigint;',
    good: 'ALTER TABLE recipe ALTER COLUMN title TYPE text;',
  },
  related: ['squawk: changing-column-type', 'strong_migrations: change_column', 'atlas: PG301'],
  differences:
    'Changes PostgreSQL makes without a rewrite are not reported (Squawk reports every type change); a column whose current type is unknown is reported as a possible rewrite.',
  check(context) {
    for (const { statement, table, command } of allTableCommands(context)) {
      if (command.subtype !== 'AT_AlterColumnType' || command.name === undefined) continue;
      const key = tableKeyAt(context, statement, table);
      if (!isExistingTable(context, statement, key)) continue;
      const definition = asNode(command.def, 'ColumnDef');
      const to = columnTypeOf(definition?.typeName);
      const from = schemaAt(context, statement).column(key, command.name)?.type;
      const object = objectText(key, command.name);
      const where = at(statement, definition?.typeName?.location);
      if (!to) continue;
      if (!from) {
        context.report({
          statement,
          message: `changing ${object} to ${typeText(to)} may rewrite the table under an ACCESS EXCLUSIVE lock (its current type is unknown)`,
          object,
          location: where,
        });
        continue;
      }
      let cost = typeChangeCost(from, to, context.targetVersion);
      if (!plainUsing(definition?.raw_default, command.name)) cost = 'rewrite';
      if (cost === 'none') continue;
      if (cost === 'unless-utc') {
        if (isUtc(factsOf(context, statement).session.timeZone)) continue;
        context.report({
          statement,
          message: `changing ${object} from ${typeText(from)} to ${typeText(to)} rewrites the table under an ACCESS EXCLUSIVE lock unless the session TimeZone is UTC`,
          object,
          location: where,
          fix: "SET TimeZone = 'UTC' in the same session before the ALTER (PostgreSQL 12+), if the stored values are meant as UTC.",
        });
        continue;
      }
      context.report({
        statement,
        message: `changing ${object} from ${typeText(from)} to ${typeText(to)} rewrites the table and its indexes under an ACCESS EXCLUSIVE lock`,
        object,
        location: where,
      });
    }
  },
};
