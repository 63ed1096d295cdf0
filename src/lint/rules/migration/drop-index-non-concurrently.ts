// DROP INDEX without CONCURRENTLY on an index in use.
import type { MigrationRule } from '../../rule.ts';
import { rangeName, schemaAt } from '../../sql/statement-shapes.ts';
import { asNode, displayName } from '../../sql/syntax.ts';

export const dropIndexNonConcurrently: MigrationRule = {
  kind: 'migration',
  code: 'drop-index-non-concurrently',
  category: 'migration',
  sizeDependent: true,
  severity: 'error',
  summary: 'Drop indexes of existing tables CONCURRENTLY.',
  rationale:
    "DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table; waiting for it behind a long query, it blocks every read and write queued after it. DROP INDEX CONCURRENTLY waits for queries instead of blocking them.",
  fix: 'DROP INDEX CONCURRENTLY ... in a migration that runs outside a transaction.',
  examples: {
    setup: 'CREATE TABLE t (id bigint PRIMARY KEY, c integer);\nCREATE INDEX t_c_idx ON t (c);',
    bad: 'DROP INDEX t_c_idx;',
    good: 'DROP INDEX CONCURRENTLY t_c_idx;',
  },
  related: ['squawk: require-concurrent-index-deletion', 'strong_migrations: remove_index', 'atlas: PG102'],
  differences:
    'An index created earlier in the same file, or on a table created in it, is dropped without a finding.',
  check(context) {
    for (const statement of context.statements) {
      const drop = asNode(statement.node, 'DropStmt');
      if (drop?.removeType !== 'OBJECT_INDEX' || drop.concurrent) continue;
      const schema = schemaAt(context, statement);
      for (const object of drop.objects ?? []) {
        const name = rangeName(object);
        if (!name) continue;
        const index = schema.index(name);
        if (index && (index.createdIn === statement.file || schema.isNewTable(index.table))) continue;
        context.report({
          statement,
          message: `dropping index ${displayName(name)} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on ${index ? index.table : 'its table'}`,
          object: index ? `${index.schema}.${index.name}` : schema.indexKey(name),
        });
      }
    }
  },
};
