// The validation report as text for a terminal: a heading per section with its summary and lines,
// each finding with where it is, and a closing summary.
import type { ValidationReport } from '../validate-model.ts';
import type { ValidationFinding } from '../validation.ts';
import { countValidationFindings, describeCounts } from './counts.ts';

export interface TextStyle {
  heading(text: string): string;
  severity(text: string, severity: ValidationFinding['severity']): string;
  dim(text: string): string;
}

const PLAIN: TextStyle = { heading: (t) => t, severity: (t) => t, dim: (t) => t };

export function renderValidationText(report: ValidationReport, style: TextStyle = PLAIN): string {
  const lines: string[] = [
    `validated in ${report.scratch} (seed ${report.seed}, scale ${report.scale}${report.hasHypopg ? ', hypopg' : ''})`,
  ];
  for (const section of report.sections) {
    lines.push('', style.heading(`${section.name}: ${section.summary}`));
    for (const line of section.lines) lines.push(`  ${line}`);
    for (const finding of section.findings) lines.push(...findingLines(finding, style));
  }
  const counts = countValidationFindings(report);
  lines.push('', `${counts.errors > 0 ? 'failed' : 'passed'}: ${describeCounts(counts)}`);
  return `${lines.join('\n')}\n`;
}

function findingLines(finding: ValidationFinding, style: TextStyle): string[] {
  const where = finding.location
    ? `${finding.location.file}:${finding.location.line}:${finding.location.column}: `
    : '';
  const about = finding.object !== undefined ? ` (${finding.object})` : '';
  const lines = [
    `  ${where}${style.severity(`${finding.severity} ${finding.code}`, finding.severity)}: ${finding.message}${about}`,
  ];
  if (finding.businessRule !== undefined) lines.push(`    business rule: ${finding.businessRule}`);
  if (finding.hint !== undefined) lines.push(style.dim(`    hint: ${finding.hint}`));
  return lines;
}
