import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeObjectName, truncateIdentifier } from './object-names.ts';

test('makeObjectName joins the parts when they fit', () => {
  assert.equal(makeObjectName('orders', 'id', 'seq'), 'orders_id_seq');
  assert.equal(makeObjectName('Order Lines', 'order', 'not_null'), 'Order Lines_order_not_null');
  assert.equal(makeObjectName('mood', undefined, 'check'), 'mood_check');
});

test('makeObjectName shortens the longer part first, to 63 bytes, without splitting a character', () => {
  const table = 'a'.repeat(63);
  assert.equal(makeObjectName(table, 'id', 'seq'), `${'a'.repeat(56)}_id_seq`);
  assert.equal(makeObjectName(table, 'b'.repeat(63), 'seq'), `${'a'.repeat(29)}_${'b'.repeat(29)}_seq`);
  // 'é' is two bytes: 57 bytes are left for the table part, which holds 28 of them.
  assert.equal(makeObjectName('é'.repeat(40), 'x', 'seq'), `${'é'.repeat(28)}_x_seq`);
  assert.equal(makeObjectName('é'.repeat(40), undefined, 'check'), `${'é'.repeat(28)}_check`);
});

test('truncateIdentifier keeps at most 63 bytes of whole characters', () => {
  assert.equal(truncateIdentifier('short'), 'short');
  assert.equal(truncateIdentifier('x'.repeat(70)), 'x'.repeat(63));
  assert.equal(truncateIdentifier(`x${'é'.repeat(40)}`), `x${'é'.repeat(31)}`);
});
