import { analyzeModel } from '../../model/analysis.ts';
import { coveringIndex } from '../../model/index-coverage.ts';
import { numberOption } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

export const foreignKeyWithoutIndex: ModelRule = {
  kind: 'model',
  code: 'foreign-key-without-index',
  category: 'performance',
  severity: 'warning',
  summary: 'Every foreign key has an index led by its columns.',
  rationale:
    'PostgreSQL indexes the referenced side of a foreign key, not the referencing side. Without an index on the foreign key columns, every delete or key update in the referenced table scans the whole referencing table (under lock), ON DELETE CASCADE does the same per deleted row, and joins from parent to children cannot use an index.',
  fix: 'Add `indexes: [{ columns: [the foreign key columns] }]` (or put them first in an existing index, or in the primary key).',
  examples: {
    bad: `schemas:
  public:
    tables:
      customers:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: customer_id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [customer_id], references: { table: customers, columns: [id] }, onDelete: restrict }
`,
    good: `schemas:
  public:
    tables:
      customers:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: customer_id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [customer_id], references: { table: customers, columns: [id] }, onDelete: restrict }
        indexes:
          - { columns: [customer_id] }
`,
  },
  options: {
    minRows: {
      description: 'Tables whose volume says fewer rows than this are not reported (0: report all).',
      default: 0,
    },
  },
  related: ['pg-index-health: foreign_keys_without_index', 'schemalint: index-referencing-column'],
  differences:
    'As pg-index-health: every foreign key column must be among the leading columns of one index, in any order; an index on only some of them does not count (schemalint counts it). A partial index counts only when its predicate is `col IS NOT NULL` on the key columns.',
  check(context) {
    const minRows = numberOption(context, 'minRows');
    const analysis = analyzeModel(context.model);
    for (const table of analysis.tables) {
      if ((table.table.volume?.rows ?? Infinity) < minRows) continue;
      for (const fk of table.foreignKeys) {
        if (coveringIndex(table, fk.fk.columns)) continue;
        const columns = fk.fk.columns.join(', ');
        context.report({
          message: `foreign key ${fk.name} of ${table.object} (${columns}) has no index led by its columns`,
          path: fk.path,
          object: `${table.object}.${fk.fk.columns.join(',')}`,
          fix: `indexes: [{ columns: [${columns}] }]`,
        });
      }
    }
  },
};
