// Runs the catalog queries in one read-only snapshot: a fixed number of statements, whatever the size
// of the database.
import type { Database } from '../../../db/database.ts';
import { DiagnosticError } from '../../../model/diagnostics.ts';
import {
  columnsQuery,
  constraintsQuery,
  extensionsQuery,
  indexesQuery,
  schemasQuery,
  sequencesQuery,
  tablesQuery,
  typesQuery,
  VERSION_QUERY,
  type ColumnRow,
  type ConstraintRow,
  type ExtensionRow,
  type IndexRow,
  type SchemaRow,
  type SequenceRow,
  type ServerVersion,
  type TableRow,
  type TypeRow,
} from './catalog-queries.ts';
import { unsupportedObjectsQuery, type UnsupportedRow } from './unsupported-objects-query.ts';
import { parseTypeObjects, type TypeObjectRows } from './assemble-type-objects.ts';
import { typeObjectsQuery, type TypeObjectsRow } from './type-object-queries.ts';
import { accessQuery, defaultPrivilegesQuery, type AccessRow, type DefaultAclRow } from './access-query.ts';
import {
  aggregatesQuery,
  eventTriggersQuery,
  policiesQuery,
  routinesQuery,
  rulesQuery,
  triggersQuery,
  viewsQuery,
  type AggregateRow,
  type EventTriggerRow,
  type PolicyRow,
  type RoutineRow,
  type RuleRow,
  type TriggerRow,
  type ViewRow,
} from './code-object-queries.ts';

export interface Catalog {
  version: ServerVersion;
  schemas: SchemaRow[];
  extensions: ExtensionRow[];
  types: TypeRow[];
  tables: TableRow[];
  columns: ColumnRow[];
  constraints: ConstraintRow[];
  indexes: IndexRow[];
  sequences: SequenceRow[];
  unsupported: UnsupportedRow[];
  views: ViewRow[];
  routines: RoutineRow[];
  aggregates: AggregateRow[];
  triggers: TriggerRow[];
  policies: PolicyRow[];
  rules: RuleRow[];
  eventTriggers: EventTriggerRow[];
  /** Composite and range types, collations, statistics, text search (type-object-queries.ts). */
  typeObjects: TypeObjectRows;
  /** Owners and privileges of every object class (access-query.ts). */
  access: AccessRow[];
  /** ALTER DEFAULT PRIVILEGES, database-wide and in the inspected schemas (access-query.ts). */
  defaultPrivileges: DefaultAclRow[];
}

const OLDEST_SUPPORTED = 130000;

// search_path = public makes format_type, pg_get_expr and regclass print the canonical spelling. The
// date and interval styles fix how constants in expressions print, as pg_dump fixes them. JIT
// compilation costs more than it saves on catalog queries.
const BEGIN = `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
SET LOCAL search_path = public;
SET LOCAL datestyle = ISO;
SET LOCAL intervalstyle = postgres;
SET LOCAL extra_float_digits = 3;
SET LOCAL jit = off`;

/** Reads every object class of the inspected schemas (all user schemas when `schemas` is undefined). */
export async function readCatalog(db: Database, schemas: readonly string[] | undefined): Promise<Catalog> {
  await db.exec(BEGIN);
  try {
    const [row] = await db.query<{ version: number }>(VERSION_QUERY);
    const version = row?.version ?? 0;
    if (version < OLDEST_SUPPORTED) {
      throw new DiagnosticError([
        {
          code: 'unsupported-server-version',
          severity: 'error',
          message: `PostgreSQL ${Math.floor(version / 10000)} cannot be inspected`,
          hint: 'inspect reads PostgreSQL 13 and later',
        },
      ]);
    }
    const params = [schemas === undefined ? null : [...schemas]];
    const catalog: Catalog = {
      version,
      schemas: await db.query<SchemaRow>(schemasQuery(), params),
      extensions: await db.query<ExtensionRow>(extensionsQuery(), params),
      types: await db.query<TypeRow>(typesQuery(), params),
      tables: await db.query<TableRow>(tablesQuery(), params),
      columns: await db.query<ColumnRow>(columnsQuery(version), params),
      constraints: await db.query<ConstraintRow>(constraintsQuery(version), params),
      indexes: await db.query<IndexRow>(indexesQuery(version), params),
      sequences: await db.query<SequenceRow>(sequencesQuery(), params),
      unsupported: await db.query<UnsupportedRow>(unsupportedObjectsQuery(), params),
      views: await db.query<ViewRow>(viewsQuery(), params),
      routines: await db.query<RoutineRow>(routinesQuery(version), params),
      aggregates: await db.query<AggregateRow>(aggregatesQuery(), params),
      triggers: await db.query<TriggerRow>(triggersQuery(), params),
      policies: await db.query<PolicyRow>(policiesQuery(), params),
      rules: await db.query<RuleRow>(rulesQuery(), params),
      eventTriggers: await db.query<EventTriggerRow>(eventTriggersQuery(), params),
      typeObjects: parseTypeObjects(await db.query<TypeObjectsRow>(typeObjectsQuery(version), params)),
      access: await db.query<AccessRow>(accessQuery(), params),
      defaultPrivileges: await db.query<DefaultAclRow>(defaultPrivilegesQuery(), params),
    };
    await db.exec('COMMIT');
    return catalog;
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => {});
    throw error;
  }
}
