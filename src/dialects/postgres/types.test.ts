import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalType, loadSqlParser, parseTypeName } from './types.ts';

before(() => loadSqlParser());

test('built-in types take the spelling format_type() gives', () => {
  const cases: [string, string][] = [
    ['int', 'integer'],
    ['int4', 'integer'],
    ['INT8', 'bigint'],
    ['varchar(255)', 'character varying(255)'],
    ['varchar(255)[]', 'character varying(255)[]'],
    ['int[3][]', 'integer[]'],
    ['timestamptz', 'timestamp with time zone'],
    ['timestamp(3) with time zone', 'timestamp(3) with time zone'],
    ['time(2)', 'time(2) without time zone'],
    ['numeric(10, 2)', 'numeric(10,2)'],
    ['decimal', 'numeric'],
    ['double precision', 'double precision'],
    ['float', 'double precision'],
    ['bool', 'boolean'],
    ['char', 'character(1)'],
    ['"char"', '"char"'],
    ['bit varying(4)', 'bit varying(4)'],
    ['interval day to second(3)', 'interval day to second(3)'],
    ['interval(2)', 'interval(2)'],
    ['pg_catalog.text', 'text'],
    ['jsonb', 'jsonb'],
  ];
  for (const [input, expected] of cases) assert.equal(canonicalType(input), expected, input);
});

test('user types: public is implied, other schemas stay qualified and quoted', () => {
  assert.equal(canonicalType('public.citext'), 'citext');
  assert.equal(canonicalType('task_status'), 'task_status');
  assert.equal(canonicalType('app."My Type"[]'), 'app."My Type"[]');
  assert.equal(canonicalType('"Order"'), '"Order"');
  const ref = parseTypeName('app.status');
  assert.equal(ref.schema, 'app');
  assert.equal(ref.builtin, false);
});

test('serial types are kept as written shorthand', () => {
  assert.equal(canonicalType('serial'), 'serial');
  assert.equal(canonicalType('bigserial'), 'bigserial');
});

test('text that is not a type name is reported', () => {
  assert.throws(() => parseTypeName('int; drop table x'));
  assert.throws(() => parseTypeName('setof int'));
  assert.throws(() => parseTypeName('a.b.c.d'));
  assert.throws(() => parseTypeName('int int'));
  assert.throws(() => parseTypeName('int from t'));
});
