// Property: for random pairs of small models (a generated model and a mutation of it), the planned
// migration applied to the first gives the second, and the reverse plan gives the first back.
// 100 runs on the embedded database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Column, Model, Table } from '../src/model/model-schema.ts';
import { diffModels } from '../src/diff/diff-models.ts';
import { planChanges } from '../src/dialects/postgres/plan/plan-changes.ts';
import { verifyPlan } from '../src/dialects/postgres/plan/verify-plan.ts';
import { loadSqlParser } from '../src/dialects/postgres/types.ts';
import { withEmbeddedDatabase } from './support/databases.ts';

const RUNS = Number(process.env.SCHEMATA_DIFF_PROPERTY_RUNS ?? 100);
const TYPES = ['integer', 'bigint', 'text', 'character varying(10)', 'boolean', 'numeric(8,2)', 'mood'];
const DEFAULTS: Record<string, string> = {
  integer: '1',
  bigint: '2',
  text: "'x'::text",
  boolean: 'true',
  mood: "'a'::s.mood",
};

const tablePlan = fc.record({
  columns: fc.array(
    fc.record({ type: fc.constantFrom(...TYPES), notNull: fc.boolean(), withDefault: fc.boolean() }),
    {
      minLength: 1,
      maxLength: 3,
    },
  ),
  indexed: fc.boolean(),
  described: fc.boolean(),
});

const mutation = fc.record({
  kind: fc.constantFrom(
    'add-column',
    'drop-column',
    'toggle-not-null',
    'widen',
    'toggle-index',
    'drop-table',
    'add-table',
    'add-enum-value',
    'describe',
    'rename-column',
    'add-check',
    'add-foreign-key',
    'toggle-default',
  ),
  table: fc.nat(5),
  column: fc.nat(5),
});

function buildModel(tables: (typeof tablePlan extends fc.Arbitrary<infer T> ? T : never)[]): Model {
  const result: Record<string, Table> = {};
  tables.forEach((plan, ti) => {
    const columns: Column[] = [{ name: 'id', type: 'integer', notNull: true }];
    plan.columns.forEach((c, ci) => {
      const column: Column = { name: `c${ci}`, type: c.type === 'mood' ? 's.mood' : c.type };
      if (c.notNull) column.notNull = true;
      const value = DEFAULTS[c.type];
      if (c.withDefault && value !== undefined) column.default = value;
      columns.push(column);
    });
    const table: Table = { columns, primaryKey: { columns: ['id'] } };
    if (plan.indexed) table.indexes = [{ columns: ['c0'] }];
    if (plan.described) table.description = `Table ${ti}`;
    result[`t${ti}`] = table;
  });
  return { schemas: { s: { enums: { mood: { values: ['a', 'b', 'c'] } }, tables: result } } };
}

function mutate(model: Model, mutations: { kind: string; table: number; column: number }[]): Model {
  const copy = structuredClone(model);
  const schema = copy.schemas!.s!;
  const tables = schema.tables!;
  for (const m of mutations) {
    const names = Object.keys(tables);
    if (names.length === 0) break;
    const tableName = names[m.table % names.length]!;
    const table = tables[tableName]!;
    const extra = table.columns.filter((c) => c.name !== 'id' && c.renamedFrom === undefined);
    const column = extra.length > 0 ? extra[m.column % extra.length] : undefined;
    switch (m.kind) {
      case 'add-column':
        table.columns.push({ name: `n${table.columns.length}`, type: 'text', default: "'new'::text" });
        break;
      case 'drop-column':
        if (column && column.name !== 'c0') table.columns = table.columns.filter((c) => c !== column);
        break;
      case 'toggle-not-null':
        if (column) column.notNull = column.notNull ? undefined : true;
        if (column && column.notNull === undefined) delete column.notNull;
        break;
      case 'widen':
        if (column?.type === 'integer') column.type = 'bigint';
        else if (column?.type === 'character varying(10)') column.type = 'text';
        else if (column?.type === 'numeric(8,2)') column.type = 'numeric(12,2)';
        break;
      case 'toggle-index':
        if (table.indexes) delete table.indexes;
        else table.indexes = [{ columns: [column?.name ?? 'id'] }];
        break;
      case 'drop-table':
        if (
          names.length > 1 &&
          !Object.values(tables).some((t) => t.foreignKeys?.some((fk) => fk.references.table === tableName))
        ) {
          delete tables[tableName];
        }
        break;
      case 'add-table':
        tables[`x${names.length}`] = {
          columns: [
            { name: 'id', type: 'bigint', notNull: true },
            { name: 'v', type: 's.mood' },
          ],
          primaryKey: { columns: ['id'] },
        };
        break;
      case 'add-enum-value':
        schema.enums!.mood!.values.splice(1 + (m.column % 2), 0, `v${m.table}${m.column}`);
        break;
      case 'describe':
        if (table.description) delete table.description;
        else table.description = "Described, isn't it?";
        break;
      case 'rename-column':
        if (column) {
          table.columns = table.columns.map((c) =>
            c === column ? { ...c, name: `${c.name}_r`, renamedFrom: c.name } : c,
          );
          for (const index of table.indexes ?? [])
            index.columns = index.columns.map((k) => (k === column.name ? `${column.name}_r` : k));
        }
        break;
      case 'add-check':
        if (column?.type === 'integer' && !table.checks)
          table.checks = [{ expression: `${column.name} > 0` }];
        break;
      case 'add-foreign-key': {
        const target = names[0]!;
        if (target !== tableName && !table.foreignKeys && column?.type === 'integer') {
          table.foreignKeys = [{ columns: [column.name], references: { table: target, columns: ['id'] } }];
        }
        break;
      }
      case 'toggle-default':
        if (column?.default !== undefined) delete column.default;
        else if (column && DEFAULTS[column.type] !== undefined) column.default = DEFAULTS[column.type];
        break;
    }
  }
  return copy;
}

test(`plan applied -> re-diff is empty and down restores (${RUNS} generated model pairs, embedded)`, async () => {
  await loadSqlParser();
  await withEmbeddedDatabase(async (db) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(tablePlan, { minLength: 1, maxLength: 3 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        async (tables, mutations) => {
          const from = buildModel(tables);
          const to = mutate(from, mutations);
          const plan = planChanges(diffModels(from, to), { allowDataLoss: true });
          assert.deepEqual(
            plan.diagnostics.filter((d) => d.severity === 'error'),
            [],
          );
          try {
            const result = await verifyPlan(from, to, plan, { db });
            assert.deepEqual(
              result,
              { ok: true },
              JSON.stringify({ from, to, up: plan.up.map((s) => s.sql) }),
            );
          } finally {
            await db.exec('DROP SCHEMA IF EXISTS s CASCADE');
          }
        },
      ),
      { numRuns: RUNS, seed: Number(process.env.SCHEMATA_PROPERTY_SEED ?? 20261121) },
    );
  });
});
