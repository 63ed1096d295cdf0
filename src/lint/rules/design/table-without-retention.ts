import { tableFieldRule } from '../../model/metadata-rule.ts';

export const tableWithoutRetention = tableFieldRule({
  code: 'table-without-retention',
  field: 'retention',
  what: 'retention period',
  optIn: true,
  summary: 'Projects that require it: every table says how long its rows are kept (retention).',
  rationale:
    'Data protection law and storage costs both ask how long rows are kept; without an answer in the model, nobody builds the clean-up and personal data stays forever.',
  fix: 'Add `retention:` to the table (e.g. "7 years", "while the account exists").',
  example: 'retention: 10 years (tax law)',
});
