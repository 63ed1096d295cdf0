import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareModels } from './compare-models.ts';
import type { Model } from './model-schema.ts';

const base = (): Model => ({
  schemas: {
    public: {
      tables: {
        tasks: {
          columns: [
            { name: 'id', type: 'bigint', notNull: true },
            { name: 'title', type: 'text' },
          ],
          primaryKey: { columns: ['id'] },
        },
      },
    },
  },
});

test('models equal in canonical form have no differences', () => {
  const written: Model = structuredClone(base());
  const tasks = written.schemas?.public?.tables?.tasks;
  if (!tasks?.primaryKey) throw new Error('fixture');
  tasks.primaryKey.name = 'pk_tasks';
  tasks.columns[1] = { name: 'title', type: 'text', notNull: false };
  assert.deepEqual(compareModels(base(), { ...written, schemata: 1 }), []);
});

test('differences are reported by path; columns are matched by name', () => {
  const other = structuredClone(base());
  const tasks = other.schemas?.public?.tables?.tasks;
  if (!tasks) throw new Error('fixture');
  tasks.columns.splice(1, 0, { name: 'owner', type: 'bigint' });
  const title = tasks.columns[2];
  if (title) title.type = 'character varying(200)';
  other.schemas = { ...other.schemas, 'My App': {} };
  assert.deepEqual(compareModels(base(), other), [
    'schemas["My App"]: only in the second model ({})',
    'schemas.public.tables.tasks.columns["title"].type: "text" in the first model, "character varying(200)" in the second',
    'schemas.public.tables.tasks.columns["owner"]: only in the second model',
  ]);
});

test('a change of column order is a difference', () => {
  const other = structuredClone(base());
  other.schemas?.public?.tables?.tasks?.columns.reverse();
  assert.deepEqual(compareModels(base(), other), [
    'schemas.public.tables.tasks.columns: order differs: (id, title) in the first model, (title, id) in the second',
  ]);
});
