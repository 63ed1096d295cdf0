import { analyzeModel, type ColumnInfo } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

/**
 * The type a column name is compared by: the base type without length or precision, with varchar
 * counted as text (the same storage; the length is a constraint).
 */
function typeKey(column: ColumnInfo): string {
  const type = column.baseType;
  if (!type.builtin) return type.canonical;
  const name = type.canonical.replace(/\([^)]*\)/, '');
  return name.replace(/^character varying/, 'text');
}

export const inconsistentColumnTypes: ModelRule = {
  kind: 'model',
  code: 'inconsistent-column-types',
  category: 'design',
  severity: 'info',
  summary: 'A column name means one type across the model (client_id is bigint everywhere).',
  rationale:
    'Columns with the same name usually hold the same thing: when client_id is bigint in one table and integer in another, joins between them cast, values that fit one do not fit the other, and the smaller one overflows first. It is often a key that was widened in one place only.',
  fix: 'Give the column the type it has in the other tables.',
  examples: {
    bad: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: client_id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
      invoices:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: client_id, type: integer, notNull: true }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: client_id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
      invoices:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: client_id, type: bigint, notNull: true }
        primaryKey: { columns: [id] }
`,
  },
  related: ['pg-index-health: columns_with_inconsistent_types'],
  differences:
    'Lengths and precisions are not compared (varchar(40) and varchar(80) are the same type here); the columns whose type differs from the most common one are reported.',
  check(context) {
    const byName = new Map<string, Map<string, ColumnInfo[]>>();
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        let types = byName.get(column.name);
        if (!types) byName.set(column.name, (types = new Map()));
        const key = typeKey(column);
        const list = types.get(key);
        if (list) list.push(column);
        else types.set(key, [column]);
      }
    }
    for (const types of byName.values()) {
      if (types.size < 2) continue;
      // The most common type is the reference; on a tie, the first in sorted order.
      const ranked = [...types.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
      const [referenceType, referenceColumns] = ranked[0] as [string, ColumnInfo[]];
      const example = referenceColumns[0] as ColumnInfo;
      for (const [type, columns] of ranked.slice(1)) {
        for (const column of columns) {
          context.report({
            message: `column ${column.object} is ${type}, but ${column.name} is ${referenceType} in ${example.object.slice(0, -column.name.length - 1)}`,
            path: [...column.path, 'type'],
            object: column.object,
            fix: `type: ${referenceType}`,
          });
        }
      }
    }
  },
};
