// A primary key over a column that may hold NULLs: the implied SET NOT NULL scans the table.
import type { MigrationRule } from '../../rule.ts';
import { checkExpression, provesNotNull } from '../../sql/expressions.ts';
import {
  addedConstraints,
  at,
  isExistingTable,
  objectText,
  schemaAt,
  tableKeyAt,
} from '../../sql/statement-shapes.ts';
import { stringsOf } from '../../sql/syntax.ts';

export const primaryKeyOnNullableColumn: MigrationRule = {
  kind: 'migration',
  code: 'primary-key-on-nullable-column',
  category: 'migration',
  severity: 'warning',
  summary: 'Make primary key columns NOT NULL before adding the primary key.',
  rationale:
    'A primary key needs its columns NOT NULL. When one of them is nullable, adding the key sets NOT NULL as part of the same statement, which reads the whole table under an ACCESS EXCLUSIVE lock (and fails on a NULL).',
  fix: 'First prove the column NOT NULL without a long lock (CHECK (col IS NOT NULL) NOT VALID, VALIDATE, SET NOT NULL on PostgreSQL 12+), then add the primary key USING INDEX.',
  examples: {
    setup: 'CREATE TABLE t (id bigint, name text);\nCREATE UNIQUE INDEX t_id_key ON t (id);',
    bad: 'ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_id_key;',
    good: 'ALTER TABLE t ADD CONSTRAINT t_id_not_null CHECK (id IS NOT NULL) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT t_id_not_null;\nALTER TABLE t ALTER COLUMN id SET NOT NULL;\nALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_id_key;',
  },
  related: ['atlas: PG304'],
  check(context) {
    for (const { statement, table, constraint, column } of addedConstraints(context)) {
      if (constraint.contype !== 'CONSTR_PRIMARY' || column !== undefined) continue;
      const key = tableKeyAt(context, statement, table);
      if (!isExistingTable(context, statement, key)) continue;
      const schema = schemaAt(context, statement);
      const state = schema.table(key);
      let columns = stringsOf(constraint.keys);
      if (constraint.indexname !== undefined) {
        const index = schema.index({ schema: key.split('.')[0] ?? 'public', name: constraint.indexname });
        columns = (index?.columns ?? []).filter((c): c is string => c !== undefined);
      }
      const proven = (name: string) =>
        context.targetVersion >= 12 &&
        [...(state?.constraints.values() ?? [])].some(
          (c) => c.kind === 'check' && c.validated && provesNotNull(checkExpression(c), name),
        );
      const nullable = columns.filter((name) => {
        const known = state?.columns.get(name);
        return known !== undefined && !known.notNull && !proven(name);
      });
      if (nullable.length === 0) continue;
      context.report({
        statement,
        message: `the primary key on ${key} makes ${nullable.join(', ')} NOT NULL, which scans the table under an ACCESS EXCLUSIVE lock`,
        object: objectText(key, nullable[0]),
        location: at(statement, constraint.location),
      });
    }
  },
};
