import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser } from '../../dialects/postgres/types.ts';
import { chooseConjunction, negate, readCheck } from './check-rules.ts';

before(() => loadSqlParser());

describe('readCheck', () => {
  test('comparisons, BETWEEN (as PostgreSQL spells it), IN lists and ANY arrays', () => {
    assert.deepEqual(readCheck('price > (0)::numeric'), {
      kind: 'rule',
      column: 'price',
      rule: { min: { value: { number: 0 }, exclusive: true } },
    });
    assert.deepEqual(readCheck('5 >= qty'), {
      kind: 'rule',
      column: 'qty',
      rule: { max: { value: { number: 5 }, exclusive: false } },
    });
    const between = readCheck('(score >= 1) AND (score <= 10)');
    assert.equal(between.kind, 'and');
    assert.deepEqual(
      readCheck("(status)::text = ANY ((ARRAY['a'::character varying, 'b''s'::character varying])::text[])"),
      {
        kind: 'rule',
        column: 'status',
        rule: { oneOf: [{ text: 'a' }, { text: "b's" }] },
      },
    );
    assert.deepEqual(readCheck("kind IN ('x', 'y')"), {
      kind: 'rule',
      column: 'kind',
      rule: { oneOf: [{ text: 'x' }, { text: 'y' }] },
    });
    assert.deepEqual(readCheck('x <> ALL (ARRAY[1, 2])'), {
      kind: 'rule',
      column: 'x',
      rule: { notIn: [{ number: 1 }, { number: 2 }] },
    });
  });

  test('lengths, patterns, NULL tests, two columns, a domain VALUE, and what it cannot read', () => {
    assert.deepEqual(readCheck('char_length((title)::text) <= 200'), {
      kind: 'rule',
      column: 'title',
      rule: { maxLength: 200 },
    });
    assert.deepEqual(readCheck("code ~ '^[A-Z]{3}$'::text"), {
      kind: 'rule',
      column: 'code',
      rule: { pattern: { source: '^[A-Z]{3}$', flags: '' } },
    });
    assert.deepEqual(readCheck('NOT (deleted_at IS NULL)'), {
      kind: 'rule',
      column: 'deleted_at',
      rule: { notNull: true },
    });
    assert.deepEqual(readCheck('ends_at > starts_at'), {
      kind: 'relation',
      left: 'ends_at',
      operator: '>',
      right: 'starts_at',
    });
    assert.deepEqual(readCheck('VALUE >= 0', 'Total "Amount"'), {
      kind: 'rule',
      column: 'Total "Amount"',
      rule: { min: { value: { number: 0 }, exclusive: false } },
    });
    assert.deepEqual(readCheck('"Select" LIKE \'ab%\''), {
      kind: 'rule',
      column: 'Select',
      rule: { pattern: { source: '^ab.*$', flags: '' } },
    });
    assert.deepEqual(readCheck('md5(code) < 5'), { kind: 'opaque' });
    assert.deepEqual(readCheck('true'), { kind: 'constant', value: true });
  });

  test('negation breaks what the check asks: an always-true check has no way to be broken', () => {
    const tautology = negate(readCheck('quantity > 0 OR quantity <= 0'));
    const choice = chooseConjunction(tautology, () => 0);
    assert.equal(choice.rules.length, 2);
    assert.deepEqual(negate(readCheck('char_length(code) = 8')), {
      kind: 'or',
      items: [
        { kind: 'rule', column: 'code', rule: { maxLength: 7 } },
        { kind: 'rule', column: 'code', rule: { minLength: 9 } },
      ],
    });
  });

  test('a branch that needs a NOT NULL column to be NULL is not taken while another can be', () => {
    const tree = readCheck("PersonType IS NULL OR md5(PersonType) IN ('SC', 'VC', 'IN', 'EM')");
    assert.deepEqual(chooseConjunction(tree, () => 0).rules, [
      { column: 'persontype', rule: { isNull: true } },
    ]);
    const choice = chooseConjunction(tree, () => 0, new Set(['persontype']));
    assert.deepEqual(choice, { rules: [], relations: [], opaque: true });
    const onlyNull = readCheck('"Ended At" IS NULL');
    assert.deepEqual(chooseConjunction(onlyNull, () => 0, new Set(['Ended At'])).rules, [
      { column: 'Ended At', rule: { isNull: true } },
    ]);
  });

  test('upper(column) IN a list of upper-case texts: the texts satisfy it, upper-case others break it', () => {
    const tree = readCheck("upper(\"Person Type\"::text) = ANY (ARRAY['SC'::text, 'VC'::text])");
    const list = [{ text: 'SC' }, { text: 'VC' }];
    assert.deepEqual(tree, { kind: 'rule', column: 'Person Type', rule: { oneOf: list, upperIn: true } });
    const broken = {
      kind: 'rule',
      column: 'Person Type',
      rule: { notIn: list, pattern: { source: '^[^a-z]*$', flags: '' } },
    };
    assert.deepEqual(negate(tree), broken);
    assert.deepEqual(readCheck("UPPER(\"Person Type\") NOT IN ('SC', 'VC')"), broken);
    assert.deepEqual(readCheck("upper(code) = 'A'").kind, 'rule');
    assert.deepEqual(readCheck("upper(code) IN ('a', 'B')"), { kind: 'opaque' });
  });

  test('a conjunction takes one branch of each OR, preferring branches it can read', () => {
    const tree = readCheck("completed_at IS NULL OR md5(status) = 'x'");
    assert.deepEqual(chooseConjunction(tree, () => 0).rules, [
      { column: 'completed_at', rule: { isNull: true } },
    ]);
  });
});
