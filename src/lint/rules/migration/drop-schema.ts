// DROP SCHEMA of a schema that existed before the file.
import type { MigrationRule } from '../../rule.ts';
import { schemaAt } from '../../sql/statement-shapes.ts';
import { asNode } from '../../sql/syntax.ts';

export const dropSchema: MigrationRule = {
  kind: 'migration',
  code: 'drop-schema',
  category: 'migration',
  severity: 'error',
  summary: 'Drop a schema only on purpose, after no code uses it.',
  rationale:
    'DROP SCHEMA deletes the schema, and with CASCADE every table, view, function and row in it, for good.',
  fix: 'Move or drop what the schema holds in reviewed steps first; then drop the empty schema (without CASCADE) in a later migration.',
  examples: {
    setup: 'CREATE SCHEMA reporting;\nCREATE TABLE reporting.daily (id int);',
    bad: 'DROP SCHEMA reporting CASCADE;',
    good: 'CREATE SCHEMA staging_tmp;\nDROP SCHEMA staging_tmp;',
  },
  related: ['atlas: DS101'],
  differences: 'A schema created earlier in the same file is dropped without a finding.',
  check(context) {
    for (const statement of context.statements) {
      const drop = asNode(statement.node, 'DropStmt');
      if (drop?.removeType !== 'OBJECT_SCHEMA') continue;
      for (const object of drop.objects ?? []) {
        const name = asNode(object, 'String')?.sval;
        if (name === undefined || schemaAt(context, statement).isNewSchema(name)) continue;
        context.report({
          statement,
          message: `dropping schema ${name} deletes everything in it`,
          object: name,
        });
      }
    }
  },
};
