// The JSON Schema of a model file, for editors (completion and checking while typing). Generated from
// the zod schema, the one description of the format; scripts/write-json-schema.ts writes it to
// schema/model.schema.json, and a test fails when that file is out of date.
import * as z from 'zod';
import { DefaultExpressionSchema, ModelFileSchema } from './model-schema.ts';

export const MODEL_JSON_SCHEMA_PATH = 'schema/model.schema.json';

/** The JSON Schema as the text committed to schema/model.schema.json. */
export function renderModelJsonSchema(): string {
  const generated = z.toJSONSchema(ModelFileSchema, {
    io: 'input',
    override: ({ zodSchema, jsonSchema }) => {
      // The reader takes `default: 0` and `default: true` as SQL text; editors accept them as well.
      if (zodSchema !== DefaultExpressionSchema) return;
      const text = { ...jsonSchema };
      for (const key of Object.keys(jsonSchema)) delete (jsonSchema as Record<string, unknown>)[key];
      const { description, ...stringSchema } = text;
      Object.assign(jsonSchema, {
        anyOf: [stringSchema, { type: 'number' }, { type: 'boolean' }],
        ...(description !== undefined && { description }),
      });
    },
  });
  const { $schema, ...rest } = generated;
  const schema = {
    $schema,
    title: 'schemata model file',
    description: 'A PostgreSQL schema model for schemata. See docs/model-files.md.',
    ...rest,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
