import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser } from '../dialects/postgres/types.ts';
import type { Model } from './model-schema.ts';
import { skippedKey, validateModel } from './validate-model.ts';

const model: Model = {
  schemas: {
    app: { enums: { status: { values: ['open', 'closed'] } } },
    public: {
      tables: {
        tickets: {
          columns: [
            { name: 'id', type: 'integer', notNull: true },
            { name: 'state', type: 'status' },
            { name: 'owner', type: 'integer' },
          ],
          foreignKeys: [{ columns: ['owner'], references: { table: 'people', columns: ['id'] } }],
        },
      },
    },
  },
};

// Runs first, before any test has loaded the parser.
test('without the SQL parser loaded, validation refuses to run rather than call every type invalid', () => {
  assert.throws(() => validateModel(model), /await loadSqlParser\(\) first/);
});

test('without file positions, diagnostics name the object they are about', async () => {
  await loadSqlParser();
  const diagnostics = validateModel(model);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.object, d.location]),
    [
      ['unknown-type', 'public.tickets.state', undefined],
      ['unknown-table', 'public.tickets', undefined],
    ],
  );
  assert.match(diagnostics[0]?.hint ?? '', /write app\.status/);
});

test('references to parts the reader could not use are not reported again', async () => {
  await loadSqlParser();
  const skipped = {
    all: false,
    schemas: new Set<string>(),
    objects: new Set([skippedKey('public', 'people'), skippedKey('public', 'status')]),
    extensions: false,
  };
  assert.deepEqual(validateModel(model, undefined, { skipped }), []);
});
