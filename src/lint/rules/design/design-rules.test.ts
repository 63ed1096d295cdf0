// Focused tests of the model rules whose judgement is not obvious from their examples: index
// coverage of foreign keys, query patterns against indexes, naming templates, duplicate and redundant
// indexes. Models are written as projects write them (IN lists, varchar(255), timestamptz).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readModelSources } from '../../../readers/read-model.ts';
import { lintModel } from '../../model/lint-model.ts';
import type { LintSettings, Rule } from '../../rule.ts';
import { MODEL_RULES } from './index.ts';

const settings: LintSettings = {
  targetVersion: 16,
  resolve: (rule: Rule) => ({
    enabled: true,
    severity: rule.severity,
    options: Object.fromEntries(Object.entries(rule.options ?? {}).map(([n, o]) => [n, o.default])),
  }),
};

async function findings(code: string, text: string): Promise<string[]> {
  const read = await readModelSources([{ file: 'model.yaml', text }]);
  assert.deepEqual(
    read.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
    'the model reads',
  );
  const rule = MODEL_RULES.find((r) => r.code === code);
  assert.ok(rule, code);
  const result = await lintModel({ model: read.model, locate: read.locate }, settings, { rules: [rule] });
  return result.map((f) => f.message);
}

/** Two tables: shipments keyed by (warehouse_id, shipment_no), and parcels referencing them. */
const parcels = (indexes: string, extra = '') => `schemas:
  public:
    tables:
      shipments:
        columns:
          - { name: warehouse_id, type: bigint }
          - { name: shipment_no, type: bigint }
          - { name: status, type: varchar(255), notNull: true }
        primaryKey: { columns: [warehouse_id, shipment_no] }
        checks:
          - { expression: "status IN ('open', 'sent')" }
      parcels:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: warehouse_id, type: bigint${extra} }
          - { name: shipment_no, type: bigint${extra} }
          - { name: sent_at, type: timestamptz }
          - { name: deleted_at, type: timestamptz }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [warehouse_id, shipment_no], references: { table: shipments, columns: [warehouse_id, shipment_no] }, onDelete: cascade }
${indexes}`;

test('foreign-key-without-index: every key column leads one index, in any order', async () => {
  const none = await findings('foreign-key-without-index', parcels(''));
  assert.equal(none.length, 1);
  assert.match(none[0] ?? '', /\(warehouse_id, shipment_no\) has no index led by its columns/);
  const reversed = '        indexes:\n          - { columns: [shipment_no, warehouse_id, sent_at] }\n';
  assert.deepEqual(await findings('foreign-key-without-index', parcels(reversed)), []);
  const firstOnly = '        indexes:\n          - { columns: [warehouse_id] }\n';
  assert.equal(
    (await findings('foreign-key-without-index', parcels(firstOnly))).length,
    1,
    'pg-index-health: all columns',
  );
  const secondAfterOther =
    '        indexes:\n          - { columns: [warehouse_id, sent_at, shipment_no] }\n';
  assert.equal((await findings('foreign-key-without-index', parcels(secondAfterOther))).length, 1);
  const asUnique = '        uniques:\n          - { columns: [warehouse_id, shipment_no, id] }\n';
  assert.deepEqual(await findings('foreign-key-without-index', parcels(asUnique)), [], 'a unique key counts');
});

test('foreign-key-without-index: a partial index counts only when it leaves out NULL keys', async () => {
  const notNull =
    '        indexes:\n          - { columns: [warehouse_id, shipment_no], where: warehouse_id IS NOT NULL AND shipment_no IS NOT NULL }\n';
  assert.deepEqual(await findings('foreign-key-without-index', parcels(notNull)), []);
  const live =
    '        indexes:\n          - { columns: [warehouse_id, shipment_no], where: deleted_at IS NULL }\n';
  assert.equal(
    (await findings('foreign-key-without-index', parcels(live))).length,
    1,
    'deleted rows are referenced too',
  );
  const gin = '        indexes:\n          - { columns: [warehouse_id, shipment_no], method: brin }\n';
  assert.equal(
    (await findings('foreign-key-without-index', parcels(gin))).length,
    1,
    'a BRIN index finds no rows',
  );
});

test('nullable-multicolumn-foreign-key and index-includes-nulls read nullability, keys and predicates', async () => {
  const index = '        indexes:\n          - { columns: [warehouse_id, shipment_no] }\n';
  assert.equal((await findings('nullable-multicolumn-foreign-key', parcels(index))).length, 1);
  assert.deepEqual(await findings('nullable-multicolumn-foreign-key', parcels(index, ', notNull: true')), []);
  assert.equal((await findings('index-includes-nulls', parcels(index))).length, 1);
  const partial =
    '        indexes:\n          - { columns: [warehouse_id, shipment_no], where: warehouse_id > 0 }\n';
  assert.deepEqual(
    await findings('index-includes-nulls', parcels(partial)),
    [],
    'a strict comparison excludes NULLs',
  );
});

