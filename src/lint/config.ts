// The `lint` section of schemata.config.yaml: which rules run, at what severity and with which options,
// for the whole project and per path or per schema. Described once, as a zod schema, which the config
// file's schema embeds (src/cli/config/config-schema.ts); settings.ts turns it into LintSettings.
import * as z from 'zod';
import { RULE_CATEGORIES } from './rule-categories.ts';

/** `off`, `on` (the rule's own severity), or a severity. */
export const RuleLevelSchema = z.enum(['off', 'on', 'error', 'warning', 'info']);
export type RuleLevel = z.infer<typeof RuleLevelSchema>;

export const RuleOptionValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const RuleSettingSchema = z.union([
  RuleLevelSchema,
  z.strictObject({
    severity: RuleLevelSchema.optional().meta({
      description: 'off, on (the rule’s own severity), error, warning or info. Default: on.',
    }),
    options: z
      .record(z.string(), RuleOptionValueSchema)
      .optional()
      .meta({ description: 'The rule’s options by name; docs/rules/CODE.md lists them.' }),
  }),
]);
export type RuleSetting = z.infer<typeof RuleSettingSchema>;

const RulesSchema = z.record(z.string(), RuleSettingSchema).meta({
  description:
    'Rules by code (docs/rules/README.md): off, on, error, warning, info, or { severity, options }.',
});

const CategoriesSchema = z.partialRecord(z.enum(RULE_CATEGORIES), RuleLevelSchema).meta({
  description:
    'Every rule of a category at once: design, naming, documentation, performance, security, migration; a rule named under rules wins.',
});

export const LintOverrideSchema = z
  .strictObject({
    files: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .optional()
      .meta({
        description:
          'Glob(s) of the files it applies to, relative to the config file, e.g. "model/legacy/**" or "migrations/000[1-9]_*".',
      }),
    schemas: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .meta({ description: 'The schemas it applies to (model findings and database findings).' }),
    optIn: z
      .boolean()
      .optional()
      .meta({ description: 'Turn the opt-in rules on (true) or off (false) here.' }),
    categories: CategoriesSchema.optional(),
    rules: RulesSchema.optional(),
  })
  .meta({
    description:
      'Settings for some files or schemas, over the settings above; later entries win over earlier ones.',
  });
export type LintOverride = z.infer<typeof LintOverrideSchema>;

export const LintConfigSchema = z
  .strictObject({
    targetVersion: z.number().int().min(10).max(19).optional().meta({
      description:
        'The PostgreSQL major version migrations are checked for (--target-version wins). Default: the model’s project.postgres, else the version of the database given, else 18.',
    }),
    optIn: z.boolean().optional().meta({
      description:
        'Turn on every opt-in rule (conventions not every project follows: naming, comments, timeouts, ...). Default: false.',
    }),
    categories: CategoriesSchema.optional(),
    rules: RulesSchema.optional(),
    overrides: z.array(LintOverrideSchema).optional(),
    docsUrl: z.url().regex(/\/$/, 'end the URL with /').optional().meta({
      description:
        'Where the project publishes the rule pages (docs/rules/), ending in /: SARIF output links each rule to docsUrl + CODE.md. Default: no link, the help text names docs/rules/CODE.md.',
    }),
  })
  .meta({
    description: 'schemata lint: which rules run, at what severity, with which options (docs/lint.md).',
  });
export type LintConfig = z.infer<typeof LintConfigSchema>;
