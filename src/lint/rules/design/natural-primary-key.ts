import { analyzeModel } from '../../model/analysis.ts';
import { integerBytes } from '../../model/column-types.ts';
import { isBlank } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

export const naturalPrimaryKey: ModelRule = {
  kind: 'model',
  code: 'natural-primary-key',
  category: 'design',
  severity: 'info',
  summary: 'A primary key of business values (e-mail, code, name) is a documented choice.',
  rationale:
    'Natural keys change (people change e-mail addresses, codes get reissued), and a change must then cascade to every referencing row; text keys also make every foreign key and index larger. A surrogate key (bigint identity or uuid) with a unique constraint on the natural key avoids both. When the natural key really never changes, say so in keyRationale.',
  fix: 'Add `{ name: id, type: bigint, identity: { generation: always } }` as the primary key and keep the natural key as `uniques: [{ columns: [...] }]`, or explain the choice in `keyRationale`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      app_users:
        columns:
          - { name: email, type: text }
          - { name: name, type: text, notNull: true }
        primaryKey: { columns: [email] }
`,
    good: `schemas:
  public:
    tables:
      app_users:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: email, type: text, notNull: true }
          - { name: name, type: text, notNull: true }
        primaryKey: { columns: [id] }
        uniques:
          - { columns: [email] }
`,
  },
  related: ['pg-index-health: primary_keys_that_most_likely_natural_keys'],
  differences:
    'Columns that are foreign key columns or partition key columns are not counted as natural (their type follows the referenced table or the partitioning), nor is a column named id or *_id (an identifier made somewhere, whatever its type; uuid-as-text judges UUIDs kept as text); a keyRationale accepts the key.',
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      if (table.primaryKey.length === 0 || !isBlank(table.table.keyRationale)) continue;
      const fkColumns = new Set(table.foreignKeys.flatMap((fk) => fk.fk.columns));
      const partitionColumns = new Set(
        (table.table.partitionBy?.columns ?? []).map((key) => (typeof key === 'string' ? key : key.column)),
      );
      const natural = table.primaryKey.filter((name) => {
        const column = table.columnsByName.get(name);
        // A column called id is meant as a surrogate, whatever its type (uuid-as-text judges the type).
        if (
          !column ||
          name === 'id' ||
          name.endsWith('_id') ||
          fkColumns.has(name) ||
          partitionColumns.has(name)
        )
          return false;
        const type = column.baseType;
        return integerBytes(type) === undefined && !(type.builtin && type.name === 'uuid');
      });
      if (natural.length === 0) continue;
      context.report({
        message: `primary key of ${table.object} is on business value${natural.length > 1 ? 's' : ''} ${natural.join(', ')}`,
        path: [...table.path, 'primaryKey'],
        object: table.object,
      });
    }
  },
};
