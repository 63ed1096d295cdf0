import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Model } from '../../../model/model-schema.ts';
import { expandPatterns } from '../../../model/patterns/expand-patterns.ts';
import { namingOf, resolveTableNames } from '../../../model/naming.ts';
import { featuresModel } from '../../../../test/fixtures/ddl-features-model.ts';
import { patternModels } from '../../../../test/fixtures/pattern-models.ts';
import { loadSqlParser } from '../types.ts';
import { findDependencies } from './sql-references.ts';
import { renderTable, type TableEntry } from './table.ts';
import { tableDependencies, type PartDependencies } from './table-dependencies.ts';

/** Tables whose parts name routines, types and other tables in every place a table can. */
const referencing: Model = {
  schemas: {
    public: {
      domains: { positive: { type: 'integer', checks: [{ expression: 'VALUE > 0' }] } },
      tables: {
        Parent: { columns: [{ name: 'id', type: 'integer' }] },
        'Row "Typed"': {
          columns: [
            { name: 'parent', type: '"Parent"' },
            { name: 'parents', type: '"Parent"[]' },
            { name: 'n', type: 'positive', default: 'next_number()' },
            { name: 'code', type: 'text', default: '\'x\'::"My Type"', collation: 'C' },
            { name: 'g', type: 'integer', generated: 'Shout(n) + app.score(n)' },
            { name: 'at', type: 'tstzrange', default: 'tstzrange(now(), NULL)' },
          ],
          checks: [
            { expression: 'app."Check It"(n, code)', notValid: true },
            { expression: 'n > 0', noInherit: true },
          ],
          exclusions: [
            {
              using: 'gist',
              elements: [
                { column: 'at', operator: '&&' },
                { expression: 'int4range(n, "Range End"(n))', operator: '&&' },
              ],
              where: 'is_live(n)',
            },
          ],
        },
      },
    },
  },
};

const entriesOf = (model: Model): [string, TableEntry][] => {
  const expanded = expandPatterns(model);
  const naming = namingOf(expanded);
  return Object.entries(expanded.schemas ?? {}).flatMap(([schema, definition]) =>
    Object.entries(definition.tables ?? {}).map(([name, table]): [string, TableEntry] => [
      `${schema}.${name}`,
      { schema, name, table, names: resolveTableNames(expanded, schema, name, table, naming) },
    ]),
  );
};

test("a table's dependencies read from its parts are those the parser finds in its statements", async () => {
  await loadSqlParser();
  const models = [referencing, featuresModel, ...Object.values(patternModels)];
  const parts: PartDependencies = new Map();
  let compared = 0;
  for (const model of models) {
    for (const [name, entry] of entriesOf(model)) {
      const statements = renderTable(entry);
      assert.deepEqual(
        [...tableDependencies(entry, statements, parts)].sort(),
        [...findDependencies(statements.join('\n'))].sort(),
        name,
      );
      compared += 1;
    }
  }
  assert.ok(compared > 10, `${compared} tables compared`);
  // The parts of the referencing table name what the whole statement names.
  const [, entry] = entriesOf(referencing).find(([name]) => name === 'public.Row "Typed"') ?? [];
  assert.ok(entry);
  const found = tableDependencies(entry, renderTable(entry), new Map());
  for (const key of [
    'r:public\0Parent',
    'f:public\0next_number',
    'f:public\0shout',
    'f:app\0score',
    'f:app\0Check It',
    'f:public\0Range End',
    'f:public\0is_live',
    'r:public\0My Type',
    'r:public\0positive',
  ])
    assert.ok(found.has(key), key);
});
