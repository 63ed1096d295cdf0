// serial / bigserial / smallserial columns.
import type { MigrationRule } from '../../rule.ts';
import { at, objectText, tableKeyAt, typedColumns } from '../../sql/statement-shapes.ts';
import { stringsOf } from '../../sql/syntax.ts';

const SERIALS = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

export const preferIdentity: MigrationRule = {
  kind: 'migration',
  code: 'prefer-identity',
  category: 'migration',
  severity: 'info',
  summary: 'Use GENERATED ... AS IDENTITY rather than serial types (PostgreSQL 10+).',
  rationale:
    'serial makes a separate sequence with its own owner and privileges that copies, dumps and permission changes handle separately, and it lets any insert bypass it. An identity column is part of the column (GENERATED ALWAYS even refuses explicit values unless asked), and is the SQL standard form.',
  fix: 'bigint GENERATED ALWAYS AS IDENTITY (or BY DEFAULT when rows are sometimes inserted with their own ids).',
  examples: {
    bad: 'CREATE TABLE users (id bigserial PRIMARY KEY);',
    good: 'CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);',
  },
  related: ['squawk: prefer-identity'],
  check(context) {
    if (context.targetVersion < 10) return;
    for (const entry of typedColumns(context)) {
      const names = stringsOf(entry.typeName.names);
      const name = names.length === 1 ? names[0] : undefined;
      if (name === undefined || !SERIALS.has(name)) continue;
      const object = objectText(tableKeyAt(context, entry.statement, entry.table), entry.column);
      context.report({
        statement: entry.statement,
        message: `column ${object} is ${name}; use an identity column`,
        object,
        location: at(entry.statement, entry.location),
      });
    }
  },
};
