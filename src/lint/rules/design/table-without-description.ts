import { tableFieldRule } from '../../model/metadata-rule.ts';

export const tableWithoutDescription = tableFieldRule({
  code: 'table-without-description',
  field: 'description',
  what: 'description',
  summary: 'Every table says what it holds (description, which becomes its comment).',
  rationale:
    "A table's name rarely says which rows belong in it, who owns them and what they are for; the description does, and as the table comment it is visible in every database tool and in the generated documentation.",
  fix: 'Add `description:` to the table.',
  example: 'description: Invoices sent to customers; one per order.',
  related: ['pg-index-health: tables_without_description'],
});
