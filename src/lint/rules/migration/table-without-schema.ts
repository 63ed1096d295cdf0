// CREATE TABLE / ALTER TABLE without a schema name (opt-in).
import type { MigrationRule } from '../../rule.ts';
import { asNode } from '../../sql/syntax.ts';

export const tableWithoutSchema: MigrationRule = {
  kind: 'migration',
  code: 'table-without-schema',
  category: 'migration',
  severity: 'info',
  optIn: true,
  summary: 'Qualify table names with their schema in migrations.',
  rationale:
    "An unqualified name goes to (or is looked up in) the first schema of the session's search_path, which depends on the role, the database and the connection settings: the same migration can create or alter a table in a different schema elsewhere.",
  fix: 'Write schema.table (e.g. public.my_table).',
  examples: {
    bad: 'CREATE TABLE my_table (id bigint);',
    good: 'CREATE TABLE public.my_table (id bigint);',
  },
  related: ['squawk: require-table-schema'],
  check(context) {
    for (const statement of context.statements) {
      const relation =
        asNode(statement.node, 'CreateStmt')?.relation ?? asNode(statement.node, 'AlterTableStmt')?.relation;
      if (!relation?.relname || relation.schemaname !== undefined || relation.relpersistence === 't')
        continue;
      context.report({
        statement,
        message: `table ${relation.relname} has no schema; where it goes depends on search_path`,
        object: relation.relname,
      });
    }
  },
};
