// DROP ... CASCADE (and ALTER TABLE DROP COLUMN/CONSTRAINT ... CASCADE).
import type { MigrationRule } from '../../rule.ts';
import { allTableCommands, objectText, rangeName, schemaAt, tableKeyAt } from '../../sql/statement-shapes.ts';
import { asNode, displayName, objectName } from '../../sql/syntax.ts';

export const dropCascade: MigrationRule = {
  kind: 'migration',
  code: 'drop-cascade',
  category: 'migration',
  severity: 'warning',
  summary: 'Drop what depends on an object by name, not with CASCADE.',
  rationale:
    'CASCADE silently drops every object that depends on the one named (views, foreign keys, defaults, whole tables in a schema); what goes depends on the database it runs on, so the migration does not say what it destroys.',
  fix: 'Drop the dependent objects explicitly, in reviewed statements, then drop the object without CASCADE (RESTRICT is the default).',
  examples: {
    setup:
      'CREATE TABLE bar_tbl (id bigint PRIMARY KEY, foo_col text);\nCREATE VIEW bar_view AS SELECT foo_col FROM bar_tbl;',
    bad: 'ALTER TABLE bar_tbl DROP COLUMN foo_col CASCADE;',
    good: 'DROP VIEW bar_view;\nALTER TABLE bar_tbl DROP COLUMN foo_col;',
  },
  check(context) {
    for (const statement of context.statements) {
      const drop = asNode(statement.node, 'DropStmt');
      if (drop?.behavior !== 'DROP_CASCADE') continue;
      const schema = schemaAt(context, statement);
      for (const object of drop.objects ?? []) {
        const name =
          drop.removeType === 'OBJECT_SCHEMA'
            ? objectName(object)
            : (rangeName(object) ?? objectName(object));
        if (!name) continue;
        if (drop.removeType === 'OBJECT_SCHEMA' && schema.isNewSchema(name.name)) continue;
        if (drop.removeType === 'OBJECT_TABLE' && schema.isNewTable(schema.tableKey(name))) continue;
        const what = (drop.removeType ?? 'OBJECT_').replace('OBJECT_', '').toLowerCase().replace('_', ' ');
        context.report({
          statement,
          message: `DROP ${what.toUpperCase()} ${displayName(name)} CASCADE also drops every object that depends on it`,
          object: displayName(name),
        });
      }
    }
    for (const { statement, table, command } of allTableCommands(context)) {
      if (command.behavior !== 'DROP_CASCADE' || command.name === undefined) continue;
      if (command.subtype !== 'AT_DropColumn' && command.subtype !== 'AT_DropConstraint') continue;
      const key = tableKeyAt(context, statement, table);
      const what = command.subtype === 'AT_DropColumn' ? 'column' : 'constraint';
      context.report({
        statement,
        message: `dropping ${what} ${objectText(key, command.name)} with CASCADE also drops every object that depends on it`,
        object: objectText(key, command.subtype === 'AT_DropColumn' ? command.name : undefined),
      });
    }
  },
};
