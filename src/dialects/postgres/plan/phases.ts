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
  /** Routines whose bodies are strings: domains and tables may use them in checks and defaults. */
  Routines,
  Domains,
  Tables,
  DropColumns,
  Columns,
  DropTables,
  /** Composite and range types that go away: they may use domains. */
  DropCompositeTypes,
  DropSequences,
  DropDomains,
  DropTypes,
  DropExtensions,
  Constraints,
  Indexes,
  /** Replica identity and CLUSTER ON, once the indexes they name exist. */
  TableSettings,
  ForeignKeys,
  /** Routines that give way to an overload of the same name, once defaults and checks moved on. */
  DropOverloads,
  /** Views, materialized views, SQL-body routines, aggregates, then triggers, policies and rules. */
  Code,
  /** Checks that call routines the plan creates, validated once everything they may use exists. */
  Validate,
  /** Routines and aggregates that go away, once nothing that used them is left (or replaced). */
  DropRoutines,
  DropSchemas,
  Owners,
  Comments,
  /** Owners and privileges once every object exists. */
  Access,
  /** In a reverse plan, changes are keyed by the target's names: renames back come last. */
  LateRenames,
  Postlude,
}
