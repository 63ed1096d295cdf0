// The shape check that reads model files without zod's parse must never accept what zod rejects:
// each construct of the format against zod on edge values, valid models, and fast-check mutations of
// a model that uses every feature.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as z from 'zod';
import { compileShapeCheck } from '../src/model/shape-check.ts';
import { ModelFileSchema } from '../src/model/model-schema.ts';
import { readPlainYaml } from '../src/readers/plain-yaml.ts';
import { featuresModel } from './fixtures/ddl-features-model.ts';
import { patternModels } from './fixtures/pattern-models.ts';

const modelShape = compileShapeCheck(ModelFileSchema);
const zodAccepts = (schema: z.ZodType, value: unknown) => schema.safeParse(value, { jitless: true }).success;

test('the shape check knows every construct the model format uses', () => {
  assert.deepEqual(modelShape.unsupported, []);
});

test('valid models pass the shape check', () => {
  const example = readPlainYaml(readFileSync('examples/quiz-platform/model.yaml', 'utf8'));
  const models: [string, unknown][] = [
    ['features', featuresModel],
    ['quiz-platform example', example],
    ...Object.entries(patternModels),
  ];
  for (const [name, model] of models) {
    assert.equal(zodAccepts(ModelFileSchema, model), true, name);
    assert.equal(modelShape.check(model), true, name);
  }
});

/** An object of a class: not a record, for zod and for the check. */
class Entries {
  a = 'x';
}

const cases: { name: string; schema: z.ZodType; values: unknown[]; stricter?: unknown[] }[] = [
  {
    name: 'non-empty string',
    schema: z.string().min(1),
    values: ['', 'a', 'é', '\u{1F600}', 1, null, undefined, ['a'], { length: 2 }],
  },
  {
    name: 'bounded string',
    schema: z.string().min(2).max(3),
    values: [
      'ab',
      'a',
      'abcd',
      '\u{1F600}',
      '\u{1F600}x',
      '\u{1F600}\u{1F600}',
      'a\u{1F600}\u{1F600}',
      '\ud800\ud800',
      '\udc00\ud800x',
    ],
  },
  {
    name: 'pattern',
    schema: z.string().regex(/^-?[0-9]+$/),
    values: ['12', '-3', '1.5', '', ' 1', 12],
  },
  {
    name: 'integer with bounds',
    schema: z.number().int().min(-1).max(18),
    values: [-1, -2, 0, -0, 18, 18.5, 19, 1.5, NaN, Infinity, '3', true, 2 ** 53],
  },
  {
    name: 'safe integer',
    schema: z.number().int().nonnegative(),
    values: [0, 2 ** 53 - 1, 2 ** 53, -1, Number.MAX_VALUE, -Infinity],
  },
  {
    name: 'exclusive bounds',
    schema: z.number().gt(0).lt(1),
    values: [0, 0.5, 1, NaN],
  },
  { name: 'boolean', schema: z.boolean(), values: [true, false, 0, 'true', null] },
  { name: 'enum', schema: z.enum(['a', 'b']), values: ['a', 'c', 0, undefined] },
  { name: 'literal', schema: z.literal(1), values: [1, '1', true] },
  {
    name: 'optional',
    schema: z.strictObject({ a: z.string().optional() }),
    values: [{}, { a: undefined }, { a: null }, { a: 'x' }, { a: 1 }],
  },
  {
    name: 'strict object',
    schema: z.strictObject({ a: z.string() }),
    values: [
      { a: 'x' },
      { a: 'x', b: 1 },
      { b: 1 },
      JSON.parse('{"a":"x","__proto__":{"b":1}}'),
      Object.assign(Object.create(null) as object, { a: 'x' }),
      [],
      'a',
      null,
    ],
  },
  {
    name: 'fields named like what every object inherits',
    schema: z.strictObject({ toString: z.string().optional(), name: z.string().optional() }),
    values: [{}, { toString: 'x' }, { name: 'n' }, Object.create(null) as object],
  },
  {
    name: 'loose object without catchall',
    schema: z.object({ a: z.string() }),
    values: [{ a: 'x', b: 1 }, { b: 1 }],
  },
  {
    name: 'array with a minimum',
    schema: z.array(z.string()).min(1),
    values: [[], ['a'], ['a', 1], [undefined], { 0: 'a', length: 1 }],
  },
  {
    name: 'array of optional items',
    schema: z.array(z.string().optional()),
    values: [[undefined], ['a', undefined]],
  },
  {
    name: 'record',
    schema: z.record(z.string().min(1), z.number()),
    values: [
      {},
      { a: 1 },
      { a: '1' },
      { '': 1 },
      [],
      Object.assign(Object.create(null) as object, { a: 1 }),
      { [Symbol('s')]: 1 },
      JSON.parse('{"__proto__":1,"a":2}'),
      new Entries(),
    ],
    stricter: [JSON.parse('{"__proto__":"not a number"}')],
  },
  {
    name: 'union',
    schema: z.union([z.number().int(), z.string().regex(/^[0-9]+$/)]),
    values: [1, '1', 1.5, 'x', null],
  },
  {
    name: 'discriminated union',
    schema: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('a'), x: z.string() }),
      z.strictObject({ kind: z.literal('b'), y: z.number() }),
    ]),
    values: [
      { kind: 'a', x: 's' },
      { kind: 'a', y: 1 },
      { kind: 'b', y: 1 },
      { kind: 'c', x: 's' },
      { x: 's' },
    ],
  },
];

