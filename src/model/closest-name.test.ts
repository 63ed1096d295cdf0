import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestName } from './closest-name.ts';

test('closestName: a likely misspelling, nothing for an unrelated name', () => {
  assert.equal(closestName('outptu', ['output', 'layout', 'strict']), 'output');
  assert.equal(closestName('intger', ['integer', 'interval', 'inet']), 'integer');
  assert.equal(closestName('Email', ['id', 'email']), 'email');
  assert.equal(closestName('nwe', ['new']), 'new', 'two letters swapped are one edit');
  assert.equal(closestName('frobnicate', ['generate', 'inspect', 'import']), undefined);
  assert.equal(closestName('output', ['output']), undefined);
});
