import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Model, RecordedDrop } from '../model/model-schema.ts';
import { loadSqlParser } from '../dialects/postgres/types.ts';
import { validateModel } from '../model/validate-model.ts';
import { diffModels } from './diff-models.ts';
import { planModelChanges } from './recorded-drops.ts';

before(async () => loadSqlParser());

const SCHEMA = 'Sales "EU"';
const source: Model = {
  schemas: {
    [SCHEMA]: {
      enums: { status: { values: ['new', 'void', 'paid'] } },
      sequences: { counter: {} },
      tables: {
        orders: {
          columns: [
            { name: 'id', type: 'bigint', notNull: true },
            { name: 'Fax Number', type: 'text' },
          ],
        },
        legacy: { columns: [{ name: 'id', type: 'integer' }] },
      },
    },
    old: { tables: { t: { columns: [{ name: 'id', type: 'integer' }] } } },
  },
};

/** The source without the fax column, the legacy table, the counter, the "old" schema and "void". */
function target(drops: RecordedDrop[]): Model {
  return {
    project: { drops },
    schemas: {
      [SCHEMA]: {
        enums: { status: { values: ['new', 'paid'] } },
        tables: { orders: { columns: [{ name: 'id', type: 'bigint', notNull: true }] } },
      },
    },
  };
}

function refused(drops: RecordedDrop[]): string[] {
  const to = target(drops);
  return planModelChanges(diffModels(source, to), to)
    .diagnostics.filter((d) => d.code === 'data-loss')
    .map((d) => d.object ?? '')
    .sort();
}

test('without recorded drops every data-losing change is refused', () => {
  assert.deepEqual(refused([]), [
    `alter enum ${SCHEMA}.status (values)`,
    `drop column ${SCHEMA}.orders.Fax Number`,
    'drop schema old',
    `drop sequence ${SCHEMA}.counter`,
    `drop table ${SCHEMA}.legacy`,
    'drop table old.t',
  ]);
});

test('only the recorded objects are consented; a schema covers its tables', () => {
  assert.deepEqual(
    refused([
      { kind: 'column', schema: SCHEMA, table: 'orders', name: 'Fax Number', reason: 'nobody faxes' },
      { kind: 'schema', name: 'old' },
      { kind: 'enumValue', schema: SCHEMA, enum: 'status', name: 'void' },
    ]),
    [`drop sequence ${SCHEMA}.counter`, `drop table ${SCHEMA}.legacy`],
  );
  assert.deepEqual(
    refused([
      { kind: 'table', schema: SCHEMA, name: 'legacy' },
      { kind: 'sequence', schema: SCHEMA, name: 'counter' },
      { kind: 'table', schema: SCHEMA, name: 'orders' },
      { kind: 'enumValue', schema: SCHEMA, enum: 'status', name: 'paid' },
    ]),
    [
      `alter enum ${SCHEMA}.status (values)`,
      `drop column ${SCHEMA}.orders.Fax Number`,
      'drop schema old',
      'drop table old.t',
    ],
  );
});

test('a recorded drop of an object the model still has is an error at the record', () => {
  const to = target([
    { kind: 'column', schema: SCHEMA, table: 'orders', name: 'id' },
    { kind: 'enumValue', schema: SCHEMA, enum: 'status', name: 'new' },
    { kind: 'table', schema: SCHEMA, name: 'legacy' },
  ]);
  const diagnostics = validateModel(to, (path) => ({
    file: 'model.yaml',
    line: Number(path[2]) + 1,
    column: 1,
  }));
  assert.deepEqual(
    diagnostics.map((d) => `${d.location?.line} ${d.code}: ${d.message}`),
    [
      `1 recorded-drop-exists: column ${SCHEMA}.orders.id is recorded as dropped but the model still defines it`,
      `2 recorded-drop-exists: enum value ${SCHEMA}.status.new is recorded as dropped but the model still defines it`,
    ],
  );
});
