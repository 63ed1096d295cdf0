// VACUUM FULL / CLUSTER from PostgreSQL 19, where REPACK (CONCURRENTLY) exists.
import type { MigrationRule } from '../../rule.ts';
import { hasOption } from '../../sql/statement-shapes.ts';
import { asNode, displayName, rangeVarName } from '../../sql/syntax.ts';

export const preferRepackConcurrently: MigrationRule = {
  kind: 'migration',
  code: 'prefer-repack-concurrently',
  category: 'migration',
  sizeDependent: true,
  severity: 'warning',
  summary: 'From PostgreSQL 19, rebuild tables with REPACK (CONCURRENTLY), not VACUUM FULL or CLUSTER.',
  rationale:
    'VACUUM FULL and CLUSTER rebuild the table under an ACCESS EXCLUSIVE lock. PostgreSQL 19 adds REPACK, whose CONCURRENTLY option rebuilds the table while reads and writes go on.',
  fix: 'REPACK (CONCURRENTLY) table [USING INDEX index], outside a transaction block.',
  examples: {
    setup: 'CREATE TABLE foo (id bigint PRIMARY KEY, name text);',
    bad: 'VACUUM FULL foo;',
    good: 'VACUUM foo;',
    targetVersion: 19,
  },
  related: ['squawk: prefer-repack'],
  check(context) {
    if (context.targetVersion < 19) return;
    for (const statement of context.statements) {
      const vacuum = asNode(statement.node, 'VacuumStmt');
      const cluster = asNode(statement.node, 'ClusterStmt');
      let relation;
      let what: string;
      if (vacuum?.is_vacuumcmd && hasOption(vacuum.options, 'full')) {
        relation = rangeVarName(asNode(vacuum.rels?.[0], 'VacuumRelation')?.relation);
        what = 'VACUUM FULL';
      } else if (cluster) {
        relation = rangeVarName(cluster.relation);
        what = 'CLUSTER';
      } else continue;
      const target = relation ? displayName(relation) : undefined;
      context.report({
        statement,
        message: `${what}${target === undefined ? '' : ` ${target}`} blocks the table while it rebuilds; REPACK (CONCURRENTLY) does not`,
        ...(target === undefined ? {} : { object: target }),
      });
    }
  },
};