for (const { name, schema, values, stricter = [] } of cases) {
  test(`shape check of ${name} answers as zod does`, () => {
    const { check, unsupported } = compileShapeCheck(schema);
    assert.deepEqual(unsupported, []);
    for (const value of values) {
      assert.equal(check(value), zodAccepts(schema, value), `${name}: ${describe(value)}`);
    }
    // Where zod lets a value through that the model never holds, the check says no (zod then decides).
    for (const value of stricter) {
      assert.equal(zodAccepts(schema, value), true);
      assert.equal(check(value), false);
    }
  });
}

test('a construct the check does not know is answered no', () => {
  const { check, unsupported } = compileShapeCheck(z.strictObject({ a: z.string().email() }));
  assert.equal(unsupported.length, 1);
  assert.match(unsupported[0] ?? '', /string format email/);
  assert.equal(check({ a: 'x@example.com' }), false);
  const defaulted = compileShapeCheck(z.strictObject({ a: z.string().default('x') }));
  assert.deepEqual(defaulted.unsupported, ['.a: type default']);
});

/** Every path in a value: the places a mutation can change. */
function pathsOf(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const paths = [path];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...pathsOf(item, [...path, i])));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...path, key]));
  }
  return paths;
}

/** A copy of a value with the thing at a path replaced, removed (undefined) or given an extra key. */
function mutated(value: unknown, path: readonly (string | number)[], change: Change): unknown {
  if (path.length === 0) {
    if (change.kind === 'replace') return change.value;
    if (change.kind === 'add' && typeof value === 'object' && value !== null && !Array.isArray(value))
      return { ...value, [change.key]: change.value };
    return value;
  }
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) {
    const copy = [...(value as unknown[])];
    if (rest.length === 0 && change.kind === 'remove') copy.splice(head as number, 1);
    else copy[head as number] = mutated(copy[head as number], rest, change);
    return copy;
  }
  const copy = { ...(value as Record<string, unknown>) };
  if (rest.length === 0 && change.kind === 'remove') delete copy[head];
  else copy[head] = mutated(copy[head], rest, change);
  return copy;
}

type Change =
  { kind: 'replace'; value: unknown } | { kind: 'remove' } | { kind: 'add'; key: string; value: unknown };

test('mutated models: the shape check answers as zod does', () => {
  const base = JSON.parse(JSON.stringify(featuresModel)) as unknown;
  const paths = pathsOf(base);
  const odd = fc.constantFrom<unknown>('', 0, -1, 1.5, NaN, Infinity, 2 ** 53, null, undefined, [], {}, true);
  const anyValue = fc.oneof(odd, fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 4 }));
  const change: fc.Arbitrary<Change> = fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), value: anyValue }),
    fc.constant({ kind: 'remove' as const }),
    fc.record({
      kind: fc.constant('add' as const),
      key: fc.oneof(fc.constantFrom('name', 'type', 'columns', 'extra'), fc.string({ maxLength: 6 })),
      value: anyValue,
    }),
  );
  fc.assert(
    fc.property(fc.nat(paths.length - 1), change, (at, what) => {
      const value = mutated(base, paths[at] ?? [], what);
      const fast = modelShape.check(value);
      // zod does not look at the value of a record key __proto__; the check does, and may say no.
      if (fast !== zodAccepts(ModelFileSchema, value) && !JSON.stringify(value).includes('__proto__'))
        return false;
      return !fast || zodAccepts(ModelFileSchema, value);
    }),
    { numRuns: 2000, seed: 20261121 },
  );
});

function describe(value: unknown): string {
  if (typeof value === 'number' || value === undefined || typeof value === 'symbol') return String(value);
  const proto: unknown = typeof value === 'object' && value !== null ? Object.getPrototypeOf(value) : {};
  return `${JSON.stringify(value)}${proto === null ? ' (no prototype)' : ''}`;
}
