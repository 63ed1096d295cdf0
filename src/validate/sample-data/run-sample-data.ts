// The sample-data step: rows for every table, inserted into the scratch database, as a report section.
import type { ValidationContext, ValidationSection } from '../validation.ts';

/** The rows of one table as their PostgreSQL text forms (null for NULL), in insert order. */
export interface SampleTable {
  schema: string;
  name: string;
  columns: string[];
  rows: (string | null)[][];
}

export interface SampleData {
  /** In foreign-key order: parents before children. */
  tables: SampleTable[];
}

export async function runSampleData(
  ctx: ValidationContext,
): Promise<{ section: ValidationSection; data: SampleData }> {
  void ctx;
  return {
    section: { name: 'sample-data', summary: 'no rows', findings: [], details: {}, lines: [] },
    data: { tables: [] },
  };
}
