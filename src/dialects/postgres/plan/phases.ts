// The phases a plan's statements run in, in order; each change puts its statements in the phases
// that follow the dependency graph (see plan-changes.ts).
export enum Phase {
  Prelude,
  Renames,
  /** Triggers, policies, rules, views and replaced routines that go away or are rebuilt. */
  DropCode,
  DropForeignKeys,
  DropIndexes,
  DropConstraints,
  Schemas,
  Extensions,
  Types,
  Sequences,
  Domains,
  /** Routines whose bodies are strings: tables may use them in defaults and checks. */
  Routines,
  Tables,
  DropColumns,
  Columns,
  DropTables,
  /** Routines and aggregates that go away, once nothing that used them is left. */
  DropRoutines,
  DropSequences,
  DropDomains,
  DropTypes,
  DropExtensions,
  DropSchemas,
  Constraints,
  Indexes,
  ForeignKeys,
  /** Views, materialized views, SQL-body routines, aggregates, then triggers, policies and rules. */
  Code,
  Owners,
  Comments,
  /** Owners and privileges once every object exists. */
  Access,
  /** In a reverse plan, changes are keyed by the target's names: renames back come last. */
  LateRenames,
  Postlude,
}
