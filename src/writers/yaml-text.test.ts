import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { documentText, yamlText, type YamlData } from './yaml-text.ts';

/** Strings that YAML quotes, folds, escapes or writes as block scalars, and some it writes plain. */
const awkward = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'yes',
    'No',
    'ON',
    'y',
    'null',
    '~',
    '1e3',
    '0o17',
    '0x1F',
    '.inf',
    '-.5',
    '1_000',
    '12:30:00',
    '2024-01-02',
    '<<',
    '-',
    '? x',
    '- x',
    ': x',
    'a: b',
    'a #b',
    '#x',
    '&anchor',
    '*alias',
    '!tag',
    '|',
    '>',
    '%x',
    '@x',
    '`x',
    '---',
    '--- x',
    '...',
    'a\nb',
    'a\n\nb\n',
    'line\n  indented\n',
    'trailing \n',
    '\nleading',
    'ends\n\n',
    '   ',
    'tab\there',
    'control\u0001',
    'quote \' and "',
    "it's",
    '"quoted"',
    '[a, b]',
    '{a: b}',
    'a,b',
    'x'.repeat(1100),
    'long words '.repeat(30),
    'Ünïcødé 名前',
    '\u2028',
    '\ud800',
  ),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({
    unit: fc.constantFrom('a', ' ', '\n', ':', '#', '-', "'", '"', ',', '[', '\t'),
    maxLength: 12,
  }),
);

const scalar = fc.oneof(
  awkward,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constantFrom(0, -0, 9007199254740993, 1e21, 0.1),
);

const data: fc.Arbitrary<YamlData> = fc.letrec<{ node: YamlData; map: YamlData }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(scalar, { maxLength: 4 }),
    fc.array(tie('node'), { maxLength: 3 }),
    tie('map'),
  ),
  map: fc.oneof(
    fc.dictionary(awkward, tie('node'), { maxKeys: 4 }),
    fc
      .uniqueArray(fc.tuple(awkward, tie('node')), { maxLength: 4, selector: ([key]) => key })
      .map((entries) => new Map(entries)),
  ),
})).map;

test('property: the text is the yaml Document text, byte for byte', () => {
  fc.assert(
    fc.property(data, (value) => {
      assert.equal(yamlText(value), documentText(value));
    }),
    { numRuns: 2000 },
  );
});

test('model-file layout: block maps and lists, scalar lists on one line, empty collections', () => {
  const value = new Map<string, YamlData>([
    ['names', ['id', 'yes', 'a, b']],
    ['empty list', []],
    ['empty map', {}],
    ['items', [{ name: 'id', tags: [] }, ['nested'], 'text\nover lines']],
  ]);
  const expected = [
    'names: [id, "yes", "a, b"]',
    'empty list: []',
    'empty map: {}',
    'items:',
    '  - name: id',
    '    tags: []',
    '  - [nested]',
    '  - |-',
    '    text',
    '    over lines',
    '',
  ].join('\n');
  assert.equal(yamlText(value), expected);
  assert.equal(documentText(value), expected);
});

test('data outside the style (null, long keys) is written by the Document route', () => {
  const value = { a: null, ['k'.repeat(1100)]: 1 } as unknown as YamlData;
  assert.equal(yamlText(value), documentText(value));
  assert.match(yamlText(value), /^a: null\n\? k+\n: 1\n$/);
});
