// Diagnostics for functions, procedures and triggers that generating DDL would otherwise fail on, at
// the file:line:column a user sees; and argument and return types canonicalised on read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../src/model/diagnostics.ts';
import { readModelSources } from '../src/readers/read-model.ts';
import { generateDdl } from '../src/dialects/postgres/render-ddl.ts';

function positions(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) =>
    d.location
      ? `${d.code} ${d.location.file}:${d.location.line}:${d.location.column}`
      : `${d.code} (${d.object})`,
  );
}

async function read(...lines: string[]) {
  return readModelSources([{ file: 'model.yaml', text: lines.join('\n') + '\n' }]);
}

test('a routine key that does not match its arguments, a duplicate signature and an unknown trigger function are reported', async () => {
  const result = await read(
    'schemas:',
    '  public:',
    '    functions:',
    '      "add(integer)":',
    '        language: sql',
    '        arguments: [{ type: integer }, { type: integer }]',
    '        returns: integer',
    '        body: SELECT $1 + $2',
    '      "twice(integer)":',
    '        language: sql',
    '        arguments: [{ type: integer }]',
    '        returns: integer',
    '        body: SELECT $1 * 2',
    '      "twice(int4)":',
    '        language: sql',
    '        arguments: [{ type: int4 }]',
    '        returns: integer',
    '        body: SELECT $1 * 2',
    '    tables:',
    '      t:',
    '        columns: [{ name: id, type: integer }]',
    '        triggers:',
    '          - name: touch',
    '            timing: before',
    '            events: [update]',
    '            forEach: row',
    '            function: no_such_function',
    '          - name: elsewhere',
    '            timing: before',
    '            events: [update]',
    '            function: audit.log_change',
  );
  assert.deepEqual(positions(result.diagnostics), [
    'invalid-routine-key model.yaml:4:7',
    // twice(int4) keeps its key, as twice(integer) is taken: both are reported.
    'duplicate-routine model.yaml:9:7',
    'invalid-routine-key model.yaml:14:7',
    'unknown-function model.yaml:27:23',
  ]);
  assert.match(result.diagnostics[0]?.hint ?? '', /write the key as add\(integer, integer\)/);
});

test('argument and return types take the canonical spelling, and so does the key', async () => {
  const result = await read(
    'schemas:',
    '  public:',
    '    functions:',
    '      "label(int, varchar)":',
    '        language: sql',
    '        arguments: [{ name: n, type: int }, { name: s, type: varchar }]',
    '        returns: SETOF varchar(10)',
    '        body: SELECT s',
  );
  assert.deepEqual(positions(result.diagnostics), []);
  const routine = result.model.schemas?.public?.functions?.['label(integer, character varying)'];
  assert.deepEqual(
    routine?.arguments?.map((a) => a.type),
    ['integer', 'character varying'],
  );
  assert.equal(routine?.returns, 'SETOF character varying(10)');
  assert.match(
    await generateDdl(result.model),
    /CREATE FUNCTION public\.label\(n integer, s character varying\)/,
  );
});
