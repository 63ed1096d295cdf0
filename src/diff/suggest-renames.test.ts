import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Model, Table } from '../model/model-schema.ts';
import { diffModels } from './diff-models.ts';
import { suggestRenames } from './suggest-renames.ts';

const HOSTILE = 'Order "Lines"; DROP';

const orders: Table = {
  columns: [
    { name: 'id', type: 'bigint', notNull: true },
    { name: 'Note Text', type: 'text' },
    { name: 'total', type: 'numeric(10,2)' },
  ],
  primaryKey: { columns: ['id'] },
  indexes: [{ name: 'ix_total', columns: ['total'] }],
};

function model(tables: Record<string, Table>, values = ['new', 'paid']): Model {
  return { schemas: { app: { enums: { status: { values } }, tables } } };
}

function suggest(from: Model, to: Model) {
  return suggestRenames(diffModels(from, to), to).map(
    (s) =>
      `${s.kind} ${s.fromKey.name} -> ${s.key.name} (${s.reason}) ${JSON.stringify(s.path)} ${JSON.stringify(s.declaration)}`,
  );
}

test('a dropped and a created table with the same columns is a likely rename, with where to declare it', () => {
  assert.deepEqual(suggest(model({ orders }), model({ [HOSTILE]: orders })), [
    `table orders -> ${HOSTILE} (same columns) ["schemas","app","tables","${HOSTILE.replaceAll('"', '\\"')}"] {"renamedFrom":"orders"}`,
  ]);
});

test('columns of the same type, indexes of the same definition and renamed enum values are suggested', () => {
  const renamed: Table = structuredClone(orders);
  renamed.columns[1] = { name: 'comment', type: 'text' };
  renamed.indexes = [{ name: 'orders_total_idx', columns: ['total'] }];
  assert.deepEqual(suggest(model({ orders }), model({ orders: renamed }, ['new', 'settled'])), [
    'enumValue status -> status (values replaced at the same position) ["schemas","app","enums","status"] {"renamedValues":{"settled":"paid"}}',
    'column Note Text -> comment (same definition) ["schemas","app","tables","orders","columns",1] {"renamedFrom":"Note Text"}',
    'index ix_total -> orders_total_idx (same definition) ["schemas","app","tables","orders","indexes",0] {"renamedFrom":"ix_total"}',
  ]);
});

test('objects that differ in shape are not suggested; each object is paired at most once, by name likeness', () => {
  const changed: Table = structuredClone(orders);
  changed.columns[1] = { name: 'note_count', type: 'integer' };
  changed.indexes = [{ name: 'ix_total_desc', columns: [{ column: 'total', order: 'desc' }] }];
  assert.deepEqual(suggest(model({ orders }), model({ orders: changed })), []);

  const two: Table = structuredClone(orders);
  two.columns.splice(1, 1, { name: 'memo', type: 'text' }, { name: 'Note Txt', type: 'text' });
  assert.deepEqual(suggest(model({ orders }), model({ orders: two })), [
    'column Note Text -> Note Txt (same definition) ["schemas","app","tables","orders","columns",2] {"renamedFrom":"Note Text"}',
  ]);

  const other: Table = { columns: [{ name: 'code', type: 'text' }] };
  assert.deepEqual(suggest(model({ orders }), model({ other })), []);
});
