import { analyzeModel, keyLabel, type IndexInfo } from '../../model/analysis.ts';
import { expressionTextKey } from '../../model/expressions.ts';
import type { ModelRule } from '../../rule.ts';

/** What makes two indexes the same index: method, keys with their opclasses, included columns, predicate. */
export function indexSignature(index: IndexInfo): string {
  return JSON.stringify([
    index.method,
    index.keys.map((key) => key.key),
    [...index.include].sort(),
    index.where === undefined ? '' : expressionTextKey(index.where),
  ]);
}

export function indexLabel(index: IndexInfo): string {
  const kind =
    index.kind === 'primaryKey' ? 'primary key' : index.kind === 'unique' ? 'unique constraint' : 'index';
  return `${kind} ${index.name}`;
}

export const duplicateIndex: ModelRule = {
  kind: 'model',
  code: 'duplicate-index',
  category: 'performance',
  severity: 'warning',
  summary: 'No two indexes (or keys) with the same columns, operator classes and predicate.',
  rationale:
    'A second identical index serves no query the first does not, but every insert and update maintains both, and both take memory and disk. A plain index on the columns of a primary key or unique constraint repeats the index PostgreSQL already made for the constraint.',
  fix: 'Remove the repeated index.',
  examples: {
    bad: `schemas:
  public:
    tables:
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: account_number, type: text, notNull: true }
        primaryKey: { columns: [id] }
        uniques:
          - { columns: [account_number] }
        indexes:
          - { columns: [account_number] }
`,
    good: `schemas:
  public:
    tables:
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: account_number, type: text, notNull: true }
        primaryKey: { columns: [id] }
        uniques:
          - { columns: [account_number] }
`,
  },
  related: ['pg-index-health: duplicated_indexes'],
  check(context) {
    for (const table of [...analyzeModel(context.model).tables, ...analyzeModel(context.model).partitions]) {
      const seen = new Map<string, IndexInfo>();
      for (const index of table.indexes) {
        if (index.kind === 'exclusion') continue;
        const signature = indexSignature(index);
        const first = seen.get(signature);
        if (!first) {
          seen.set(signature, index);
          continue;
        }
        // The later one goes; a constraint comes before the plain indexes, so it stays.
        context.report({
          message: `${indexLabel(index)} of ${table.object} (${keyLabel(index)}) repeats ${indexLabel(first)}`,
          path: index.path,
          object: `${table.object}.${index.name}`,
          fix: index.kind === 'index' ? `remove index ${index.name}` : `remove ${indexLabel(first)}`,
        });
      }
    }
  },
};
