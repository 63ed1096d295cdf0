// How many findings a report has of each severity, for summaries.
import type { ValidationReport } from '../validate-model.ts';

export interface FindingCounts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countValidationFindings(report: ValidationReport): FindingCounts {
  const counts: FindingCounts = { errors: 0, warnings: 0, infos: 0 };
  for (const section of report.sections)
    for (const finding of section.findings) {
      if (finding.severity === 'error') counts.errors++;
      else if (finding.severity === 'warning') counts.warnings++;
      else counts.infos++;
    }
  return counts;
}

/** `2 errors, 1 warning` or `no findings`. */
export function describeCounts(counts: FindingCounts): string {
  const parts: string[] = [];
  const add = (count: number, one: string) => {
    if (count > 0) parts.push(`${count} ${one}${count === 1 ? '' : 's'}`);
  };
  add(counts.errors, 'error');
  add(counts.warnings, 'warning');
  add(counts.infos, 'note');
  return parts.length === 0 ? 'no findings' : parts.join(', ');
}
