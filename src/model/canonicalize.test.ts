import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalBigInteger, canonicalizeModel } from './canonicalize.ts';
import type { Model, Table } from './model-schema.ts';

function table(model: Model, name = 't'): Table | undefined {
  return model.schemas?.public?.tables?.[name];
}

test('identity options at their defaults are left out, given the column type', () => {
  const model: Model = {
    schemas: {
      public: {
        tables: {
          t: {
            columns: [
              {
                name: 'a',
                type: 'integer',
                identity: {
                  generation: 'always',
                  sequenceName: 't_a_seq',
                  start: 1,
                  increment: 1,
                  minValue: 1,
                  maxValue: 2147483647,
                  cache: 1,
                  cycle: false,
                },
              },
              {
                name: 'b',
                type: 'smallint',
                identity: { generation: 'by default', maxValue: 2147483647, start: 5, minValue: 5 },
              },
              {
                name: 'c',
                type: 'bigint',
                identity: {
                  generation: 'always',
                  increment: -2,
                  minValue: '-9223372036854775808',
                  maxValue: -1,
                  start: -1,
                },
              },
            ],
          },
        },
      },
    },
  };
  assert.deepEqual(
    table(canonicalizeModel(model))?.columns.map((c) => c.identity),
    [
      { generation: 'always' },
      // start equal to an explicit minValue is the default start; the maximum is not smallint's.
      { generation: 'by default', minValue: 5, maxValue: 2147483647 },
      { generation: 'always', increment: -2 },
    ],
  );
});

test('sequence numbers: safe integers are numbers, larger ones strings', () => {
  assert.equal(canonicalBigInteger('42'), 42);
  assert.equal(canonicalBigInteger('-9007199254740991'), -9007199254740991);
  assert.equal(canonicalBigInteger('9007199254740992'), '9007199254740992');
  const model = canonicalizeModel({
    schemas: {
      public: { sequences: { s: { type: 'bigint', maxValue: '9223372036854775806', cache: '20' } } },
    },
  });
  assert.deepEqual(model.schemas?.public?.sequences?.s, { maxValue: '9223372036854775806', cache: 20 });
});

test('names equal to the naming templates are left out; lists are sorted by resolved name', () => {
  const model: Model = {
    project: { naming: { unique: 'uq_{table}_{columns}' } },
    schemas: {
      public: {
        tables: {
          t: {
            columns: [
              { name: 'a', type: 'integer' },
              { name: 'b', type: 'integer' },
            ],
            primaryKey: { name: 'pk_t', columns: ['a'] },
            uniques: [
              { name: 'uq_t_b', columns: ['b'] },
              { columns: ['a', 'b'] },
              { name: 'custom', columns: ['a'] },
            ],
            checks: [{ name: 'chk_t_b', expression: 'b > 0' }, { expression: 'a > 0' }],
            indexes: [{ name: 'idx_t_b', columns: ['b'] }, { columns: [{ expression: 'lower(a::text)' }] }],
          },
        },
      },
    },
  };
  const t = table(canonicalizeModel(model));
  assert.deepEqual(t?.primaryKey, { columns: ['a'] });
  assert.deepEqual(t?.uniques, [
    { name: 'custom', columns: ['a'] },
    { columns: ['a', 'b'] },
    { columns: ['b'] },
  ]);
  assert.deepEqual(t?.checks, [{ expression: 'a > 0' }, { expression: 'b > 0' }]);
  assert.deepEqual(t?.indexes, [{ columns: [{ expression: 'lower(a::text)' }] }, { columns: ['b'] }]);
});

test('foreign key, index and storage defaults; serial implies NOT NULL; public keeps no standard comment', () => {
  const model: Model = {
    schemas: {
      public: {
        description: 'standard public schema',
        tables: {
          t: {
            unlogged: false,
            with: { fillfactor: '90', autovacuum_enabled: 'true', note: '1e3' },
            columns: [
              { name: 'id', type: 'bigserial', notNull: true },
              { name: 'x', type: 'text', collation: 'C' },
            ],
            foreignKeys: [
              {
                name: 'named',
                columns: ['id'],
                references: { schema: 'public', table: 'u', columns: ['id'] },
                onDelete: 'cascade',
                onUpdate: 'no action',
                match: 'simple',
                deferrable: false,
              },
            ],
            indexes: [
              {
                name: 'i',
                method: 'btree',
                unique: true,
                columns: [
                  { column: 'x', collation: 'C', order: 'asc', nulls: 'last' },
                  { column: 'id', order: 'desc', nulls: 'last' },
                ],
                include: [],
              },
            ],
          },
        },
      },
    },
  };
  const canonical = canonicalizeModel(model);
  assert.equal(canonical.schemas?.public?.description, undefined);
  const t = table(canonical);
  assert.equal(t?.unlogged, undefined);
  assert.deepEqual(t?.with, { autovacuum_enabled: true, fillfactor: 90, note: '1e3' });
  assert.deepEqual(t?.columns[0], { name: 'id', type: 'bigserial' });
  assert.deepEqual(t?.foreignKeys, [
    { name: 'named', columns: ['id'], references: { table: 'u', columns: ['id'] }, onDelete: 'cascade' },
  ]);
  assert.deepEqual(t?.indexes, [
    { name: 'i', unique: true, columns: ['x', { column: 'id', order: 'desc', nulls: 'last' }] },
  ]);
});

test('domain check names are left out only when PostgreSQL would choose the same ones', () => {
  const canonical = canonicalizeModel({
    schemas: {
      public: {
        domains: {
          d: {
            type: 'integer',
            checks: [
              { name: 'd_check1', expression: 'VALUE < 9' },
              { name: 'd_check', expression: 'VALUE > 0' },
            ],
          },
          e: { type: 'integer', checks: [{ name: 'e_check2', expression: 'VALUE > 0' }] },
          f: {
            type: 'integer',
            checks: [{ name: 'rule', expression: 'VALUE > 0' }, { expression: 'VALUE < 9' }],
          },
        },
      },
    },
  });
  const domains = canonical.schemas?.public?.domains;
  assert.deepEqual(domains?.d?.checks, [{ expression: 'VALUE > 0' }, { expression: 'VALUE < 9' }]);
  assert.deepEqual(domains?.e?.checks, [{ name: 'e_check2', expression: 'VALUE > 0' }]);
  assert.deepEqual(domains?.f?.checks, [
    { expression: 'VALUE < 9' },
    { name: 'rule', expression: 'VALUE > 0' },
  ]);
});

test('canonical form is a fixed point and the input is left alone', () => {
  const model: Model = {
    schemas: {
      public: {
        tables: {
          t: {
            columns: [{ name: 'a', type: 'integer', notNull: false }],
            checks: [{ expression: 'a > 0', notValid: false }],
          },
        },
      },
    },
  };
  const copy = structuredClone(model);
  const once = canonicalizeModel(model);
  assert.deepEqual(canonicalizeModel(once), once);
  assert.deepEqual(model, copy);
  assert.equal(once.schemata, 1);
});
