import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MODEL_JSON_SCHEMA_PATH, renderModelJsonSchema } from './model-json-schema.ts';

test('schema/model.schema.json matches the model format (run npm run schema:json after changing it)', () => {
  assert.equal(readFileSync(MODEL_JSON_SCHEMA_PATH, 'utf8'), renderModelJsonSchema());
});

test('the JSON Schema rejects unknown fields and knows the column fields', () => {
  const schema = JSON.parse(renderModelJsonSchema()) as {
    additionalProperties: boolean;
    properties: Record<string, unknown>;
  };
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(Object.keys(schema.properties), [
    'schemata',
    'project',
    'extensions',
    'schemas',
    'eventTriggers',
    'roles',
    'defaultPrivileges',
  ]);
  const text = JSON.stringify(schema);
  for (const field of ['notNull', 'identity', 'generated', 'foreignKeys', 'exclusions', 'queryPatterns']) {
    assert.ok(text.includes(`"${field}"`), field);
  }
});
