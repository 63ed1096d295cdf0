import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Model } from '../model/model-schema.ts';
import { diffModels } from './diff-models.ts';
import { reverseChange } from './changes.ts';

const base: Model = {
  schemas: {
    public: {
      enums: { status: { values: ['new', 'paid'] } },
      tables: {
        orders: {
          columns: [
            { name: 'id', type: 'bigint', notNull: true },
            { name: 'status', type: 'status' },
            { name: 'total', type: 'numeric(10,2)' },
          ],
          primaryKey: { columns: ['id'] },
          indexes: [{ columns: ['status'] }],
        },
      },
    },
  },
};

function edit(change: (model: Model) => void): Model {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}

const orders = (model: Model) => model.schemas!.public!.tables!.orders!;

test('equal models give no changes, whatever their spelling of defaults', () => {
  const spelled = edit((m) => {
    orders(m).primaryKey = { name: 'pk_orders', columns: ['id'] };
    orders(m).indexes = [{ columns: ['status'], method: 'btree', name: 'idx_orders_status' }];
  });
  assert.deepEqual(diffModels(base, spelled), []);
});

test('documentation that PostgreSQL does not hold is not a change', () => {
  const documented = edit((m) => {
    orders(m).dataOwner = 'shop team';
    orders(m).columns[2]!.sensitivity = 'confidential';
  });
  assert.deepEqual(diffModels(base, documented), []);
});

test('a changed column names the properties that differ', () => {
  const to = edit((m) => {
    orders(m).columns[2] = { name: 'total', type: 'numeric(12,2)', notNull: true, description: 'Sum' };
  });
  const changes = diffModels(base, to);
  assert.equal(changes.length, 1);
  assert.equal(changes[0]?.kind, 'column');
  assert.equal(changes[0]?.action, 'alter');
  assert.deepEqual(changes[0]?.changed, ['description', 'notNull', 'type']);
  assert.deepEqual(changes[0]?.key, { schema: 'public', table: 'orders', name: 'total' });
});

test('a rename is used only when declared; template names follow their table', () => {
  const undeclared = edit((m) => {
    const schema = m.schemas!.public!;
    schema.tables = { purchases: orders(m) };
  });
  const kinds = diffModels(base, undeclared).map((c) => `${c.action} ${c.kind}`);
  assert.ok(kinds.includes('create table') && kinds.includes('drop table'));

  const declared = edit((m) => {
    const schema = m.schemas!.public!;
    schema.tables = { purchases: { ...orders(m), renamedFrom: 'orders' } };
  });
  const changes = diffModels(base, declared).map(
    (c) => `${c.action} ${c.kind} ${c.fromKey?.name ?? ''}->${c.key.name}`,
  );
  assert.deepEqual(changes, [
    'rename table orders->purchases',
    'rename primaryKey pk_orders->pk_purchases',
    'rename index idx_orders_status->idx_purchases_status',
  ]);
});

test('a declared rename already applied is no change', () => {
  const renamed = edit((m) => {
    orders(m).columns[2] = { name: 'amount', type: 'numeric(10,2)' };
  });
  const declared = structuredClone(renamed);
  orders(declared).columns[2]!.renamedFrom = 'total';
  assert.deepEqual(diffModels(renamed, declared), []);
  assert.deepEqual(
    diffModels(base, declared).map((c) => `${c.action} ${c.kind} ${c.key.name}`),
    ['rename column amount'],
  );
});

test('enum values: renamed values are declared on the enum', () => {
  const to = edit((m) => {
    m.schemas!.public!.enums!.status = { values: ['new', 'settled'], renamedValues: { settled: 'paid' } };
  });
  const changes = diffModels(base, to);
  assert.deepEqual(
    changes.map((c) => `${c.action} ${c.kind} ${c.fromKey?.name}->${c.key.name}`),
    ['rename enumValue paid->settled'],
  );
});

test('a re-created key re-creates the foreign keys that reference it', () => {
  const withChild = edit((m) => {
    m.schemas!.public!.tables!.lines = {
      columns: [{ name: 'order_id', type: 'bigint' }],
      foreignKeys: [{ columns: ['order_id'], references: { table: 'orders', columns: ['id'] } }],
    };
  });
  const to = structuredClone(withChild);
  orders(to).primaryKey = { columns: ['id'], deferrable: true };
  const changes = diffModels(withChild, to);
  const fk = changes.find((c) => c.kind === 'foreignKey');
  assert.ok(fk && fk.kind === 'foreignKey' && fk.rebuild !== undefined);
});

test('reverseChange swaps before and after, create and drop', () => {
  const to = edit((m) => {
    orders(m).columns.push({ name: 'note', type: 'text' });
  });
  const [change] = diffModels(base, to);
  assert.ok(change);
  const reversed = reverseChange(change);
  assert.equal(reversed.action, 'drop');
  assert.deepEqual(reversed.before, change.after);
  assert.equal(reversed.after, undefined);
});