const tasks = (indexes: string, sql: string, rows = 5000000) => `schemas:
  public:
    tables:
      users:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: email, type: varchar(255), notNull: true }
        primaryKey: { columns: [id] }
        volume: { rows: ${rows} }
      tasks:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: owner_id, type: bigint, notNull: true }
          - { name: status, type: varchar(20), notNull: true }
          - { name: due_at, type: timestamptz }
          - { name: completed_at, type: timestamptz }
          - { name: labels, type: "text[]", notNull: true, default: "'{}'" }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [owner_id], references: { table: users, columns: [id] }, onDelete: cascade, rationale: Tasks go with their owner. }
        checks:
          - { expression: "status IN ('todo', 'doing', 'done')" }
        indexes:
          - { columns: [owner_id] }
${indexes}        volume: { rows: ${rows} }
        queryPatterns:
          - { name: the pattern, sql: "${sql}" }
`;

test('query-pattern-without-index: a filter is served by an index led by one of its columns', async () => {
  const sql = "SELECT id FROM tasks WHERE status IN ('todo', 'doing') AND due_at < now()";
  const unserved = await findings('query-pattern-without-index', tasks('', sql));
  assert.equal(unserved.length, 1);
  assert.match(unserved[0] ?? '', /filters public\.tasks on status, due_at/);
  assert.deepEqual(
    await findings('query-pattern-without-index', tasks('          - { columns: [status, due_at] }\n', sql)),
    [],
  );
  assert.deepEqual(
    await findings('query-pattern-without-index', tasks('          - { columns: [due_at] }\n', sql)),
    [],
  );
  assert.deepEqual(
    await findings('query-pattern-without-index', tasks('', sql, 500)),
    [],
    'small tables are read whole',
  );
  // Aliases and qualified columns.
  const aliased = 'SELECT t.id FROM tasks t WHERE t.owner_id = $1 AND t.completed_at IS NULL';
  assert.deepEqual(await findings('query-pattern-without-index', tasks('', aliased)), []);
});

test('query-pattern-without-index: expression indexes, partial indexes and joins', async () => {
  const byEmail = 'SELECT id FROM users WHERE lower(email) = lower($1)';
  assert.equal((await findings('query-pattern-without-index', tasks('', byEmail))).length, 1);
  const withExpression = tasks('', byEmail).replace(
    '        volume: { rows: 5000000 }\n      tasks:',
    '        indexes:\n          - { columns: [{ expression: lower((email)::text) }], unique: true }\n        volume: { rows: 5000000 }\n      tasks:',
  );
  assert.deepEqual(await findings('query-pattern-without-index', withExpression), []);
  const open = 'SELECT id FROM tasks WHERE due_at < $1 AND completed_at IS NULL';
  const partial = '          - { columns: [due_at], where: completed_at IS NULL }\n';
  assert.deepEqual(await findings('query-pattern-without-index', tasks(partial, open)), []);
  const other = 'SELECT id FROM tasks WHERE due_at < $1';
  assert.equal(
    (await findings('query-pattern-without-index', tasks(partial, other))).length,
    1,
    'predicate not in the query',
  );
  const join = 'SELECT t.id FROM users u JOIN tasks t ON t.owner_id = u.id WHERE u.email = $1';
  const joined = await findings('query-pattern-without-index', tasks('', join));
  assert.deepEqual(joined.length, 1, 'users.email has no index; the join to tasks is served by owner_id');
  assert.match(joined[0] ?? '', /filters public\.users on email/);
});

test('query-pattern-sort-without-index: top-N queries need the equality columns, then the sort columns', async () => {
  const sql = 'SELECT id FROM tasks WHERE owner_id = $1 ORDER BY due_at DESC LIMIT 50';
  assert.equal((await findings('query-pattern-sort-without-index', tasks('', sql))).length, 1);
  assert.deepEqual(
    await findings(
      'query-pattern-sort-without-index',
      tasks('          - { columns: [owner_id, due_at] }\n', sql),
    ),
    [],
  );
  const wrongOrder = '          - { columns: [status, due_at] }\n';
  assert.equal((await findings('query-pattern-sort-without-index', tasks(wrongOrder, sql))).length, 1);
  const noLimit = 'SELECT id FROM tasks WHERE owner_id = $1 ORDER BY due_at';
  assert.deepEqual(
    await findings('query-pattern-sort-without-index', tasks('', noLimit)),
    [],
    'without LIMIT every row is read anyway',
  );
});

