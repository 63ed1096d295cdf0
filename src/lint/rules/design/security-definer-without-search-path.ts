import { sortedEntries } from '../../../model/model-path.ts';
import type { ModelRule } from '../../rule.ts';

export const securityDefinerWithoutSearchPath: ModelRule = {
  kind: 'model',
  code: 'security-definer-without-search-path',
  category: 'security',
  severity: 'error',
  summary: 'SECURITY DEFINER functions set a fixed search_path that leaves pg_temp last.',
  rationale:
    "A SECURITY DEFINER function runs with its owner's rights but resolves unqualified names through the caller's search_path: a caller who can create a function or table in a schema on that path (or in pg_temp) makes the function call theirs, with the owner's rights. The PostgreSQL documentation requires SET search_path for such functions.",
  fix: 'Add `set: { search_path: "pg_catalog, public, pg_temp" }` (only schemas that untrusted roles cannot write to).',
  examples: {
    bad: `schemas:
  public:
    functions:
      current_tenant():
        language: sql
        returns: bigint
        securityDefiner: true
        body: SELECT tenant_id FROM memberships WHERE user_name = current_user
`,
    good: `schemas:
  public:
    functions:
      current_tenant():
        language: sql
        returns: bigint
        securityDefiner: true
        set: { search_path: "pg_catalog, public, pg_temp" }
        body: SELECT tenant_id FROM memberships WHERE user_name = current_user
`,
  },
  related: ['PostgreSQL documentation: Writing SECURITY DEFINER Functions Safely'],
  check(context) {
    for (const [schemaName, schema] of sortedEntries(context.model.schemas)) {
      for (const key of ['functions', 'procedures'] as const) {
        for (const [signature, routine] of sortedEntries(schema[key])) {
          if (routine.securityDefiner !== true) continue;
          const path = ['schemas', schemaName, key, signature];
          const searchPath = routine.set?.search_path;
          const object = `${schemaName}.${signature}`;
          if (searchPath === undefined) {
            context.report({
              message: `SECURITY DEFINER ${key === 'functions' ? 'function' : 'procedure'} ${object} does not set search_path`,
              path,
              object,
            });
            continue;
          }
          const parts = searchPath.split(',').map((part) => part.trim().replace(/^"|"$/g, ''));
          if (
            parts.includes('$user') ||
            (parts.includes('pg_temp') && parts[parts.length - 1] !== 'pg_temp')
          ) {
            context.report({
              message: `SECURITY DEFINER routine ${object} sets search_path "${searchPath}", which callers can influence ($user, or pg_temp before the end)`,
              path: [...path, 'set', 'search_path'],
              object,
            });
          }
        }
      }
    }
  },
};
