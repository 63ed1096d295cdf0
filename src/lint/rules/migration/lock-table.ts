// LOCK TABLE in a mode that blocks writes or reads.
import type { MigrationRule } from '../../rule.ts';
import { tableKeyAt } from '../../sql/statement-shapes.ts';
import { asNode, rangeVarName } from '../../sql/syntax.ts';

const MODES = [
  '',
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
];

export const lockTable: MigrationRule = {
  kind: 'migration',
  code: 'lock-table',
  category: 'migration',
  severity: 'warning',
  summary: 'Take no explicit table lock that blocks traffic in a migration.',
  rationale:
    'LOCK TABLE (ACCESS EXCLUSIVE by default; SHARE and stronger block writes) holds the lock until the transaction ends, so every query on the table waits for the rest of the migration; while it waits for the lock itself, it also blocks the queries queued behind it.',
  fix: 'Let each statement take the lock it needs, keep the transaction short, and set lock_timeout so that waiting gives up instead of blocking traffic.',
  examples: {
    setup: 'CREATE TABLE accounts (id bigint PRIMARY KEY, balance numeric);',
    bad: 'BEGIN;\nLOCK TABLE accounts;\nUPDATE accounts SET balance = 0 WHERE id = 1;\nCOMMIT;',
    good: 'BEGIN;\nLOCK TABLE accounts IN ROW EXCLUSIVE MODE;\nUPDATE accounts SET balance = 0 WHERE id = 1;\nCOMMIT;',
  },
  check(context) {
    for (const statement of context.statements) {
      const lock = asNode(statement.node, 'LockStmt');
      if (!lock) continue;
      const mode = lock.mode ?? 8;
      if (mode < 5) continue;
      const tables = (lock.relations ?? [])
        .map((relation) => rangeVarName(asNode(relation, 'RangeVar')))
        .filter((name) => name !== undefined)
        .map((name) => tableKeyAt(context, statement, name));
      context.report({
        statement,
        message: `LOCK TABLE ${tables.join(', ')} IN ${MODES[mode] ?? 'ACCESS EXCLUSIVE'} MODE blocks ${mode >= 8 ? 'reads and writes' : 'writes'} until the transaction ends`,
        object: tables[0] ?? '',
      });
    }
  },
};
