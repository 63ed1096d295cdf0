import { analyzeModel } from '../../model/analysis.ts';
import { isTextLike } from '../../model/column-types.ts';
import type { ModelRule } from '../../rule.ts';

const UUID_LENGTHS = new Set(['32', '36', '38']);
const UUID_NAME = /(^|_)(uuid|guid)$/;

export const uuidAsText: ModelRule = {
  kind: 'model',
  code: 'uuid-as-text',
  category: 'design',
  severity: 'warning',
  summary: 'UUIDs are stored as uuid, not as varchar(36) or text.',
  rationale:
    'A UUID as text takes 37 bytes or more instead of 16, makes every index on it two to three times larger, compares by collation (slowly, and case-sensitively), and accepts any string. The uuid type validates, compares as bytes and is what drivers map to UUID objects.',
  fix: 'Change the type to `uuid`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      documents:
        columns:
          - { name: id, type: varchar(36) }
          - { name: title, type: text, notNull: true }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      documents:
        columns:
          - { name: id, type: uuid }
          - { name: title, type: text, notNull: true }
        primaryKey: { columns: [id] }
`,
  },
  related: ['pg-index-health: primary_keys_with_varchar'],
  differences:
    'pg-index-health looks at primary keys of length 32, 36 or 38; this rule also reports text columns named *_uuid or *_guid.',
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const column of table.columns) {
        const type = column.baseType;
        if (!isTextLike(type) || type.name === 'citext') continue;
        const uuidKey = column.inPrimaryKey && UUID_LENGTHS.has(type.modifiers) && type.name !== 'text';
        if (!uuidKey && !UUID_NAME.test(column.name)) continue;
        context.report({
          message: `column ${column.object} holds UUIDs as ${type.canonical}`,
          path: [...column.path, 'type'],
          object: column.object,
          fix: 'type: uuid',
        });
      }
    }
  },
};
