// Writes schema/model.schema.json from the model file format (src/model/model-schema.ts),
// schema/config.schema.json from the configuration format (src/cli/config/) and
// schema/cli-output.schema.json from the --json document (src/cli/json-document.ts).
// Run after changing any of them: npm run schema:json
import { writeFileSync } from 'node:fs';
import { MODEL_JSON_SCHEMA_PATH, renderModelJsonSchema } from '../src/model/model-json-schema.ts';
import { CONFIG_JSON_SCHEMA_PATH, renderConfigJsonSchema } from '../src/cli/config/config-json-schema.ts';
import { CLI_OUTPUT_JSON_SCHEMA_PATH, renderCliOutputJsonSchema } from '../src/cli/json-document.ts';

writeFileSync(MODEL_JSON_SCHEMA_PATH, renderModelJsonSchema());
console.log(`wrote ${MODEL_JSON_SCHEMA_PATH}`);
writeFileSync(CONFIG_JSON_SCHEMA_PATH, renderConfigJsonSchema());
console.log(`wrote ${CONFIG_JSON_SCHEMA_PATH}`);
writeFileSync(CLI_OUTPUT_JSON_SCHEMA_PATH, renderCliOutputJsonSchema());
console.log(`wrote ${CLI_OUTPUT_JSON_SCHEMA_PATH}`);
