import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderStorageParameters } from './storage-parameters.ts';

test('storage parameters keep the model order; strings are literals, numbers and booleans plain', () => {
  assert.equal(
    renderStorageParameters({ fillfactor: 70, autovacuum_enabled: false, scale: 0.25, note: "it's" }),
    `WITH (fillfactor = 70, autovacuum_enabled = false, scale = 0.25, note = 'it''s')`,
  );
});

test('no parameters, no clause', () => {
  assert.equal(renderStorageParameters(undefined), '');
  assert.equal(renderStorageParameters({}), '');
});

test('keys are identifiers, quoted as needed; toast.name keeps its dot', () => {
  assert.equal(
    renderStorageParameters({ 'toast.autovacuum_enabled': true }),
    'WITH (toast.autovacuum_enabled = true)',
  );
  assert.equal(
    renderStorageParameters({ 'x = 1); DROP TABLE t; --': 1 }),
    'WITH ("x = 1); DROP TABLE t; --" = 1)',
  );
  assert.equal(renderStorageParameters({ 'a.b.c': 1, '.a': 2 }), 'WITH ("a.b.c" = 1, ".a" = 2)');
});

test('a number that SQL cannot spell is refused', () => {
  assert.throws(() => renderStorageParameters({ fillfactor: Number.NaN }), /fillfactor/);
  assert.throws(() => renderStorageParameters({ fillfactor: Number.POSITIVE_INFINITY }), /fillfactor/);
});
