import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkExpression, toBigInteger, toStorageParameters } from './catalog-values.ts';

test('toBigInteger gives numbers while they are exact, digit strings beyond', () => {
  assert.equal(toBigInteger('42'), 42);
  assert.equal(toBigInteger('-2147483648'), -2147483648);
  assert.equal(toBigInteger('9007199254740991'), 9007199254740991);
  assert.equal(toBigInteger('9007199254740992'), '9007199254740992');
  assert.equal(toBigInteger('-9223372036854775808'), '-9223372036854775808');
});

test('toStorageParameters reads numbers, booleans and text, and TOAST options', () => {
  assert.equal(toStorageParameters(null), undefined);
  assert.equal(toStorageParameters([]), undefined);
  assert.deepEqual(
    toStorageParameters(
      ['fillfactor=70', 'autovacuum_enabled=false', 'vacuum_index_cleanup=auto', 'x=0.25'],
      ['autovacuum_enabled=true'],
    ),
    {
      fillfactor: 70,
      autovacuum_enabled: false,
      vacuum_index_cleanup: 'auto',
      x: 0.25,
      'toast.autovacuum_enabled': true,
    },
  );
  assert.deepEqual(toStorageParameters(['a=on', 'b=1e3', 'c=', 'd=a=b']), {
    a: 'on',
    b: 1000,
    c: '',
    d: 'a=b',
  });
});

test('checkExpression strips the CHECK wrapper and the trailing clauses', () => {
  assert.equal(checkExpression('CHECK (a > 0)'), 'a > 0');
  assert.equal(checkExpression('CHECK ((a > 0) AND (b > 0)) NO INHERIT'), '(a > 0) AND (b > 0)');
  assert.equal(checkExpression('CHECK (a > 0) NO INHERIT NOT VALID'), 'a > 0');
  assert.equal(checkExpression("CHECK (note <> ' NOT VALID') NOT ENFORCED"), "note <> ' NOT VALID'");
  assert.throws(() => checkExpression('PRIMARY KEY (id)'), /unexpected check constraint definition/);
});
