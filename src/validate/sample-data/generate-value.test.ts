import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, base, en } from '@faker-js/faker';
import { addRule, emptyRule, generateValue, IMPOSSIBLE } from './generate-value.ts';
import type { ValueType } from './value-types.ts';

function values(
  type: ValueType,
  column: string,
  rule = emptyRule(),
  count = 200,
): (string | null | typeof IMPOSSIBLE)[] {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(42);
  return Array.from({ length: count }, () =>
    generateValue(type, { faker, column, table: 't', rule, base: Date.UTC(2025, 5, 1) }),
  );
}

describe('generateValue', () => {
  test('varchar lengths, numeric precision, integer bounds', () => {
    for (const v of values({ kind: 'text', maxLength: 5 }, 'description'))
      assert.ok(typeof v === 'string' && v.length <= 5);
    for (const v of values({ kind: 'decimal', precision: 4, scale: 2 }, 'price')) {
      assert.match(v as string, /^-?\d{1,2}\.\d{2}$/);
    }
    for (const v of values({ kind: 'integer', min: -32768, max: 32767 }, 'year')) {
      const n = Number(v);
      assert.ok(n >= 1990 && n <= 2030);
    }
  });

  test('bounds from checks, and IMPOSSIBLE when they contradict', () => {
    const rule = emptyRule();
    addRule(rule, { min: { value: { number: 10 }, exclusive: true } });
    addRule(rule, { max: { value: { number: 12 }, exclusive: false } });
    for (const v of values({ kind: 'integer', min: -2147483648, max: 2147483647 }, 'x', rule))
      assert.ok(['11', '12'].includes(v as string));
    addRule(rule, { max: { value: { number: 5 }, exclusive: false } });
    assert.deepEqual(
      new Set(values({ kind: 'integer', min: 0, max: 100 }, 'x', rule, 3)),
      new Set([IMPOSSIBLE]),
    );
  });

  test('patterns, IN lists, timestamps after a date', () => {
    const pattern = emptyRule();
    addRule(pattern, { pattern: { source: '^[A-Z]{3}-[0-9]{4}$', flags: '' } });
    for (const v of values({ kind: 'text', maxLength: 8 }, 'code', pattern))
      assert.match(v as string, /^[A-Z]{3}-[0-9]{4}$/);
    const list = emptyRule();
    addRule(list, { oneOf: [{ number: 0.07 }, { number: 0.19 }] });
    assert.deepEqual(
      new Set(values({ kind: 'decimal', precision: 4, scale: 2 }, 'vat_rate', list)),
      new Set(['0.07', '0.19']),
    );
    const after = emptyRule();
    addRule(after, { min: { value: { text: '2030-01-01' }, exclusive: false } });
    for (const v of values({ kind: 'timestamp', tz: true }, 'created_at', after))
      assert.ok((v as string) >= '2030-01-01');
  });

  test('arrays, ranges and composites in their literal syntax', () => {
    const [array] = values(
      { kind: 'array', element: { kind: 'text' }, dimensions: 1 },
      'tags',
      emptyRule(),
      1,
    );
    assert.match(array as string, /^\{"[^"]*"(,"[^"]*")*\}$/);
    const [range] = values(
      { kind: 'range', element: { kind: 'integer', min: 0, max: 100 }, multi: false },
      'r',
      emptyRule(),
      1,
    );
    assert.match(range as string, /^\["\d+","\d+"\)$/);
  });
});
