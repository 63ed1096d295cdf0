// The validation report in the --json document (docs/json-output.md, docs/validate.md): its format as
// a zod schema, which the document's schema embeds (src/cli/json-document.ts), and the plain object
// that follows it.
import * as z from 'zod';
import type { ValidationReport } from '../validate-model.ts';
import type { ValidationFinding } from '../validation.ts';
import { countValidationFindings } from './counts.ts';

export const ValidationFindingSchema = z.object({
  code: z.string().describe('stable code, e.g. "check-always-true"; see docs/validate.md'),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  object: z.string().optional().describe('the object it is about, e.g. "public.orders.chk_total"'),
  location: z
    .object({
      file: z.string(),
      line: z.number().int().describe('1-based'),
      column: z.number().int().describe('1-based'),
    })
    .optional(),
  hint: z.string().optional(),
  businessRule: z.string().optional().describe('the business rule the model gives for the object'),
});

export const ValidationDocumentSchema = z.object({
  scratch: z.string().describe('where it ran: "embedded PostgreSQL 18", or the --dev-db host'),
  serverVersion: z.number().int(),
  hasHypopg: z.boolean(),
  seed: z.number().int(),
  scale: z.number(),
  sections: z.array(
    z.object({
      name: z.string().describe('sample-data, constraints, query-plans, ...'),
      summary: z.string(),
      findings: z.array(ValidationFindingSchema),
      details: z.record(z.string(), z.unknown()).describe('what the check measured; see docs/validate.md'),
    }),
  ),
  errors: z.number().int(),
  warnings: z.number().int(),
  infos: z.number().int(),
});

export type ValidationDocument = z.infer<typeof ValidationDocumentSchema>;

function findingDocument(finding: ValidationFinding): z.infer<typeof ValidationFindingSchema> {
  return {
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    ...(finding.object !== undefined && { object: finding.object }),
    ...(finding.location && {
      location: { file: finding.location.file, line: finding.location.line, column: finding.location.column },
    }),
    ...(finding.hint !== undefined && { hint: finding.hint }),
    ...(finding.businessRule !== undefined && { businessRule: finding.businessRule }),
  };
}

export function validationDocument(report: ValidationReport): ValidationDocument {
  return {
    scratch: report.scratch,
    serverVersion: report.serverVersion,
    hasHypopg: report.hasHypopg,
    seed: report.seed,
    scale: report.scale,
    sections: report.sections.map((section) => ({
      name: section.name,
      summary: section.summary,
      findings: section.findings.map(findingDocument),
      details: section.details,
    })),
    ...countValidationFindings(report),
  };
}
