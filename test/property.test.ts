// Property: for any valid model (hostile names included), model -> DDL -> database -> inspect gives
// the same model back. fast-check generates the models; 200 runs on the embedded database and 200 on
// the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type {
  Column,
  ForeignKey,
  Index,
  Model,
  SchemaDef,
  Table,
  Unique,
} from '../src/model/model-schema.ts';
import { compareModels } from '../src/model/compare-models.ts';
import { validateModel } from '../src/model/validate-model.ts';
import { formatDiagnostic } from '../src/model/diagnostics.ts';
import { generateDdl } from '../src/dialects/postgres/render-ddl.ts';
import { inspectDatabase } from '../src/dialects/postgres/inspect/inspect-database.ts';
import { quoteIdent, quoteLiteral } from '../src/dialects/postgres/quote.ts';
import { loadSqlParser } from '../src/dialects/postgres/types.ts';
import { loadSql } from '../src/readers/import-sql.ts';
import type { Database } from '../src/db/database.ts';
import { withDatabase } from './support/databases.ts';

const RUNS = Number(process.env.SCHEMATA_PROPERTY_RUNS ?? 200);

/** Names that need quoting, plus ordinary ones; each run's names get a run prefix to stay unique. */
const hostileName = fc.constantFrom(
  'plain',
  'Upper Case',
  'select',
  'order',
  'user',
  'has "quotes"',
  "it's",
  'café',
  'ünï cödé',
  '日本語',
  'with.dot',
  'x'.repeat(40),
  'yes',
  'null',
  '1e3',
  'a-b',
);

const columnType = fc.constantFrom(
  'integer',
  'bigint',
  'smallint',
  'text',
  'boolean',
  'numeric(10,2)',
  'character varying(20)',
  'timestamp with time zone',
  'date',
  'jsonb',
  'uuid',
  'integer[]',
  'text[]',
  'double precision',
  'bytea',
);

const comment = fc.option(
  fc.constantFrom(
    'A plain comment.',
    "It's quoted.",
    'Line one\nline two',
    'Ünïcödé ✓',
    'Back\\slash',
    '"double"',
  ),
  { nil: undefined },
);

interface ColumnPlan {
  type: string;
  notNull: boolean;
  withDefault: boolean;
  identity: boolean;
  description: string | undefined;
}

const columnPlan = fc.record({
  type: columnType,
  notNull: fc.boolean(),
  withDefault: fc.boolean(),
  identity: fc.boolean(),
  description: comment,
});

const tablePlan = fc.record({
  columns: fc.array(columnPlan, { minLength: 1, maxLength: 6 }),
  withPrimaryKey: fc.boolean(),
  uniqueOn: fc.option(fc.nat(5), { nil: undefined }),
  nullsNotDistinct: fc.boolean(),
  indexOn: fc.array(fc.record({ at: fc.nat(5), desc: fc.boolean(), nullsFirst: fc.boolean() }), {
    maxLength: 2,
  }),
  checkOn: fc.option(fc.nat(5), { nil: undefined }),
  referencesEarlier: fc.option(
    fc.record({ table: fc.nat(10), onDelete: fc.constantFrom('cascade', 'set null', 'restrict') }),
    {
      nil: undefined,
    },
  ),
  unlogged: fc.boolean(),
  description: comment,
});

const modelPlan = fc.record({
  schemaName: hostileName,
  useEnum: fc.boolean(),
  tables: fc.array(fc.tuple(hostileName, tablePlan), { minLength: 1, maxLength: 5 }),
  columnNames: fc.array(hostileName, { minLength: 6, maxLength: 6 }),
});

function defaultFor(type: string): string | undefined {
  switch (type) {
    case 'integer':
    case 'bigint':
    case 'smallint':
      return '42';
    case 'text':
      return "'it''s'::text";
    case 'boolean':
      return 'true';
    case 'timestamp with time zone':
      return 'now()';
    case 'jsonb':
      return "'{}'::jsonb";
    case 'uuid':
      return 'gen_random_uuid()';
    default:
      return undefined;
  }
}

let runCounter = 0;

