// Findings in the --json document (docs/json-output.md): their format as a zod schema, which the
// document's schema embeds (src/cli/json-document.ts), and the plain objects that follow it.
import * as z from 'zod';
import { formatModelPath } from '../../model/model-path.ts';
import type { Finding } from '../rule.ts';
import { RULE_CATEGORIES } from '../rule-categories.ts';
import { countFindings } from './counts.ts';

export const FindingSchema = z.object({
  code: z.string().describe('the rule, e.g. "table-without-primary-key"; its page is docs/rules/CODE.md'),
  severity: z.enum(['error', 'warning', 'info']),
  category: z.enum(RULE_CATEGORIES),
  message: z.string(),
  fix: z.string().describe('what to change'),
  location: z
    .object({
      file: z.string(),
      line: z.number().int().describe('1-based'),
      column: z.number().int().describe('1-based'),
    })
    .optional(),
  object: z.string().optional().describe('the object it is about, e.g. "public.orders.customer_id"'),
  path: z
    .string()
    .optional()
    .describe('model findings: where in the model, e.g. "schemas.public.tables.orders"'),
});

export type FindingDocument = z.infer<typeof FindingSchema>;

export const LintSummarySchema = z.object({
  input: z
    .enum(['model', 'database', 'sql', 'migrations'])
    .describe('what was linted: model files, a database (inspected), SQL files, a migrations directory'),
  targetVersion: z.number().int().describe('the PostgreSQL major version the rules judged for'),
  errors: z.number().int(),
  warnings: z.number().int(),
  infos: z.number().int(),
});

export type LintSummary = z.infer<typeof LintSummarySchema>;

/** The documented fields of a finding, in a fixed order. */
export function findingDocument(finding: Finding): FindingDocument {
  return {
    code: finding.code,
    severity: finding.severity,
    category: finding.category,
    message: finding.message,
    fix: finding.fix,
    ...(finding.location && {
      location: { file: finding.location.file, line: finding.location.line, column: finding.location.column },
    }),
    ...(finding.object !== undefined && { object: finding.object }),
    ...(finding.path !== undefined && { path: formatModelPath(finding.path) }),
  };
}

export function lintSummary(
  findings: readonly Finding[],
  input: LintSummary['input'],
  targetVersion: number,
): LintSummary {
  const counts = countFindings(findings);
  return { input, targetVersion, errors: counts.error, warnings: counts.warning, infos: counts.info };
}
