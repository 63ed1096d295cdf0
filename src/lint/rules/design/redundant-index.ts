import { analyzeModel, keyLabel, type IndexInfo } from '../../model/analysis.ts';
import { expressionTextKey } from '../../model/expressions.ts';
import type { ModelRule } from '../../rule.ts';
import { indexLabel } from './duplicate-index.ts';

function isPrefix(short: IndexInfo, long: IndexInfo): boolean {
  if (short.keys.length >= long.keys.length) return false;
  return short.keys.every((key, i) => long.keys[i]?.key === key.key);
}

const predicateKey = (index: IndexInfo) => (index.where === undefined ? '' : expressionTextKey(index.where));

export const redundantIndex: ModelRule = {
  kind: 'model',
  code: 'redundant-index',
  category: 'performance',
  severity: 'warning',
  summary: 'No index whose keys are the leading keys of another index with the same predicate.',
  rationale:
    'A B-tree index on (a, b) serves every lookup and sort by a that an index on (a) alone serves, almost as fast. The shorter index costs a write on every insert and update, and memory, for little gain.',
  fix: 'Remove the shorter index (unless it is unique: then it enforces something and stays).',
  examples: {
    bad: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: client_id, type: bigint, notNull: true }
          - { name: status, type: text, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [client_id] }
          - { columns: [client_id, status] }
`,
    good: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: client_id, type: bigint, notNull: true }
          - { name: status, type: text, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [client_id, status] }
`,
  },
  related: ['pg-index-health: intersected_indexes'],
  differences:
    'Unique indexes and constraints are never reported as redundant (they enforce uniqueness of their own columns); only B-tree indexes are compared.',
  check(context) {
    const analysis = analyzeModel(context.model);
    for (const table of [...analysis.tables, ...analysis.partitions]) {
      const btree = table.indexes.filter((index) => index.method === 'btree' && index.kind !== 'exclusion');
      for (const index of btree) {
        if (index.kind !== 'index' || index.unique) continue;
        const wider = btree.find(
          (other) => other !== index && predicateKey(other) === predicateKey(index) && isPrefix(index, other),
        );
        if (!wider) continue;
        context.report({
          message: `index ${index.name} of ${table.object} (${keyLabel(index)}) is a prefix of ${indexLabel(wider)} (${keyLabel(wider)})`,
          path: index.path,
          object: `${table.object}.${index.name}`,
          fix: `remove index ${index.name}`,
        });
      }
    }
  },
};
