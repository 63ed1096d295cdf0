import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { isScalar, parseDocument, stringify, visit } from 'yaml';
import { readPlainYaml } from './plain-yaml.ts';

/** What the positioned reader makes of a text: its data, and whether it has anything to report. */
function readWithYaml(text: string): { data: unknown; clean: boolean } {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  let stringKeys = true;
  visit(document, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'string') stringKeys = false;
    },
  });
  const clean = document.errors.length === 0 && document.warnings.length === 0 && stringKeys;
  return { data: clean ? document.toJS() : undefined, clean };
}

/** The invariant: what the fast reader accepts, `yaml` reads without complaint and as the same data. */
function assertAgrees(text: string): 'plain' | 'fallback' {
  const plain = readPlainYaml(text);
  if (plain === undefined) return 'fallback';
  const slow = readWithYaml(text);
  assert.ok(slow.clean, `read plainly, but yaml reports a problem: ${JSON.stringify(text)}`);
  assert.deepStrictEqual(plain, slow.data, JSON.stringify(text));
  return 'plain';
}

const LONG = 'k'.repeat(1030);

test('scalars read as the YAML 1.2 core schema reads them, as yaml does', () => {
  const text = [
    'words: [yes, no, on, off, y, n, Yes, NO]',
    'nulls: [~, null, Null, NULL, nULL, ""]',
    'empty:',
    'booleans: [true, True, TRUE, false, False, FALSE, tRue]',
    'integers: [0, -0, +12, 012, 0o7, 0O7, +0o7, 0x1F, 0X1f, -0x1F, 0b101, 1_000, 9007199254740993, 99999999999999999999]',
    'floats: [1e3, 1E-03, 1e+3, 1., .5, -.5, +.5e2, 0.50, 1.0, .inf, -.inf, +.INF, .Inf, .nan, .NaN, -.nan]',
    'notNumbers: [0x, 0o, 0o8, 0xG, 1e, .e3, ., +, --1, 1-1, Infinity, NaN, "3:25:45", 2001-12-14]',
    'quoted: ["1e3", \'true\', "null", "~"]',
  ].join('\n');
  assert.equal(assertAgrees(text), 'plain');
  const data = readPlainYaml(text) as Record<string, unknown[]>;
  assert.deepEqual(data.words, ['yes', 'no', 'on', 'off', 'y', 'n', 'Yes', 'NO']);
  assert.deepEqual(data.integers?.slice(4, 10), [7, '0O7', '+0o7', 31, '0X1f', '-0x1F']);
  assert.deepEqual(data.floats?.slice(0, 2), [1000, 0.001]);
});

test('strings: quoting, escapes, block scalars, folding, comments, tabs, CRLF and a byte order mark', () => {
  const texts = [
    'a: "\\x41\\u263A\\U0001F600\\N\\_\\L\\P\\ \\/\\t\\e\\0\\a\\b\\v\\f\\r\\n\\ud83d\\ude00"\n',
    "a: 'it''s'\nb: x != y\nc: x!\nd: ':x'\ne: x:y\nf: '!='\n",
    'a: |\n  line1\n  line2\nb: |-\n  x\n\nc: |+\n  x\n\n\nd: >\n  folded\n  text\n\n  para\ne: |2\n   indented\n',
    'a: multi\n  line\n  plain\nb: "multi\n  line\n\n  dq"\nc: \'multi\n  line\'\nd: "x \\\n   y"\n',
    'a: x #comment\nb: x#notcomment\nc: [a, b] # c\nd: b\n  # indented comment\ne: |\n  x\n # c\n',
    'a:\tb\nb: b\tc\nc: "x\ty"\nd: x\n  \ty\ne: |\n  \tx\n',
    'a: |\r\n  x\r\n  y\r\nb: >\r\n  x\r\n  y\r\n\r\n  z\r\nc: "x\r\n  y"\r\nd: x\r\n  y\r\n',
    '\ufeffa: 1\n',
    '---\na: 1\n...\n',
    'a: {b: c, d: [e, f], g: }\nb: [b: c]\nc: {a, b}\nd: [a,]\ne: {b: 1,}\nf: [\n  b,\n  c\n  ]\n',
    '"quoted key": 1\nkey with spaces: 2\n',
    '{"schemata": 1, "schemas": {"public": {"tables": {"t": {"columns": [{"name": "id", "type": "int"}]}}}}}',
  ];
  for (const text of texts) assert.equal(assertAgrees(text), 'plain', JSON.stringify(text));
});

