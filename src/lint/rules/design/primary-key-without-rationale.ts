import { analyzeModel } from '../../model/analysis.ts';
import { isBlank } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

export const primaryKeyWithoutRationale: ModelRule = {
  kind: 'model',
  code: 'primary-key-without-rationale',
  category: 'documentation',
  severity: 'info',
  optIn: true,
  summary:
    'Projects that require it: a primary key other than a generated surrogate says why it was chosen (keyRationale).',
  rationale:
    'A composite or natural primary key is a design decision that shapes every foreign key to the table; the reasons (the pair is the identity of a link, the code never changes) belong beside it so that nobody "fixes" it without knowing.',
  fix: 'Add `keyRationale:` to the table.',
  examples: {
    bad: `schemas:
  public:
    tables:
      countries:
        columns:
          - { name: iso_code, type: text }
          - { name: name, type: text, notNull: true }
        primaryKey: { columns: [iso_code] }
`,
    good: `schemas:
  public:
    tables:
      countries:
        columns:
          - { name: iso_code, type: text }
          - { name: name, type: text, notNull: true }
        primaryKey: { columns: [iso_code] }
        keyRationale: ISO 3166 codes are stable and are what every other system sends.
`,
  },
  options: {
    surrogateKeysToo: {
      description: 'Also ask for a rationale when the key is one identity, serial or UUID column.',
      default: false,
    },
  },
  check(context) {
    const all = context.option('surrogateKeysToo') === true;
    for (const table of analyzeModel(context.model).tables) {
      if (table.primaryKey.length === 0 || !isBlank(table.table.keyRationale)) continue;
      const only =
        table.primaryKey.length === 1 ? table.columnsByName.get(table.primaryKey[0] ?? '') : undefined;
      const surrogate =
        only !== undefined &&
        (only.column.identity !== undefined ||
          only.type.serial ||
          (only.baseType.builtin && only.baseType.name === 'uuid'));
      if (surrogate && !all) continue;
      context.report({
        message: `primary key (${table.primaryKey.join(', ')}) of ${table.object} has no keyRationale`,
        path: [...table.path, 'primaryKey'],
        object: table.object,
      });
    }
  },
};
