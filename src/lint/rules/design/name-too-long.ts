import { givenNames } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

const MAX_BYTES = 63;

export const nameTooLong: ModelRule = {
  kind: 'model',
  code: 'name-too-long',
  category: 'naming',
  severity: 'error',
  summary: 'Names fit in 63 bytes.',
  rationale:
    'PostgreSQL truncates longer names to 63 bytes without an error: two names that differ only after byte 63 collide, and the name in the database is not the one in the model, so the next diff sees a difference. (The model reader already refuses tables, columns, types and keys with longer names; this rule covers the rest: views, routines, triggers, policies.)',
  fix: 'Shorten the name to 63 bytes or fewer.',
  examples: {
    bad: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
    views:
      orders_that_were_placed_by_customers_who_joined_during_the_last_year:
        definition: SELECT id FROM orders
`,
    good: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
    views:
      orders_of_new_customers:
        definition: SELECT id FROM orders
`,
  },
  related: ['squawk: identifier-too-long', 'pg-index-health: possible_object_name_overflow'],
  check(context) {
    for (const given of givenNames(context)) {
      const bytes = Buffer.byteLength(given.name, 'utf8');
      if (bytes <= MAX_BYTES) continue;
      context.report({
        message: `${given.kind} name "${given.name}" (${given.object}) is ${bytes} bytes; PostgreSQL keeps only ${MAX_BYTES}`,
        path: given.path,
        object: given.object,
      });
    }
  },
};
