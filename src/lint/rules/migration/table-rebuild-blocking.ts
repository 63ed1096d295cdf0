// VACUUM FULL / CLUSTER before PostgreSQL 19: the table is rebuilt under ACCESS EXCLUSIVE.
import type { MigrationRule } from '../../rule.ts';
import { hasOption } from '../../sql/statement-shapes.ts';
import { asNode, displayName, rangeVarName } from '../../sql/syntax.ts';

export const tableRebuildBlocking: MigrationRule = {
  kind: 'migration',
  code: 'table-rebuild-blocking',
  category: 'migration',
  sizeDependent: true,
  severity: 'warning',
  summary: 'Rebuild no table in use with VACUUM FULL or CLUSTER.',
  rationale:
    'VACUUM FULL and CLUSTER write a new copy of the table and its indexes while holding an ACCESS EXCLUSIVE lock: every query on the table waits for the whole rebuild. Before PostgreSQL 19 the server has no online form of them.',
  fix: 'Run the rebuild in a maintenance window, or use an online tool such as the pg_repack extension; plain VACUUM (without FULL) does not block.',
  examples: {
    setup: 'CREATE TABLE foo (id bigint PRIMARY KEY, name text);',
    bad: 'VACUUM FULL foo;',
    good: 'VACUUM (ANALYZE) foo;',
    targetVersion: 18,
  },
  differences: 'From PostgreSQL 19 prefer-repack-concurrently reports these statements instead.',
  check(context) {
    if (context.targetVersion >= 19) return;
    for (const statement of context.statements) {
      const vacuum = asNode(statement.node, 'VacuumStmt');
      const cluster = asNode(statement.node, 'ClusterStmt');
      let target: string | undefined;
      let what: string;
      if (vacuum?.is_vacuumcmd && hasOption(vacuum.options, 'full')) {
        const first = rangeVarName(asNode(vacuum.rels?.[0], 'VacuumRelation')?.relation);
        target = first ? displayName(first) : undefined;
        what = 'VACUUM FULL';
      } else if (cluster) {
        const relation = rangeVarName(cluster.relation);
        target = relation ? displayName(relation) : undefined;
        what = 'CLUSTER';
      } else continue;
      context.report({
        statement,
        message: `${what} ${target ?? 'of every table'} rewrites ${target === undefined ? 'them' : 'the table'} under an ACCESS EXCLUSIVE lock`,
        ...(target === undefined ? {} : { object: target }),
      });
    }
  },
};
