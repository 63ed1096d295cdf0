import { QUOTED_KEYWORDS } from '../../../dialects/postgres/keywords.ts';
import { parseSync } from '../../../dialects/postgres/sql-parser.ts';
import { givenNames } from '../../model/rule-support.ts';
import type { ModelRule } from '../../rule.ts';

const TYPE_OR_ROUTINE = new Set(['enum', 'domain', 'type', 'function', 'procedure']);
const asColumnOrTable = new Map<string, boolean>();

/**
 * Whether a keyword must be quoted where this kind of name stands. Column-name keywords (position,
 * time, ...) may name tables and columns unquoted, though not types and routines; the parser says
 * which keywords those are.
 */
function needsQuoting(name: string, kind: string): boolean {
  if (!QUOTED_KEYWORDS.has(name)) return false;
  if (TYPE_OR_ROUTINE.has(kind)) return true;
  let quoted = asColumnOrTable.get(name);
  if (quoted === undefined) {
    try {
      parseSync(`CREATE TABLE ${name} (${name} integer)`);
      quoted = false;
    } catch {
      quoted = true;
    }
    asColumnOrTable.set(name, quoted);
  }
  return quoted;
}

export const reservedWordIdentifier: ModelRule = {
  kind: 'model',
  code: 'reserved-word-identifier',
  category: 'naming',
  severity: 'warning',
  summary: 'Names are not SQL keywords that need quoting (user, order, group, table).',
  rationale:
    'A table called user or a column called order must be double-quoted in every query; unquoted, `SELECT * FROM user` silently returns the current role instead of the table. Tools and ORMs that forget the quotes fail in confusing ways.',
  fix: 'Rename (user -> app_user or users, order -> sort_order or orders), with `renamedFrom:`.',
  examples: {
    bad: `schemas:
  public:
    tables:
      user:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: order, type: integer, notNull: true }
        primaryKey: { columns: [id] }
`,
    good: `schemas:
  public:
    tables:
      users:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: sort_order, type: integer, notNull: true }
        primaryKey: { columns: [id] }
`,
  },
  related: ['schemalint: (reserved names)'],
  check(context) {
    for (const given of givenNames(context)) {
      if (!needsQuoting(given.name, given.kind)) continue;
      context.report({
        message: `${given.kind} name "${given.name}" (${given.object}) is an SQL keyword and must always be quoted`,
        path: given.path,
        object: given.object,
      });
    }
  },
};
