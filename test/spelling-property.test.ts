// Property: two spellings of the same expressions (casts added or left out, parentheses, IN against
// = ANY, BETWEEN against two comparisons, keyword case, white space, SELECT * against a column list)
// are spelled by PostgreSQL into the same model, so each diffs empty against the database built from
// the other. 200 runs on one embedded database, emptied between spellings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Model } from '../src/model/model-schema.ts';
import { diffModels } from '../src/diff/diff-models.ts';
import { describe } from '../src/dialects/postgres/plan/plan-changes.ts';
import { EMBEDDED, openScratch, type Scratch } from '../src/db/scratch-source.ts';
import { finishSpelling, spellInScratch } from '../src/dialects/postgres/spell/spell-model.ts';
import { loadSqlParser } from '../src/dialects/postgres/types.ts';

const RUNS = Number(process.env.SCHEMATA_SPELLING_PROPERTY_RUNS ?? 200);

/** Each entry: equivalent spellings of one condition PostgreSQL stores one way. */
const CONDITIONS: readonly (readonly string[])[] = [
  ['n > 0', 'n>0', '(n > 0)', 'N > 0', 'n > (0)', 'n > 0::integer', 'n > CAST(0 AS integer)'],
  ['n IN (1, 2, 3)', 'n in (1,2,3)', 'n = ANY (ARRAY[1, 2, 3])', 'n = any(array[1,2,3])'],
  // BETWEEN is stored as an AND of its own: beside other conditions, the pair keeps its parentheses.
  ['a BETWEEN 1 AND 10', 'a between 1 and 10', '(a >= 1 AND a <= 10)', '((a >= 1) and (a <= 10))'],
  ["s IN ('x', 'y')", "s in ('x','y')", "S IN ( 'x' , 'y' )", "(s IN ('x', 'y'))"],
  ["s <> ''", "s != ''", "(s <> '')", "s<>''"],
  ['d IS NOT NULL', 'd is not null', '(d IS NOT NULL)', 'D IS  NOT  NULL'],
  ["d >= '2020-01-01'::date", "d >= date '2020-01-01'", "d >= CAST('2020-01-01' AS date)"],
  ['length(s) < 5', 'LENGTH(s) < 5', 'length(s::text) < 5', 'length((s)::text) < 5'],
];

const DEFAULTS: readonly (readonly string[])[] = [
  ["'x'", "'x'::character varying", "'x'::varchar", "('x')", "CAST('x' AS varchar)"],
];

const VIEWS: readonly (readonly string[])[] = [
  [
    'SELECT * FROM t',
    'select id, s, n, a, d from t',
    'SELECT t.id, t.s, t.n, t.a, t.d FROM t',
    'SELECT  *  FROM  public.t',
  ],
];

const JOINERS = [' AND ', ' and ', ') AND (', ' AND\n  '];

/** Two spellings of one set of conditions: indexes into CONDITIONS and the spelling of each. */
const spellings = fc
  .uniqueArray(fc.nat(CONDITIONS.length - 1), { minLength: 1, maxLength: 3 })
  .chain((conditions) =>
    fc.record({
      conditions: fc.constant(conditions),
      left: fc.array(fc.nat(9), { minLength: conditions.length, maxLength: conditions.length }),
      right: fc.array(fc.nat(9), { minLength: conditions.length, maxLength: conditions.length }),
      joinLeft: fc.nat(JOINERS.length - 1),
      joinRight: fc.nat(JOINERS.length - 1),
      other: fc.array(fc.nat(9), { minLength: 3, maxLength: 3 }),
      predicate: fc.nat(CONDITIONS.length - 1),
    }),
  );

function pick(options: readonly string[], index: number): string {
  return options[index % options.length] as string;
}

function condition(conditions: number[], choices: number[], joiner: string): string {
  const parts = conditions.map((c, i) => pick(CONDITIONS[c] as string[], choices[i] ?? 0));
  const joined = parts.join(joiner);
  return joiner.startsWith(')') ? `(${joined})` : joined;
}

function model(check: string, defaultValue: string, predicate: string, view: string): Model {
  return {
    schemas: {
      public: {
        tables: {
          t: {
            columns: [
              { name: 'id', type: 'integer', notNull: true },
              { name: 's', type: 'varchar(10)', default: defaultValue },
              { name: 'n', type: 'int' },
              { name: 'a', type: 'integer' },
              { name: 'd', type: 'date' },
            ],
            primaryKey: { columns: ['id'] },
            checks: [{ name: 't_check', expression: check }],
            indexes: [{ name: 't_partial', columns: ['n'], where: predicate }],
          },
        },
        views: { v: { definition: view } },
      },
    },
  };
}

async function spell(scratch: Scratch, written: Model): Promise<Model> {
  await scratch.db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  const result = await spellInScratch(written, scratch, EMBEDDED);
  assert.ok(result.ok, JSON.stringify(result));
  const finished = finishSpelling(written, result.model, false);
  assert.ok(finished.ok, JSON.stringify(finished));
  return finished.model;
}

test('equivalent spellings of expressions give an empty diff against the database built from either', async () => {
  await loadSqlParser();
  const scratch = await openScratch(EMBEDDED);
  try {
    await fc.assert(
      fc.asyncProperty(spellings, async (run) => {
        const [defaultA, defaultB, viewChoice] = run.other as [number, number, number];
        const predicateChoices = [defaultA, defaultB];
        const a = model(
          condition(run.conditions, run.left, JOINERS[run.joinLeft] as string),
          pick(DEFAULTS[0] as string[], defaultA),
          pick(CONDITIONS[run.predicate] as string[], predicateChoices[0] ?? 0),
          pick(VIEWS[0] as string[], viewChoice),
        );
        const b = model(
          condition(run.conditions, run.right, JOINERS[run.joinRight] as string),
          pick(DEFAULTS[0] as string[], defaultB),
          pick(CONDITIONS[run.predicate] as string[], predicateChoices[1] ?? 0),
          pick(VIEWS[0] as string[], viewChoice + 1),
        );
        const changes = diffModels(await spell(scratch, a), await spell(scratch, b));
        assert.deepEqual(changes.map(describe), [], JSON.stringify({ a, b }));
      }),
      { numRuns: RUNS, seed: Number(process.env.SCHEMATA_PROPERTY_SEED ?? 20261207) },
    );
  } finally {
    await scratch.close();
  }
});
