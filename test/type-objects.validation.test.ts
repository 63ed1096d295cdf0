// Diagnostics for composite and range types and statistics objects, with the file:line:column a user
// sees, and models using them that validate cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../src/model/diagnostics.ts';
import { readModelSources } from '../src/readers/read-model.ts';

function positions(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) =>
    d.location
      ? `${d.code} ${d.location.file}:${d.location.line}:${d.location.column}`
      : `${d.code} (${d.object})`,
  );
}

async function diagnose(...lines: string[]): Promise<string[]> {
  const result = await readModelSources([{ file: 'model.yaml', text: lines.join('\n') + '\n' }]);
  return positions(result.diagnostics);
}

test('columns, domains and attributes may use composite, range and multirange types of the model', async () => {
  assert.deepEqual(
    await diagnose(
      'schemas:',
      '  public:',
      '    domains:',
      '      pair_domain: { type: pair }',
      '    compositeTypes:',
      '      pair:',
      '        attributes:',
      '          - { name: a, type: integer }',
      '          - { name: span, type: app.floatrange }',
      '  app:',
      '    rangeTypes:',
      '      floatrange: { subtype: double precision }',
      '      spans: { subtype: integer, multirangeTypeName: app.many_spans }',
      '    tables:',
      '      t:',
      '        columns:',
      '          - { name: p, type: pair }',
      '          - { name: d, type: pair_domain }',
      '          - { name: r, type: app.floatmultirange }',
      '          - { name: s, type: app.many_spans }',
      '          - { name: a, type: integer }',
      '          - { name: b, type: integer }',
      '    statistics:',
      '      t_stats: { table: t, columns: [a, b], kinds: [mcv] }',
    ),
    [],
  );
});

test('composite types, range types and statistics objects report what is wrong where it is', async () => {
  assert.deepEqual(
    await diagnose(
      'schemas:',
      '  public:',
      '    enums:',
      '      pair: { values: [x] }',
      '    compositeTypes:',
      '      pair:',
      '        attributes:',
      '          - { name: a, type: nosuchtype }',
      '          - { name: a, type: serial }',
      '    rangeTypes:',
      '      r: { subtype: missing }',
      '    tables:',
      '      t:',
      '        columns:',
      '          - { name: a, type: integer }',
      '    statistics:',
      '      on_nothing: { table: nope, columns: [a, b] }',
      '      bad_column: { table: t, columns: [a, zz] }',
      '      one_column: { table: t, columns: [a] }',
    ),
    [
      // The composite type's name is taken by the enum: one namespace of types per schema.
      'duplicate-name model.yaml:6:7',
      'unknown-type model.yaml:8:30',
      'duplicate-name model.yaml:9:21',
      'invalid-type model.yaml:9:30',
      'unknown-type model.yaml:11:21',
      'unknown-table model.yaml:17:28',
      'unknown-column model.yaml:18:44',
      'invalid-statistics model.yaml:19:7',
    ],
  );
});
