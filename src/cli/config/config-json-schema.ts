// The JSON Schema of schemata.config.yaml, for editors. Generated from the zod schema that checks the
// file, per-command defaults included; scripts/write-json-schema.ts writes it to
// schema/config.schema.json, and a test fails when that file is out of date.
import * as z from 'zod';
import { CheckedConfigFileSchema } from './command-defaults.ts';

export const CONFIG_JSON_SCHEMA_PATH = 'schema/config.schema.json';

/** The JSON Schema as the text committed to schema/config.schema.json. */
export function renderConfigJsonSchema(): string {
  const { $schema, ...rest } = z.toJSONSchema(CheckedConfigFileSchema, { io: 'input' });
  const schema = {
    $schema,
    title: 'schemata configuration (schemata.config.yaml)',
    description:
      'Where the model and migrations are, the development database, named environments and per-command defaults. See docs/configuration.md.',
    ...rest,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
