// Runs the catalog queries in one read-only snapshot: a fixed number of statements, whatever the size
// of the database.
import type { Database } from '../../../db/database.ts';
import { DiagnosticError } from '../../../model/diagnostics.ts';
import { quoteLiteral } from '../quote.ts';
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
const BEGIN_TRANSACTION = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';
const SETTINGS = `SET LOCAL search_path = public;
SET LOCAL datestyle = ISO;
SET LOCAL intervalstyle = postgres;
SET LOCAL extra_float_digits = 3;
SET LOCAL jit = off`;
const BEGIN = `${BEGIN_TRANSACTION};\n${SETTINGS}`;

/** Reads every object class of the inspected schemas (all user schemas when `schemas` is undefined). */
export async function readCatalog(db: Database, schemas: readonly string[] | undefined): Promise<Catalog> {
  await db.exec(BEGIN);
  let peer: Database | undefined;
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
    peer = await openSnapshotPeer(db);
    // One queue per connection: the largest queries on the peer, so the server works on both while
    // rows of the other are read here. Without a peer, one queue in this order.
    const onMain = queue(db, params);
    const onPeer = peer ? queue(peer, params) : onMain;
    const { typeObjectRows, ...rows } = await settleAll({
      schemas: onMain<SchemaRow>(schemasQuery()),
      extensions: onMain<ExtensionRow>(extensionsQuery()),
      types: onMain<TypeRow>(typesQuery()),
      tables: onMain<TableRow>(tablesQuery()),
      columns: onMain<ColumnRow>(columnsQuery(version)),
      constraints: onMain<ConstraintRow>(constraintsQuery(version)),
      indexes: onPeer<IndexRow>(indexesQuery(version)),
      sequences: onMain<SequenceRow>(sequencesQuery()),
      unsupported: onPeer<UnsupportedRow>(unsupportedObjectsQuery()),
      views: onPeer<ViewRow>(viewsQuery()),
      routines: onPeer<RoutineRow>(routinesQuery(version)),
      aggregates: onPeer<AggregateRow>(aggregatesQuery()),
      triggers: onPeer<TriggerRow>(triggersQuery()),
      policies: onPeer<PolicyRow>(policiesQuery()),
      rules: onPeer<RuleRow>(rulesQuery()),
      eventTriggers: onMain<EventTriggerRow>(eventTriggersQuery()),
      typeObjectRows: onPeer<TypeObjectsRow>(typeObjectsQuery(version)),
      access: onMain<AccessRow>(accessQuery()),
      defaultPrivileges: onMain<DefaultAclRow>(defaultPrivilegesQuery()),
    });
    const catalog: Catalog = { version, ...rows, typeObjects: parseTypeObjects(typeObjectRows) };
    await peer?.exec('COMMIT');
    await db.exec('COMMIT');
    return catalog;
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await peer?.close().catch(() => {});
  }
}

/** Queries that run one after another on one connection, each as soon as the one before is done. */
function queue(db: Database, params: readonly unknown[]) {
  let tail: Promise<unknown> = Promise.resolve();
  return <Row extends object>(sql: string): Promise<Row[]> => {
    const result = tail.then(() => db.query<Row>(sql, params));
    tail = result.catch(() => undefined);
    return result;
  };
}

async function settleAll<T extends Record<string, Promise<unknown>>>(
  pending: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const keys = Object.keys(pending) as (keyof T)[];
  const values = await Promise.all(keys.map((key) => pending[key]));
  const settled = {} as { [K in keyof T]: Awaited<T[K]> };
  keys.forEach((key, i) => {
    settled[key] = values[i] as Awaited<T[typeof key]>;
  });
  return settled;
}

/**
 * A second connection that sees exactly this transaction's snapshot (pg_export_snapshot), so the
 * queries may be split between the two; none when the database has no peers, is a standby, or the
 * connection cannot be made.
 */
async function openSnapshotPeer(db: Database): Promise<Database | undefined> {
  if (db.openPeer === undefined) return undefined;
  const [row] = await db.query<{ snapshot: string | null }>(
    'SELECT CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_export_snapshot() END AS snapshot',
  );
  if (!row?.snapshot) return undefined;
  const peer = await db.openPeer().catch(() => undefined);
  if (peer === undefined) return undefined;
  try {
    await peer.exec(
      `${BEGIN_TRANSACTION};\nSET TRANSACTION SNAPSHOT ${quoteLiteral(row.snapshot)};\n${SETTINGS}`,
    );
    return peer;
  } catch {
    await peer.close().catch(() => {});
    return undefined;
  }
}
