import { tableFieldRule } from '../../model/metadata-rule.ts';

export const tableWithoutDataOwner = tableFieldRule({
  code: 'table-without-data-owner',
  field: 'dataOwner',
  what: 'data owner',
  optIn: true,
  summary: 'Projects that require it: every table names the team accountable for its data (dataOwner).',
  rationale:
    "Questions about what a table's rows mean, who may read them and whether they may be deleted need someone to answer them; the model is where a reader looks.",
  fix: 'Add `dataOwner:` to the table.',
  example: 'dataOwner: billing team',
});
