// The validation report as Markdown, for a pull request comment: a summary table of the sections,
// then each section's findings as a list and its lines in a collapsed block.
import type { ValidationReport } from '../validate-model.ts';
import type { ValidationFinding } from '../validation.ts';
import { countValidationFindings, describeCounts } from './counts.ts';

const ICONS: Record<ValidationFinding['severity'], string> = {
  error: '❌',
  warning: '⚠️',
  info: 'ℹ️',
};

/** Text inside a table cell or list item: no line breaks, pipes and markup characters escaped. */
function inline(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/([\\`*_[\]<>|])/g, '\\$1');
}

function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text.includes('`') ? ` ${text} ` : text}${fence}`;
}

export function renderValidationMarkdown(report: ValidationReport): string {
  const counts = countValidationFindings(report);
  const out: string[] = [
    `## schemata validate: ${counts.errors > 0 ? 'failed' : 'passed'} (${describeCounts(counts)})`,
    '',
    `Run in ${inline(report.scratch)}, seed ${report.seed}, scale ${report.scale}.`,
    '',
    '| Check | Result | Findings |',
    '| --- | --- | --- |',
  ];
  for (const section of report.sections) {
    const severities = section.findings.map((f) => f.severity);
    const mark = severities.includes('error')
      ? ICONS.error
      : severities.includes('warning')
        ? ICONS.warning
        : '✅';
    out.push(`| ${section.name} | ${mark} ${inline(section.summary)} | ${section.findings.length} |`);
  }
  for (const section of report.sections) {
    if (section.findings.length === 0 && section.lines.length === 0) continue;
    out.push('', `### ${section.name}`, '');
    for (const finding of section.findings) {
      const about = finding.object !== undefined ? ` ${code(finding.object)}` : '';
      const where = finding.location
        ? ` (${inline(`${finding.location.file}:${finding.location.line}`)})`
        : '';
      out.push(
        `- ${ICONS[finding.severity]} **${finding.code}**${about}${where}: ${inline(finding.message)}`,
      );
      if (finding.businessRule !== undefined) out.push(`  - business rule: ${inline(finding.businessRule)}`);
      if (finding.hint !== undefined) out.push(`  - hint: ${inline(finding.hint)}`);
    }
    if (section.lines.length > 0) {
      if (section.findings.length > 0) out.push('');
      out.push('<details><summary>details</summary>', '', '```', ...section.lines, '```', '', '</details>');
    }
  }
  return `${out.join('\n')}\n`;
}
