import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { COMMANDS } from '../command-table.ts';
import { CONFIG_JSON_SCHEMA_PATH, renderConfigJsonSchema } from './config-json-schema.ts';

test('schema/config.schema.json matches the configuration format (run npm run schema:json after changing it)', () => {
  assert.equal(readFileSync(CONFIG_JSON_SCHEMA_PATH, 'utf8'), renderConfigJsonSchema());
});

test("the config's JSON Schema rejects unknown keys and knows each command's options", () => {
  const schema = JSON.parse(renderConfigJsonSchema()) as {
    additionalProperties: boolean;
    properties: {
      commands: {
        additionalProperties: boolean;
        properties: Record<string, { properties: Record<string, { enum?: string[] }> }>;
      };
    };
  };
  assert.equal(schema.additionalProperties, false);
  assert.equal(schema.properties.commands.additionalProperties, false);
  const diff = schema.properties.commands.properties.diff?.properties;
  assert.deepEqual(diff?.format?.enum, ['sql', 'json', 'summary']);
  assert.equal(diff?.env, undefined, '--env is never a default');
  assert.equal(schema.properties.commands.properties.migrate?.properties.env, undefined);
  for (const option of Object.keys(COMMANDS.migrate?.options ?? {}).filter((o) => o !== 'env'))
    assert.ok(schema.properties.commands.properties.migrate?.properties[option], option);
});
