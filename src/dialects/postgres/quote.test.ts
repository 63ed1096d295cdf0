import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commentText, quoteIdent, quoteLiteral, quoteQualified } from './quote.ts';

test('quoteIdent leaves plain lower-case names alone and quotes everything else', () => {
  assert.equal(quoteIdent('users'), 'users');
  assert.equal(quoteIdent('user_id2'), 'user_id2');
  assert.equal(quoteIdent('Users'), '"Users"');
  assert.equal(quoteIdent('order'), '"order"');
  assert.equal(quoteIdent('user'), '"user"');
  assert.equal(quoteIdent('a b'), '"a b"');
  assert.equal(quoteIdent('say "hi"'), '"say ""hi"""');
  assert.equal(quoteIdent('café'), '"café"');
  assert.equal(quoteIdent('1abc'), '"1abc"');
});

test('quoteQualified quotes each part', () => {
  assert.equal(quoteQualified('My Schema', 'select'), '"My Schema"."select"');
  assert.equal(quoteQualified(undefined, 'x'), 'x');
});

test('quoteLiteral doubles quotes and refuses NUL', () => {
  assert.equal(quoteLiteral("it's"), "'it''s'");
  assert.equal(quoteLiteral('back\\slash'), "'back\\slash'");
  assert.throws(() => quoteLiteral('a\0b'));
});

test('commentText keeps a name with a line break inside its -- comment', () => {
  assert.equal(commentText('drop table public.t'), 'drop table public.t');
  assert.equal(
    commentText('drop table public."a\nDROP DATABASE x; --"'),
    'drop table public."a\\u000aDROP DATABASE x; --"',
  );
  assert.equal(commentText('x\r\u2028y'), 'x\\u000d\\u2028y');
});
