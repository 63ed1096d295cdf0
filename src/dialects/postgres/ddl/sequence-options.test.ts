import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderBigInteger, renderSequenceOptions } from './sequence-options.ts';

test('only the options given, in the documented order', () => {
  assert.deepEqual(renderSequenceOptions({}), []);
  assert.deepEqual(renderSequenceOptions({ cycle: false }), []);
  assert.deepEqual(
    renderSequenceOptions({ cycle: true, cache: 2, start: 3, maxValue: 4, minValue: 5, increment: 6 }),
    ['INCREMENT BY 6', 'MINVALUE 5', 'MAXVALUE 4', 'START WITH 3', 'CACHE 2', 'CYCLE'],
  );
});

test('integers beyond 2^53 are kept exactly as the digit strings the model holds', () => {
  assert.equal(renderBigInteger('-9223372036854775808'), '-9223372036854775808');
  assert.equal(renderBigInteger(-1), '-1');
  assert.equal(renderBigInteger(1e21), '1000000000000000000000');
});

test('anything but an integer is refused rather than written into SQL', () => {
  assert.throws(() => renderBigInteger('1; DROP TABLE t'));
  assert.throws(() => renderBigInteger('1.5'));
  assert.throws(() => renderBigInteger(1.5));
});
