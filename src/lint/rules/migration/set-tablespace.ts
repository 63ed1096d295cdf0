// SET TABLESPACE on an existing table, index or materialized view.
import type { MigrationRule } from '../../rule.ts';
import { schemaAt } from '../../sql/statement-shapes.ts';
import { asNode, displayName, rangeVarName } from '../../sql/syntax.ts';

export const setTablespace: MigrationRule = {
  kind: 'migration',
  code: 'set-tablespace',
  category: 'migration',
  sizeDependent: true,
  severity: 'error',
  summary: 'Move no table or index in use to another tablespace.',
  rationale:
    'SET TABLESPACE copies every block of the table or index to the new tablespace while holding an ACCESS EXCLUSIVE lock: reads and writes wait for the whole copy.',
  fix: 'Move data in a maintenance window, or build a new index CONCURRENTLY in the new tablespace and drop the old one (for tables, pg_repack can move them online).',
  examples: {
    setup: 'CREATE TABLE events (id bigint PRIMARY KEY);',
    bad: 'ALTER TABLE events SET TABLESPACE pg_default;',
    good: 'CREATE INDEX CONCURRENTLY events_id_idx ON events (id) TABLESPACE pg_default;',
  },
  check(context) {
    for (const statement of context.statements) {
      if (asNode(statement.node, 'AlterTableMoveAllStmt')) {
        context.report({
          statement,
          message: 'moving every relation of a tablespace copies them all under ACCESS EXCLUSIVE locks',
        });
        continue;
      }
      const alter = asNode(statement.node, 'AlterTableStmt');
      const name = rangeVarName(alter?.relation);
      if (!alter || !name) continue;
      const moves = (alter.cmds ?? []).some(
        (c) => asNode(c, 'AlterTableCmd')?.subtype === 'AT_SetTableSpace',
      );
      if (!moves) continue;
      const schema = schemaAt(context, statement);
      if (alter.objtype === 'OBJECT_INDEX') {
        const index = schema.index(name);
        if (index && (index.createdIn === statement.file || schema.isNewTable(index.table))) continue;
      } else if (schema.isNewTable(schema.tableKey(name))) continue;
      context.report({
        statement,
        message: `moving ${displayName(name)} to another tablespace copies it under an ACCESS EXCLUSIVE lock`,
        object: displayName(name),
      });
    }
  },
};
