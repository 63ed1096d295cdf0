import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CLI_OUTPUT_JSON_SCHEMA_PATH, renderCliOutputJsonSchema } from './json-document.ts';

test('schema/cli-output.schema.json matches the --json document (run npm run schema:json after changing it)', () => {
  assert.equal(readFileSync(CLI_OUTPUT_JSON_SCHEMA_PATH, 'utf8'), renderCliOutputJsonSchema());
});
