import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderExclusionElement, renderIndexKey } from './index-elements.ts';

test('a column key is the quoted column name', () => {
  assert.equal(renderIndexKey('order'), '"order"');
  assert.equal(renderIndexKey({ column: 'Name' }), '"Name"');
});

test('an expression key is parenthesised, then collation, operator class, order and nulls', () => {
  assert.equal(
    renderIndexKey({
      expression: 'lower(a)',
      collation: 'C',
      opclass: 'text_pattern_ops',
      order: 'desc',
      nulls: 'last',
    }),
    '(lower(a)) COLLATE "C" text_pattern_ops DESC NULLS LAST',
  );
  assert.equal(renderIndexKey({ column: 'a', order: 'asc', nulls: 'first' }), 'a NULLS FIRST');
  assert.equal(renderIndexKey({ column: 'a', opclass: 'My Schema.my_ops' }), 'a "My Schema".my_ops');
});

test('an element needs a column or an expression', () => {
  assert.throws(() => renderIndexKey({}), /column or an expression/);
});

test('an operator class name has at most a schema and a name', () => {
  assert.throws(() => renderIndexKey({ column: 'a', opclass: 'a.b.c' }), /operator class/);
  assert.throws(() => renderIndexKey({ column: 'a', opclass: 'a.' }), /operator class/);
});

test('exclusion operators are written bare or as OPERATOR(schema.op)', () => {
  assert.equal(renderExclusionElement({ column: 'during', operator: '&&' }), 'during WITH &&');
  assert.equal(
    renderExclusionElement({ column: 'a', operator: 'pg_catalog.=' }),
    'a WITH OPERATOR(pg_catalog.=)',
  );
  assert.equal(
    renderExclusionElement({ expression: 'f(a)', operator: 'OPERATOR(My Ops.<->)' }),
    '(f(a)) WITH OPERATOR("My Ops".<->)',
  );
});

test('an operator cannot be quoted, so anything else is refused', () => {
  for (const operator of ['= 1) --', 'and', '', 'OPERATOR()', 'x.y']) {
    assert.throws(() => renderExclusionElement({ column: 'a', operator }), /is not an operator/, operator);
  }
});
