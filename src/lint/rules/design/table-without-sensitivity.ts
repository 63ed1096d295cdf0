import { tableFieldRule } from '../../model/metadata-rule.ts';

export const tableWithoutSensitivity = tableFieldRule({
  code: 'table-without-sensitivity',
  field: 'sensitivity',
  what: 'sensitivity classification',
  optIn: true,
  summary:
    'Projects that require it: every table is classified (sensitivity: public, internal, confidential, pii, restricted).',
  rationale:
    'Access reviews, backups, masking for test data and breach reports all start from knowing which tables hold sensitive data. A classification per table in the model keeps that list current.',
  fix: 'Add `sensitivity:` to the table.',
  example: 'sensitivity: confidential',
});
