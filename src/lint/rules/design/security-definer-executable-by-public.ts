import { sortedEntries } from '../../../model/model-path.ts';
import type { ModelRule } from '../../rule.ts';

export const securityDefinerExecutableByPublic: ModelRule = {
  kind: 'model',
  code: 'security-definer-executable-by-public',
  category: 'security',
  severity: 'warning',
  summary: 'SECURITY DEFINER routines revoke EXECUTE from PUBLIC and grant it to the roles that need it.',
  rationale:
    "Every new function is executable by PUBLIC by default. For a SECURITY DEFINER function that means any role, including ones created later, runs code with the owner's rights. Revoking EXECUTE from PUBLIC and granting it to named roles keeps the escalation to those who need it.",
  fix: 'Add `revokes: [{ role: PUBLIC, privileges: [execute] }]` and `grants: [{ role: app, privileges: [execute] }]`.',
  examples: {
    bad: `schemas:
  public:
    functions:
      purge_sessions():
        language: sql
        returns: void
        securityDefiner: true
        set: { search_path: "pg_catalog, pg_temp" }
        body: SELECT 1
`,
    good: `roles:
  maintenance: {}
schemas:
  public:
    functions:
      purge_sessions():
        language: sql
        returns: void
        securityDefiner: true
        set: { search_path: "pg_catalog, pg_temp" }
        body: SELECT 1
        revokes:
          - { role: PUBLIC, privileges: [execute] }
        grants:
          - { role: maintenance, privileges: [execute] }
`,
  },
  check(context) {
    const publicRevoked = (context.model.defaultPrivileges ?? []).some(
      (entry) =>
        (entry.on === 'functions' || entry.on === 'routines') &&
        (entry.revokes ?? []).some(
          (r) =>
            r.role.toUpperCase() === 'PUBLIC' && r.privileges.some((p) => p === 'execute' || p === 'all'),
        ),
    );
    if (publicRevoked) return;
    for (const [schemaName, schema] of sortedEntries(context.model.schemas)) {
      for (const key of ['functions', 'procedures'] as const) {
        for (const [signature, routine] of sortedEntries(schema[key])) {
          if (routine.securityDefiner !== true) continue;
          const revoked = (routine.revokes ?? []).some(
            (r) =>
              r.role.toUpperCase() === 'PUBLIC' && r.privileges.some((p) => p === 'execute' || p === 'all'),
          );
          if (revoked) continue;
          context.report({
            message: `SECURITY DEFINER routine ${schemaName}.${signature} is executable by PUBLIC`,
            path: ['schemas', schemaName, key, signature],
            object: `${schemaName}.${signature}`,
          });
        }
      }
    }
  },
};
