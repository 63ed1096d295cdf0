import { analyzeModel } from '../../model/analysis.ts';
import { isBuiltin } from '../../model/column-types.ts';
import { listOption, wordMatcher } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

const NOT_THE_VALUE = /(_id|_at|_count|_type|_kind|_length|_verified|_confirmed|_enabled)$/;

export const sensitiveColumnUnclassified: ModelRule = {
  kind: 'model',
  code: 'sensitive-column-unclassified',
  category: 'security',
  severity: 'warning',
  summary:
    'Columns whose names say they hold personal or secret data (email, phone, password, ssn, token) have a sensitivity.',
  rationale:
    'Masking in test copies, access reviews, retention and breach reports all work from the list of sensitive columns. A column called ssn or email without a classification is missing from that list, and so from every control built on it.',
  fix: 'Add `sensitivity: pii` (or `confidential`, `restricted`) to the column.',
  examples: {
    bad: `schemas:
  public:
    tables:
      customers:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: email, type: text, notNull: true }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      customers:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: email, type: text, notNull: true, sensitivity: pii }
        primaryKey: { columns: [id] }
`,
  },
  options: {
    words: {
      description: 'Name parts that mark a column as sensitive.',
      default: [
        'password',
        'passwd',
        'ssn',
        'social_security',
        'tax_id',
        'national_id',
        'passport',
        'token',
        'secret',
        'api_key',
        'private_key',
        'credit_card',
        'card_number',
        'cvv',
        'iban',
        'email',
        'phone',
        'date_of_birth',
        'birth_date',
        'dob',
        'salary',
        'ip_address',
      ],
    },
  },
  check(context) {
    const sensitive = wordMatcher(listOption(context, 'words'));
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        if (column.column.sensitivity !== undefined || NOT_THE_VALUE.test(column.name)) continue;
        if (isBuiltin(column.baseType, 'bool', 'timestamp', 'timestamptz')) continue;
        if (!sensitive(column.name)) continue;
        context.report({
          message: `column ${column.object} looks sensitive by its name but has no sensitivity`,
          path: column.path,
          object: column.object,
          fix: 'sensitivity: pii (or confidential, restricted)',
        });
      }
    }
  },
};
