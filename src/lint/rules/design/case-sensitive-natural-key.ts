import { analyzeModel } from '../../model/analysis.ts';
import { columnsOfText } from '../../model/expressions.ts';
import { listOption } from '../../model/rule-support.ts';
import { ownEntry } from '../../../model/model-path.ts';
import type { ModelRule } from '../../rule.ts';
import { naturalKeyColumns } from './natural-key-not-unique.ts';

export const caseSensitiveNaturalKey: ModelRule = {
  kind: 'model',
  code: 'case-sensitive-natural-key',
  category: 'design',
  severity: 'warning',
  summary: 'E-mail addresses and usernames are unique regardless of letter case.',
  rationale:
    'A unique constraint on text compares exactly, so Alice@example.com and alice@example.com are two users: the same person signs up twice, and a log-in by the other spelling fails. Uniqueness on lower(email), the citext type or a case-insensitive collation treat them as one.',
  fix: 'Replace the unique constraint with `indexes: [{ columns: [{ expression: lower(email) }], unique: true }]`, or make the column `citext`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      users:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: email, type: text, notNull: true }
        primaryKey: { columns: [id] }
        uniques:
          - { columns: [email] }
`,
    good: `schemas:
  public:
    tables:
      users:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: email, type: text, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [{ expression: lower(email) }], unique: true }
`,
  },
  options: {
    columns: {
      description: 'Column names whose uniqueness ignores case.',
      default: ['username', 'user_name', 'login', 'handle'],
    },
    emailColumns: {
      description: 'E-mail columns of tables of people and accounts.',
      default: ['email', 'email_address'],
    },
  },
  check(context) {
    const identifying = listOption(context, 'columns');
    const emails = listOption(context, 'emailColumns');
    const model = context.model;
    for (const table of analyzeModel(model).tables) {
      for (const column of naturalKeyColumns(table, identifying, emails)) {
        if (column.baseType.name === 'citext') continue;
        const collation = column.column.collation;
        if (collation !== undefined) {
          const [schema, name] = collation.includes('.') ? collation.split('.') : ['public', collation];
          const found = ownEntry(ownEntry(model.schemas, schema ?? 'public')?.collations, name ?? '');
          if (found?.deterministic === false) continue;
        }
        const uniques = table.indexes.filter(
          (index) =>
            index.unique &&
            index.keys.some((key) =>
              key.column !== undefined
                ? key.column === column.name
                : columnsOfText(key.expression ?? '').has(column.name),
            ),
        );
        const exact = uniques.find((index) => index.keys.some((key) => key.column === column.name));
        const folded = uniques.some((index) => index.keys.some((key) => key.expression !== undefined));
        if (!exact || folded) continue;
        context.report({
          message: `${column.object} is unique only with its exact letter case (${exact.name})`,
          path: exact.path,
          object: column.object,
          fix: `indexes: [{ columns: [{ expression: lower(${column.name}) }], unique: true }] instead of ${exact.name}, or type: citext`,
        });
      }
    }
  },
};
