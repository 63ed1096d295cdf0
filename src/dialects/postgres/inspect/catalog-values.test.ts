import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkExpression, toStorageParameters } from './catalog-values.ts';

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
  // Numbers only in their own spelling, so the text PostgreSQL keeps is written back unchanged.
  assert.deepEqual(toStorageParameters(['a=on', 'b=1e3', 'c=', 'd=a=b', 'e=0.10', 'f=-1']), {
    a: 'on',
    b: '1e3',
    c: '',
    d: 'a=b',
    e: '0.10',
    f: -1,
  });
});

test('checkExpression strips the CHECK wrapper and the trailing clauses', () => {
  assert.equal(checkExpression('CHECK (a > 0)'), 'a > 0');
  assert.equal(checkExpression('CHECK ((a > 0) AND (b > 0)) NO INHERIT'), '(a > 0) AND (b > 0)');
  assert.equal(checkExpression('CHECK (a > 0) NO INHERIT NOT VALID'), 'a > 0');
  assert.equal(checkExpression("CHECK (note <> ' NOT VALID') NOT ENFORCED"), "note <> ' NOT VALID'");
  assert.throws(() => checkExpression('PRIMARY KEY (id)'), /unexpected check constraint definition/);
});