/** Builds a canonical model from a plan: the spelling inspect produces. */
function buildModel(p: ModelPlanValue): Model {
  runCounter++;
  const schemaName = `s${runCounter} ${p.schemaName}`.slice(0, 50);
  const schema: SchemaDef = {};
  const enumName = 'Status kind';
  const qualifiedEnum = `${quoteIdent(schemaName)}.${quoteIdent(enumName)}`;
  if (p.useEnum) schema.enums = { [enumName]: { values: ['a', "b'c", 'Ünï'], description: 'Enum comment' } };
  const tables: Record<string, Table> = {};
  const tableNames: string[] = [];
  p.tables.forEach(([rawName, t], ti) => {
    const tableName = `t${ti}_${rawName}`.slice(0, 30);
    if (tables[tableName]) return;
    const columns: Column[] = t.columns.map((c: ColumnPlan, ci: number) => {
      const name = `c${ci}_${p.columnNames[ci] ?? 'x'}`.slice(0, 20);
      const type = p.useEnum && ci === 1 ? qualifiedEnum : c.type;
      const column: Column = { name, type };
      const integer = ['integer', 'bigint', 'smallint'].includes(type);
      if (c.identity && integer) {
        column.notNull = true;
        column.identity = { generation: ci % 2 === 0 ? 'always' : 'by default' };
      } else {
        if (c.notNull) column.notNull = true;
        const def = type === qualifiedEnum ? `${quoteLiteral("b'c")}::${qualifiedEnum}` : defaultFor(type);
        if (c.withDefault && def) column.default = def;
      }
      if (c.description) column.description = c.description;
      return column;
    });
    const table: Table = { columns };
    if (t.description) table.description = t.description;
    if (t.unlogged) table.unlogged = true;
    const first = columns[0]!;
    const keyable = (col: Column) =>
      !['jsonb', 'integer[]', 'text[]', 'bytea'].includes(col.type) && col.type !== 'double precision';
    if (t.withPrimaryKey && keyable(first)) {
      first.notNull = true;
      table.primaryKey = { columns: [first.name] };
    }
    const uniqueColumn = t.uniqueOn !== undefined ? columns[t.uniqueOn % columns.length] : undefined;
    if (uniqueColumn && keyable(uniqueColumn) && uniqueColumn !== first) {
      const unique: Unique = { columns: [uniqueColumn.name], name: `u${ti}` };
      if (t.nullsNotDistinct) unique.nullsNotDistinct = true;
      table.uniques = [unique];
    }
    const indexes: Index[] = [];
    t.indexOn.forEach((ix: { at: number; desc: boolean; nullsFirst: boolean }, n: number) => {
      const col = columns[ix.at % columns.length]!;
      if (!keyable(col)) return;
      const key: Index['columns'][number] =
        ix.desc || ix.nullsFirst
          ? {
              column: col.name,
              ...(ix.desc && { order: 'desc' as const }),
              ...(ix.desc !== ix.nullsFirst && {
                nulls: ix.nullsFirst ? ('first' as const) : ('last' as const),
              }),
            }
          : col.name;
      indexes.push({ name: `i${ti}_${n} ${p.schemaName}`.slice(0, 60), columns: [key] });
    });
    if (indexes.length > 0) table.indexes = indexes;
    const checkColumn = t.checkOn !== undefined ? columns[t.checkOn % columns.length] : undefined;
    if (checkColumn && ['integer', 'bigint', 'smallint'].includes(checkColumn.type)) {
      table.checks = [
        { name: `k${ti}`, expression: `${quoteIdent(checkColumn.name)} > 0`, description: 'Positive' },
      ];
    }
    if (t.referencesEarlier && tableNames.length > 0) {
      const targetName = tableNames[t.referencesEarlier.table % tableNames.length]!;
      const target = tables[targetName]!;
      const targetKey = target.primaryKey?.columns[0];
      const targetColumn = target.columns.find((c) => c.name === targetKey);
      if (targetColumn && !target.unlogged === !table.unlogged) {
        const fkColumn: Column = { name: 'ref id', type: targetColumn.type };
        columns.push(fkColumn);
        const fk: ForeignKey = {
          name: `f${ti}`,
          columns: ['ref id'],
          references: { table: targetName, columns: [targetColumn.name] },
        };
        if (t.referencesEarlier.onDelete !== 'restrict' || ti % 2 === 0)
          fk.onDelete = t.referencesEarlier.onDelete;
        table.foreignKeys = [fk];
      }
    }
    tables[tableName] = table;
    tableNames.push(tableName);
  });
  schema.tables = tables;
  return { schemas: { [schemaName]: schema } };
}

type ModelPlanValue = typeof modelPlan extends fc.Arbitrary<infer T> ? T : never;

async function roundTrip(db: Database, model: Model) {
  const problems = validateModel(model).filter((d) => d.severity === 'error');
  assert.deepEqual(problems.map(formatDiagnostic), [], 'the generated model is valid');
  const schemaName = Object.keys(model.schemas ?? {})[0]!;
  const ddl = await generateDdl(model);
  const loaded = await loadSql(db, ddl, 'generated.sql');
  try {
    assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), [], ddl);
    const inspected = await inspectDatabase(db, { schemas: [schemaName] });
    assert.deepEqual(inspected.unsupported, []);
    assert.deepEqual(compareModels(model, inspected.model), []);
  } finally {
    await db.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(schemaName)} CASCADE`);
  }
}

for (const kind of ['embedded', 'server'] as const) {
  test(`model -> DDL -> ${kind} database -> model is the identity (${RUNS} generated models)`, async (t) => {
    await loadSqlParser();
    await withDatabase(kind, t, async (db) => {
      await fc.assert(
        fc.asyncProperty(modelPlan, async (plan) => roundTrip(db, buildModel(plan))),
        { numRuns: RUNS, seed: Number(process.env.SCHEMATA_PROPERTY_SEED ?? 20261121) },
      );
    });
  });
}