test('containment-query-without-gin and query-pattern-invalid', async () => {
  const contains = "SELECT id FROM tasks WHERE labels @> ARRAY['urgent']";
  assert.equal((await findings('containment-query-without-gin', tasks('', contains))).length, 1);
  assert.deepEqual(
    await findings(
      'containment-query-without-gin',
      tasks('          - { columns: [labels], method: gin }\n', contains),
    ),
    [],
  );
  assert.deepEqual(
    await findings('query-pattern-without-index', tasks('', contains)),
    [],
    'left to the GIN rule',
  );
  const typo = 'SELECT id FROM tasks WHERE ownr_id = $1';
  assert.match((await findings('query-pattern-invalid', tasks('', typo)))[0] ?? '', /unknown column ownr_id/);
  const table = 'SELECT id FROM taks WHERE owner_id = $1';
  assert.match((await findings('query-pattern-invalid', tasks('', table)))[0] ?? '', /unknown table taks/);
  const syntax = 'SELEC id FROM tasks';
  assert.match((await findings('query-pattern-invalid', tasks('', syntax)))[0] ?? '', /not valid SQL/);
  const cte = 'WITH mine AS (SELECT id FROM tasks WHERE owner_id = $1) SELECT id FROM mine ORDER BY id';
  assert.deepEqual(await findings('query-pattern-invalid', tasks('', cte)), []);
});

const named = (naming: string, constraints: string) => `project:
  naming: { ${naming} }
schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: customer_email, type: varchar(255), notNull: true }
          - { name: total, type: "numeric(12,2)", notNull: true }
          - { name: placed_at, type: timestamptz, notNull: true }
        primaryKey: { columns: [id] }
${constraints}`;

test('name-not-from-template: explicit names are compared with the templates the project sets', async () => {
  const index = '        indexes:\n          - { name: ix_orders_placed_at, columns: [placed_at] }\n';
  assert.deepEqual(
    await findings('name-not-from-template', named('index: "ix_{table}_{columns}"', index)),
    [],
  );
  const other = '        indexes:\n          - { name: orders_placed_at_idx, columns: [placed_at] }\n';
  assert.deepEqual(await findings('name-not-from-template', named('index: "ix_{table}_{columns}"', other)), [
    'index orders_placed_at_idx of public.orders does not follow the naming template "ix_{table}_{columns}"',
  ]);
  assert.deepEqual(
    await findings('name-not-from-template', named('unique: "uq_{table}_{columns}"', other)),
    [],
    'no index template',
  );
  const check = '        checks:\n          - { name: ck_orders_positive_total, expression: total >= 0 }\n';
  assert.deepEqual(
    await findings('name-not-from-template', named('check: "ck_{table}_{description}"', check)),
    [],
  );
  const badCheck = '        checks:\n          - { name: positive_total, expression: total >= 0 }\n';
  assert.equal(
    (await findings('name-not-from-template', named('check: "ck_{table}_{description}"', badCheck))).length,
    1,
  );
  const fk = `        foreignKeys:\n          - { name: fk_orders_customers, columns: [customer_email], references: { table: customers, columns: [email] }, onDelete: restrict }\n      customers:\n        columns:\n          - { name: email, type: varchar(255) }\n        primaryKey: { columns: [email] }\n`;
  assert.deepEqual(
    await findings('name-not-from-template', named('foreignKey: "fk_{table}_{ref_table}"', fk)),
    [],
  );
});

test('name-not-from-template: soft-deleted tables keep unique constraints named by the unique template', async () => {
  const text = named(
    'unique: "uq_{table}_{columns}", index: "ix_{table}_{columns}"',
    '        uniques:\n          - { name: uq_orders_customer_email_placed_at, columns: [customer_email, placed_at] }\n        patterns: { softDelete: true }\n',
  );
  assert.deepEqual(await findings('name-not-from-template', text), []);
});

test('duplicate-index and redundant-index tell equal indexes, prefixes and different operator classes apart', async () => {
  const text = (indexes: string) => named('index: "ix_{table}_{columns}"', `        indexes:\n${indexes}`);
  const pattern =
    '          - { columns: [customer_email] }\n          - { name: ix_orders_email_pattern, columns: [{ column: customer_email, opclass: varchar_pattern_ops }] }\n';
  assert.deepEqual(await findings('duplicate-index', text(pattern)), [], 'different operator classes');
  assert.deepEqual(await findings('redundant-index', text(pattern)), []);
  const same =
    '          - { columns: [customer_email] }\n          - { name: other, columns: [customer_email] }\n';
  assert.equal((await findings('duplicate-index', text(same))).length, 1);
  const prefix =
    '          - { columns: [customer_email] }\n          - { columns: [customer_email, placed_at] }\n';
  assert.deepEqual(await findings('redundant-index', text(prefix)), [
    'index ix_orders_customer_email of public.orders (customer_email) is a prefix of index ix_orders_customer_email_placed_at (customer_email, placed_at)',
  ]);
  const partial =
    '          - { columns: [customer_email], where: total > 0 }\n          - { columns: [customer_email, placed_at] }\n';
  assert.deepEqual(await findings('redundant-index', text(partial)), [], 'a different predicate');
  const unique =
    '          - { columns: [customer_email], unique: true }\n          - { columns: [customer_email, placed_at] }\n';
  assert.deepEqual(await findings('redundant-index', text(unique)), [], 'a unique index enforces something');
});
