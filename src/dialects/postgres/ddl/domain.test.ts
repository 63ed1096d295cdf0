import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Domain } from '../../../model/model-schema.ts';
import { domainCheckNames } from '../../../model/naming.ts';
import { loadSqlParser } from '../types.ts';
import { renderDomain } from './domain.ts';
import { orderDomains, type DomainEntry } from './domain-order.ts';

before(() => loadSqlParser());

function entry(schema: string, name: string, domain: Domain): DomainEntry {
  return { schema, name, domain, checkNames: domainCheckNames(name, domain.checks ?? []) };
}

test('unnamed domain checks are named <domain>_check, <domain>_check1, ... around explicit names', () => {
  const checks = [{}, { name: 'd_check1' }, {}, { name: 'x' }, {}];
  assert.deepEqual(domainCheckNames('d', checks), ['d_check', 'd_check1', 'd_check2', 'x', 'd_check3']);
  assert.deepEqual(domainCheckNames('d', []), []);
});

test('the domain part of a check name is shortened to fit 63 bytes, never splitting a character', () => {
  const long = `${'ð'.repeat(31)}d`;
  const [first, second] = domainCheckNames(long, [{}, {}]);
  assert.equal(first, `${'ð'.repeat(28)}_check`);
  assert.equal(second, `${'ð'.repeat(28)}_check1`);
  assert.equal(domainCheckNames('a'.repeat(63), [{}])[0], `${'a'.repeat(57)}_check`);
});

test('a domain: type, collation, default, NOT NULL and named checks, one per line', () => {
  const [create, ...rest] = renderDomain(
    entry('My Schema', 'Code', {
      type: 'varchar(10)',
      collation: 'C',
      default: "'a' || 'b'",
      notNull: true,
      checks: [{ expression: "VALUE <> ''" }, { name: 'upper case', expression: 'VALUE = upper(VALUE)' }],
    }),
  );
  assert.equal(
    create,
    [
      'CREATE DOMAIN "My Schema"."Code" AS character varying(10)',
      '  COLLATE "C"',
      "  DEFAULT ('a' || 'b')",
      '  NOT NULL',
      `  CONSTRAINT "Code_check" CHECK (VALUE <> '')`,
      '  CONSTRAINT "upper case" CHECK (VALUE = upper(VALUE));',
    ].join('\n'),
  );
  assert.deepEqual(rest, []);
});

test('NOT VALID domain checks are added by ALTER DOMAIN, which CREATE DOMAIN does not accept', () => {
  const statements = renderDomain(
    entry('public', 'd', {
      type: 'int',
      checks: [{ expression: 'VALUE > 0', notValid: true }, { expression: 'true' }],
    }),
  );
  assert.deepEqual(statements, [
    'CREATE DOMAIN public.d AS integer\n  CONSTRAINT d_check1 CHECK (true);',
    'ALTER DOMAIN public.d\n  ADD CONSTRAINT d_check CHECK (VALUE > 0) NOT VALID;',
  ]);
});

test('domains based on domains come after them; ties keep the given (name) order', () => {
  const entries = [
    entry('public', 'a', { type: 'c' }),
    entry('public', 'b', { type: 'text' }),
    entry('public', 'c', { type: 'public.e[]' }),
    entry('public', 'd', { type: 'integer' }),
    entry('public', 'e', { type: 'integer' }),
  ];
  assert.deepEqual(
    orderDomains(entries).map((e) => e.name),
    ['b', 'd', 'e', 'c', 'a'],
  );
});

test('a cycle of domains is reported, not looped over', () => {
  const entries = [entry('public', 'a', { type: 'b' }), entry('public', 'b', { type: 'a' })];
  assert.throws(() => orderDomains(entries), /cycle: public\.a, public\.b/);
});
