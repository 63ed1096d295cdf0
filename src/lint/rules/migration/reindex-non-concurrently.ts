// REINDEX without CONCURRENTLY (PostgreSQL 12+).
import type { MigrationRule } from '../../rule.ts';
import { hasOption, schemaAt } from '../../sql/statement-shapes.ts';
import { asNode, displayName, rangeVarName } from '../../sql/syntax.ts';

export const reindexNonConcurrently: MigrationRule = {
  kind: 'migration',
  code: 'reindex-non-concurrently',
  category: 'migration',
  sizeDependent: true,
  severity: 'error',
  summary: 'Rebuild indexes with REINDEX CONCURRENTLY (PostgreSQL 12+).',
  rationale:
    'Plain REINDEX locks out writes to the table and blocks every query that would use the index being rebuilt, for the whole rebuild. From PostgreSQL 12, REINDEX CONCURRENTLY rebuilds without blocking them.',
  fix: 'REINDEX ... CONCURRENTLY (from PostgreSQL 14 also REINDEX (CONCURRENTLY) ...), outside a transaction block.',
  examples: {
    setup: 'CREATE TABLE foo (id bigint PRIMARY KEY, name text);\nCREATE INDEX foo_name_idx ON foo (name);',
    bad: 'REINDEX TABLE foo;',
    good: 'REINDEX TABLE CONCURRENTLY foo;',
  },
  related: ['squawk: require-concurrent-reindex'],
  check(context) {
    if (context.targetVersion < 12) return;
    for (const statement of context.statements) {
      const reindex = asNode(statement.node, 'ReindexStmt');
      if (!reindex || hasOption(reindex.params, 'concurrently')) continue;
      // System catalogs cannot be reindexed concurrently.
      if (reindex.kind === 'REINDEX_OBJECT_SYSTEM') continue;
      const relation = rangeVarName(reindex.relation);
      const schema = schemaAt(context, statement);
      if (relation && reindex.kind === 'REINDEX_OBJECT_TABLE' && schema.isNewTable(schema.tableKey(relation)))
        continue;
      const target = relation ? displayName(relation) : (reindex.name ?? 'the database');
      context.report({
        statement,
        message: `REINDEX of ${target} without CONCURRENTLY blocks writes and the queries that use the indexes`,
        object: target,
      });
    }
  },
};
