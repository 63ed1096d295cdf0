// Writes schema/model.schema.json from the model file format (src/model/model-schema.ts).
// Run after changing the format: npm run schema:json
import { writeFileSync } from 'node:fs';
import { MODEL_JSON_SCHEMA_PATH, renderModelJsonSchema } from '../src/model/model-json-schema.ts';

writeFileSync(MODEL_JSON_SCHEMA_PATH, renderModelJsonSchema());
console.log(`wrote ${MODEL_JSON_SCHEMA_PATH}`);
