// CREATE INDEX without CONCURRENTLY on an existing table.
import type { MigrationRule } from '../../rule.ts';
import { isExistingTable, objectText, schemaAt, tableKeyAt } from '../../sql/statement-shapes.ts';
import { asNode, rangeVarName } from '../../sql/syntax.ts';

export const createIndexNonConcurrently: MigrationRule = {
  kind: 'migration',
  code: 'create-index-non-concurrently',
  category: 'migration',
  sizeDependent: true,
  severity: 'error',
  summary: 'Build indexes on existing tables CONCURRENTLY.',
  rationale:
    'CREATE INDEX holds a SHARE lock on the table for the whole build: reads go on, but every INSERT, UPDATE and DELETE waits, which on a large table means minutes of failed writes. CONCURRENTLY builds the index without blocking writes (it takes longer and cannot run in a transaction block).',
  fix: 'CREATE INDEX CONCURRENTLY ... in a migration that runs outside a transaction; if it fails, DROP INDEX CONCURRENTLY the invalid index and retry.',
  examples: {
    setup: 'CREATE TABLE users (id bigint PRIMARY KEY, email text);',
    bad: 'CREATE INDEX users_email_idx ON users (email);',
    good: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
  },
  related: [
    'squawk: require-concurrent-index-creation',
    'strong_migrations: add_index',
    'strong_migrations: add_reference',
    'atlas: PG101',
  ],
  differences:
    'An index on a table created earlier in the same file is not reported: nothing uses that table yet.',
  check(context) {
    for (const statement of context.statements) {
      const index = asNode(statement.node, 'IndexStmt');
      const table = rangeVarName(index?.relation);
      if (!index || index.concurrent || !table) continue;
      const key = tableKeyAt(context, statement, table);
      if (!isExistingTable(context, statement, key)) continue;
      const partitioned = schemaAt(context, statement).table(key)?.partitioned === true;
      // ON ONLY a partitioned table makes an invalid parent index at once; partitions are indexed one by one.
      if (partitioned && index.relation?.inh === false) continue;
      const name = index.idxname === undefined ? 'an index' : `index ${index.idxname}`;
      context.report({
        statement,
        message: `creating ${name} on ${key} without CONCURRENTLY blocks writes to the table while it builds`,
        object: objectText(key),
        ...(partitioned
          ? {
              fix: 'CREATE INDEX ... ON ONLY the partitioned table, CREATE INDEX CONCURRENTLY on each partition, then ALTER INDEX ... ATTACH PARTITION each one.',
            }
          : {}),
      });
    }
  },
};
