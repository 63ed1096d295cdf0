// Rules that ask for one documentation field of every table (retention, sensitivity, volume, ...):
// the same check with different words, made here so each rule file says only what differs.
import type { Table } from '../../model/model-schema.ts';
import type { ModelRule, RuleCategory, LintSeverity } from '../rule.ts';
import { analyzeModel } from './analysis.ts';
import { isBlank } from './rule-support.ts';

export interface TableFieldRule {
  code: string;
  field: keyof Table & string;
  /** What the field holds, for messages: "a retention period". */
  what: string;
  category?: RuleCategory;
  severity?: LintSeverity;
  optIn?: boolean;
  summary: string;
  rationale: string;
  fix: string;
  /** The line that the good example adds to the table, e.g. `retention: 7 years`. */
  example: string;
  related?: readonly string[];
}

const exampleModel = (extra: string) => `schemas:
  public:
    tables:
      invoices:
${extra}        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
`;

export function tableFieldRule(rule: TableFieldRule): ModelRule {
  return {
    kind: 'model',
    code: rule.code,
    category: rule.category ?? 'documentation',
    severity: rule.severity ?? 'info',
    ...(rule.optIn !== undefined ? { optIn: rule.optIn } : {}),
    summary: rule.summary,
    rationale: rule.rationale,
    fix: rule.fix,
    examples: { bad: exampleModel(''), good: exampleModel(`        ${rule.example}\n`) },
    ...(rule.related ? { related: rule.related } : {}),
    check(context) {
      for (const table of analyzeModel(context.model).tables) {
        const value = table.table[rule.field];
        if (typeof value === 'string' ? !isBlank(value) : value !== undefined) continue;
        context.report({
          message: `table ${table.object} has no ${rule.what}`,
          path: table.path,
          object: table.object,
        });
      }
    },
  };
}
