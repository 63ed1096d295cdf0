// Findings as a compiler prints them: `file:line:column: severity CODE: message`, the fix on the line
// below, a blank line between files, and a summary line. A front end decorates the parts (the command
// line colours them on a terminal).
import { formatModelPath } from '../../model/model-path.ts';
import type { Finding, LintSeverity } from '../rule.ts';
import { summarizeFindings } from './counts.ts';

export interface ReportStyle {
  /** `error CODE`, `warning CODE` or `info CODE`. */
  severity(text: string, severity: LintSeverity): string;
  /** The fix line and the summary's quiet parts. */
  dim(text: string): string;
}

const PLAIN: ReportStyle = { severity: (text) => text, dim: (text) => text };

/** Where a finding is: its file position, else the object it is about, else its model path. */
export function findingPlace(finding: Finding): string {
  if (finding.location) return `${finding.location.file}:${finding.location.line}:${finding.location.column}`;
  return finding.object ?? (finding.path ? formatModelPath(finding.path) : '');
}

/** One finding: its line and the fix below it. */
export function renderFinding(finding: Finding, style: ReportStyle = PLAIN): string {
  const where = findingPlace(finding);
  const head = `${where === '' ? '' : `${where}: `}${style.severity(`${finding.severity} ${finding.code}`, finding.severity)}: ${finding.message}`;
  return `${head}\n  ${style.dim(`fix: ${finding.fix}`)}`;
}

/** The findings in their order (sorted by file already), grouped by file, and the summary line. */
export function renderTextReport(findings: readonly Finding[], style: ReportStyle = PLAIN): string {
  const blocks: string[] = [];
  let group: string | undefined;
  for (const finding of findings) {
    const file = finding.location?.file ?? '';
    if (blocks.length > 0 && file !== group) blocks.push('');
    group = file;
    blocks.push(renderFinding(finding, style));
  }
  if (blocks.length > 0) blocks.push('');
  blocks.push(summarizeFindings(findings));
  return `${blocks.join('\n')}\n`;
}
