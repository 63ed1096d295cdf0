// The positions of a file read plainly (readPositionTree, from js-yaml) are the positions the `yaml`
// Document gives, for every path of every model file the project has: examples and test fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { readPlainYaml, readPositionTree } from './plain-yaml.ts';
import { documentSource, lineIndexOf, locateInSource, type ParsedSource } from './source-map.ts';
import type { ModelPath } from '../model/model-path.ts';

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yamlFiles(path, out);
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

/** Every path into the data, and some that go one step too far. */
function pathsOf(data: unknown, prefix: ModelPath = [], out: ModelPath[] = []): ModelPath[] {
  out.push(prefix);
  if (Array.isArray(data)) {
    data.forEach((item, i) => pathsOf(item, [...prefix, i], out));
    out.push([...prefix, data.length]);
  } else if (typeof data === 'object' && data !== null) {
    for (const [key, value] of Object.entries(data)) pathsOf(value, [...prefix, key], out);
    out.push([...prefix, 'not-a-key']);
  }
  return out;
}

test('positions from the js-yaml pass equal those of the yaml Document, at every path', () => {
  const files = [...yamlFiles('examples'), ...yamlFiles('test/fixtures')];
  let compared = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const data = readPlainYaml(text);
    if (data === undefined) continue;
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter });
    const expected = documentSource(file, document, lineCounter);
    const actual: ParsedSource = { file, root: () => readPositionTree(text), linePos: lineIndexOf(text) };
    for (const path of pathsOf(data))
      for (const atKey of [false, true]) {
        assert.deepEqual(
          locateInSource(actual, path, atKey),
          locateInSource(expected, path, atKey),
          `${file} ${JSON.stringify(path)}${atKey ? ' (at key)' : ''}`,
        );
        compared++;
      }
  }
  assert.ok(compared > 1000, `${compared} positions compared`);
});

test('flow collections, quoted keys, comments and empty values', () => {
  const text = [
    '# a model',
    'schemas:',
    '  public:   # the schema',
    '    tables:',
    '      "Order Lines":',
    '        description:',
    '        columns:',
    '          - { name: id, type: bigint }',
    '          -   # a comment before the item',
    "            name: 'total'",
    '            type: [numeric, 10]',
    '        checks: []',
    '',
  ].join('\n');
  const lineCounter = new LineCounter();
  const expected = documentSource('f', parseDocument(text, { lineCounter }), lineCounter);
  const actual: ParsedSource = { file: 'f', root: () => readPositionTree(text), linePos: lineIndexOf(text) };
  for (const path of pathsOf(readPlainYaml(text)))
    for (const atKey of [false, true])
      assert.deepEqual(
        locateInSource(actual, path, atKey),
        locateInSource(expected, path, atKey),
        JSON.stringify(path),
      );
});