test('numbers that overflow read as Infinity, as yaml reads them', () => {
  for (const text of ['a: 1e999\n', `a: ${'1'.repeat(400)}\n`, 'a: -1e999\n']) {
    assert.equal(assertAgrees(text), 'plain', JSON.stringify(text));
  }
  assert.equal(readPlainYaml('a: -1e999\n')?.a, -Infinity);
});

test('entries named __proto__ or << are plain entries', () => {
  const text = '__proto__: {a: 1}\n<<: {b: 2}\nc:\n  __proto__: x\n';
  assert.equal(assertAgrees(text), 'plain');
  const data = readPlainYaml(text);
  assert.deepEqual(Object.keys(data ?? {}), ['__proto__', '<<', 'c']);
  assert.equal(Object.getPrototypeOf(data), Object.prototype);
});

test('whatever yaml would report, or could read differently, is left to the positioned reader', () => {
  const texts = [
    // Keys that are not names, and keys given twice.
    '1e3: a\n',
    'true: a\n',
    'null: a\n',
    '~: a\n',
    ': a\n',
    '? [a]\n: b\n',
    'a: 1\na: 2\n',
    "a: 1\n'a': 2\n",
    '{a: 1, a: 2}\n',
    '{\n  "a": 1,\n  "a": 2\n}',
    // A number as a key, however long.
    `${'1'.repeat(400)}: a\n`,
    // Explicit keys, even plain ones.
    '? explicit\n: value\n',
    '? |\n  block key\n: v\n',
    // yaml allows implicit keys of at most 1024 characters.
    `${LONG}: 1\n`,
    `"${LONG}": 1\n`,
    `"${'\\u0041'.repeat(200)}": 1\n`,
    `a: 1\n? q\n${LONG}: 1\n`,
    // Anchors, aliases, tags, directives, several documents, none.
    'a: &x {b: 1}\nc: *x\n',
    'a: &x 1\n',
    'a: !!str 1\n',
    'a: !foo 1\n',
    '%YAML 1.2\n---\na: 1\n',
    'a: 1\n---\nb: 2\n',
    '',
    '# only a comment\n',
    // Not a mapping.
    '[1, 2]\n',
    'hello\n',
    '~\n',
    // Syntax errors.
    'a:\n\tb: 1\n',
    '\ta: 1\n',
    'a: "\\q"\n',
    'a: "x"#c\n',
    'a: [a, b]x\n',
    'a: [a, , b]\n',
    'a: - b\n',
    'a: b: c\n',
    'a:\n  b: 1\n c: 2\n',
    "a: 'x\n",
    'a: [b\n',
    'a: @x\n',
    'a: x\u0007y\n',
  ];
  for (const text of texts) assert.equal(assertAgrees(text), 'fallback', JSON.stringify(text));
});

test('property: data written by either YAML library reads back the same', () => {
  const key = fc.oneof(
    fc.string(),
    fc.constantFrom(
      'yes',
      'no',
      'null',
      '~',
      '1e3',
      'true',
      'on',
      '0o17',
      '.inf',
      '<<',
      '-',
      '? x',
      '__proto__',
    ),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ maxDepth: 3 }, tie('leaf'), tie('list'), tie('map')),
    leaf: fc.oneof(
      fc.string(),
      fc.constantFrom('yes', '1e3', 'null', '', ' padded ', 'a: b', '# c', 'line\nline', 'tab\there'),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
    ),
    list: fc.array(tie('node'), { maxLength: 4 }),
    map: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
  }));
  fc.assert(
    fc.property(fc.dictionary(key, value.node, { maxKeys: 5 }), (data) => {
      for (const text of [stringify(data), dump(data)]) {
        if (text.trim() === '{}') continue;
        assert.equal(assertAgrees(text), 'plain', text);
      }
    }),
    { numRuns: 300 },
  );
});
