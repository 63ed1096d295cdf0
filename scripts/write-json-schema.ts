// Writes schema/model.schema.json from the model file format (src/model/model-schema.ts), and
// schema/cli-output.schema.json from the --json document (src/cli/json-document.ts).
// Run after changing either: npm run schema:json
import { writeFileSync } from 'node:fs';
import { MODEL_JSON_SCHEMA_PATH, renderModelJsonSchema } from '../src/model/model-json-schema.ts';
import { CLI_OUTPUT_JSON_SCHEMA_PATH, renderCliOutputJsonSchema } from '../src/cli/json-document.ts';

writeFileSync(MODEL_JSON_SCHEMA_PATH, renderModelJsonSchema());
console.log(`wrote ${MODEL_JSON_SCHEMA_PATH}`);
writeFileSync(CLI_OUTPUT_JSON_SCHEMA_PATH, renderCliOutputJsonSchema());
console.log(`wrote ${CLI_OUTPUT_JSON_SCHEMA_PATH}`);
