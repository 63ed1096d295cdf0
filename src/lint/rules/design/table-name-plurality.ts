import { analyzeModel } from '../../model/analysis.ts';
import {
  isPlural,
  isUncountable,
  lastWord,
  pluralize,
  singularize,
  withLastWord,
} from '../../model/inflection.ts';
import { stringOption } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

export const tableNamePlurality: ModelRule = {
  kind: 'model',
  code: 'table-name-plurality',
  category: 'naming',
  severity: 'info',
  optIn: true,
  summary: 'Table names are all plural (orders) or all singular (order), as the project chooses.',
  rationale:
    'Either convention works; mixing them makes every query a guess (is it user or users?) and produces ORM mappings that differ table by table. The style option says which one the project uses.',
  fix: 'Rename the table to the chosen form, with `renamedFrom:`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      customer:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      customers:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
`,
  },
  options: { style: { description: '"plural" or "singular".', default: 'plural' } },
  related: ['schemalint: name-inflection'],
  check(context) {
    const style = stringOption(context, 'style');
    const analysis = analyzeModel(context.model);
    for (const table of analysis.tables) {
      const word = lastWord(table.name);
      if (isUncountable(word) || !/^[a-z]+$/.test(word)) continue;
      const plural = isPlural(word);
      if (style === 'singular' ? !plural : plural) continue;
      const suggestion = withLastWord(table.name, style === 'singular' ? singularize(word) : pluralize(word));
      context.report({
        message: `table name ${table.object} is ${plural ? 'plural' : 'singular'}; the project uses ${style} names`,
        path: table.path,
        object: table.object,
        fix: `rename to ${suggestion} (renamedFrom: ${table.name})`,
      });
    }
  },
};
