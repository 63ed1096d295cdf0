import { analyzeModel, keyLabel, type IndexInfo } from '../../model/analysis.ts';
import { expressionTextKey } from '../../model/expressions.ts';
import type { ModelRule } from '../../rule.ts';

const predicateKey = (index: IndexInfo) => (index.where === undefined ? '' : expressionTextKey(index.where));

export const intersectingIndexes: ModelRule = {
  kind: 'model',
  code: 'intersecting-indexes',
  category: 'performance',
  severity: 'info',
  optIn: true,
  summary: 'Indexes that start with the same column are few: (a, b) and (a, c) may be one index.',
  rationale:
    'Two B-tree indexes led by the same column both serve lookups by that column; often one of them, possibly with a column added, serves the queries of both, and each index dropped is a write saved on every insert and update.',
  fix: 'Check the queries each index serves, and merge the indexes when one can serve both.',
  examples: {
    bad: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: client_id, type: bigint, notNull: true }
          - { name: status, type: text, notNull: true }
          - { name: placed_at, type: timestamptz, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [client_id, status] }
          - { columns: [client_id, placed_at] }
`,
    good: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: client_id, type: bigint, notNull: true }
          - { name: status, type: text, notNull: true }
          - { name: placed_at, type: timestamptz, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [client_id, status, placed_at] }
`,
  },
  differences: 'An index that is a prefix of the other is redundant-index; unique indexes are left out.',
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      const indexes = table.indexes.filter(
        (index) =>
          index.kind === 'index' && !index.unique && index.method === 'btree' && index.keys.length > 0,
      );
      const byLead = new Map<string, IndexInfo[]>();
      for (const index of indexes) {
        const key = `${index.keys[0]?.key}|${predicateKey(index)}`;
        const list = byLead.get(key);
        if (list) list.push(index);
        else byLead.set(key, [index]);
      }
      for (const list of byLead.values()) {
        for (let i = 1; i < list.length; i++) {
          const index = list[i] as IndexInfo;
          const first = list[0] as IndexInfo;
          const prefix = (a: IndexInfo, b: IndexInfo) => a.keys.every((key, k) => b.keys[k]?.key === key.key);
          if (prefix(first, index) || prefix(index, first)) continue;
          context.report({
            message: `indexes ${first.name} (${keyLabel(first)}) and ${index.name} (${keyLabel(index)}) of ${table.object} start with the same column`,
            path: index.path,
            object: `${table.object}.${index.name}`,
          });
        }
      }
    }
  },
};
