import { analyzeModel } from '../../model/analysis.ts';
import { namingOf, checkName } from '../../../model/naming.ts';
import type { ModelRule } from '../../rule.ts';

export const constraintNotValidated: ModelRule = {
  kind: 'model',
  code: 'constraint-not-validated',
  category: 'design',
  severity: 'warning',
  summary: 'Foreign keys and checks are validated, not left NOT VALID.',
  rationale:
    'NOT VALID is a step of a safe migration: the constraint applies to new rows at once and is validated later without a long lock. Left that way, old rows may break it, the planner cannot rely on it, and no one knows whether the data is clean.',
  fix: 'Remove `notValid: true` (the migration then runs VALIDATE CONSTRAINT).',
  examples: {
    bad: `schemas:
  public:
    tables:
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: balance, type: "numeric(12,2)", notNull: true }
        primaryKey: { columns: [id] }
        checks:
          - { expression: balance >= 0, notValid: true }
`,
    good: `schemas:
  public:
    tables:
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: balance, type: "numeric(12,2)", notNull: true }
        primaryKey: { columns: [id] }
        checks:
          - { expression: balance >= 0 }
`,
  },
  related: ['pg-index-health: not_valid_constraints'],
  check(context) {
    const naming = namingOf(context.model);
    for (const table of analyzeModel(context.model).tables) {
      for (const fk of table.foreignKeys) {
        if (fk.fk.notValid !== true) continue;
        context.report({
          message: `foreign key ${fk.name} of ${table.object} is NOT VALID`,
          path: [...fk.path, 'notValid'],
          object: `${table.object}.${fk.name}`,
        });
      }
      (table.table.checks ?? []).forEach((check, i) => {
        if (check.notValid !== true) return;
        const name = checkName(naming, table.schema, table.name, table.table, check);
        context.report({
          message: `check ${name} of ${table.object} is NOT VALID`,
          path: [...table.path, 'checks', i, 'notValid'],
          object: `${table.object}.${name}`,
        });
      });
    }
  },
};
