// ADD PRIMARY KEY (columns) on an existing table, building the index under the table lock.
import type { MigrationRule } from '../../rule.ts';
import { addedConstraints, at, isExistingTable, objectText, tableKeyAt } from '../../sql/statement-shapes.ts';

export const addPrimaryKeyDirectly: MigrationRule = {
  kind: 'migration',
  code: 'add-primary-key-directly',
  category: 'migration',
  sizeDependent: true,
  severity: 'error',
  summary: 'Add a primary key to an existing table from a unique index built CONCURRENTLY.',
  rationale:
    'ADD PRIMARY KEY (columns) builds its unique index while holding an ACCESS EXCLUSIVE lock on the table, so reads and writes wait for the whole build. An index built CONCURRENTLY beforehand can be turned into the primary key in a moment.',
  fix: 'CREATE UNIQUE INDEX CONCURRENTLY t_pkey_idx ON t (id); then ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey_idx;',
  examples: {
    setup: 'CREATE TABLE items (id bigint NOT NULL, name text);',
    bad: 'ALTER TABLE items ADD PRIMARY KEY (id);',
    good: 'CREATE UNIQUE INDEX CONCURRENTLY items_pkey_idx ON items (id);\nALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_pkey_idx;',
  },
  related: ['squawk: adding-serial-primary-key-field', 'atlas: PG104'],
  check(context) {
    for (const { statement, table, constraint, column } of addedConstraints(context)) {
      if (constraint.contype !== 'CONSTR_PRIMARY' || constraint.indexname !== undefined) continue;
      const key = tableKeyAt(context, statement, table);
      if (!isExistingTable(context, statement, key)) continue;
      context.report({
        statement,
        message: `adding a primary key to ${key} builds its index under an ACCESS EXCLUSIVE lock`,
        object: objectText(key, column?.colname),
        location: at(statement, constraint.location),
      });
    }
  },
};
