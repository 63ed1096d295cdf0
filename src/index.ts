// The library API. Nothing here prints or exits; results and diagnostics are returned.
export * from './model/model-schema.ts';
export * from './model/diagnostics.ts';
export { DEFAULT_NAMING, namingOf, resolveTableNames } from './model/naming.ts';
export { mergeDocumentation } from './model/documentation-merge.ts';
export { compareModels } from './model/compare-models.ts';
export { validateModel } from './model/validate-model.ts';
export { readModel } from './readers/read-model.ts';
export { importSqlFile, loadSql, splitSqlStatements } from './readers/import-sql.ts';
export { writeModel, writeModelFiles } from './writers/model-files.ts';
export { generateDdl, renderDdl } from './dialects/postgres/render-ddl.ts';
export { inspectDatabase } from './dialects/postgres/inspect/inspect-database.ts';
export type { InspectResult, UnsupportedObject } from './dialects/postgres/inspect/inspect-database.ts';
export { quoteIdent, quoteLiteral, quoteQualified } from './dialects/postgres/quote.ts';
export { canonicalType, loadSqlParser } from './dialects/postgres/types.ts';
export { openDatabase, openEmbeddedDatabase, openServerDatabase, type Database } from './db/database.ts';
export { diffModels } from './diff/diff-models.ts';
export type { Change, ChangeAction, ObjectKey } from './diff/changes.ts';
export { planChanges } from './dialects/postgres/plan/plan-changes.ts';
export type { Plan, PlanOptions } from './dialects/postgres/plan/plan-changes.ts';
export { renderPlanSql } from './dialects/postgres/plan/apply-plan.ts';
export type {
  Hazards,
  Lock,
  LockMode,
  PlannedStatement,
} from './dialects/postgres/plan/planned-statement.ts';
