// How many findings of each severity, and the one line that says so.
import type { Finding, LintSeverity } from '../rule.ts';

export type FindingCounts = Record<LintSeverity, number>;

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

/** Whether a finding at error severity remains (the command then exits 1). */
export function hasErrorFindings(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === 'error');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 || word === 'info' ? '' : 's'}`;
}

/** `3 findings (1 error, 2 warnings, 0 info) in 2 files`, or `no findings`. */
export function summarizeFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no findings';
  const counts = countFindings(findings);
  const files = new Set(findings.flatMap((f) => (f.location ? [f.location.file] : [])));
  const where = files.size > 0 ? ` in ${plural(files.size, 'file')}` : '';
  return `${plural(findings.length, 'finding')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')})${where}`;
}
