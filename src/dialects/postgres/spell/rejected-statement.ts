// When PostgreSQL rejects the DDL a model renders to (an unknown column in a check, a type error in a
// default), the failing statement is traced back to the model object that wrote it, so the error is
// reported at the model file's line and column, not in SQL the user never saw.
import type { Model } from '../../../model/model-schema.ts';
import { formatModelPath, ownEntry, type Locate, type ModelPath } from '../../../model/model-path.ts';
import type { Diagnostic } from '../../../model/diagnostics.ts';
import { withExplicitNames } from '../../../model/documentation-merge.ts';
import { parseSync } from '../sql-parser.ts';

type Node = Record<string, unknown>;

interface RangeVar {
  schemaname?: string;
  relname: string;
}

function strings(list: unknown): string[] {
  return Array.isArray(list)
    ? list.map((item) => (item as { String?: { sval?: string } }).String?.sval ?? '')
    : [];
}

/** [schema, name] of a qualified name list; unqualified names are in public (search_path). */
function qualified(list: unknown): [string, string] {
  const names = strings(list);
  return names.length >= 2 ? [names[0] ?? '', names[names.length - 1] ?? ''] : ['public', names[0] ?? ''];
}

function relation(range: RangeVar | undefined): [string, string] | undefined {
  return range === undefined ? undefined : [range.schemaname ?? 'public', range.relname];
}

/** The element (column or constraint) of a CREATE TABLE that the error position falls in. */
function elementAt(elements: unknown, byteOffset: number | undefined): Node | undefined {
  if (!Array.isArray(elements) || byteOffset === undefined) return undefined;
  let found: Node | undefined;
  for (const element of elements as Node[]) {
    const inner = (element.ColumnDef ?? element.Constraint) as { location?: number } | undefined;
    if (inner?.location !== undefined && inner.location <= byteOffset) found = element;
  }
  return found;
}

const CONSTRAINT_LISTS = ['checks', 'uniques', 'foreignKeys', 'exclusions'] as const;

/** The path of a table's column or named constraint, most specific first. */
function inTable(model: Model, schema: string, table: string, member?: Node): ModelPath[] {
  const base = ['schemas', schema, 'tables', table];
  const definition = ownEntry(ownEntry(model.schemas, schema)?.tables, table);
  const paths: ModelPath[] = [];
  const column = member?.ColumnDef as { colname?: string } | undefined;
  const constraint = (member?.Constraint as { conname?: string } | undefined)?.conname;
  if (definition && column?.colname !== undefined) {
    const index = definition.columns.findIndex((c) => c.name === column.colname);
    if (index >= 0) paths.push([...base, 'columns', index]);
  }
  if (definition && constraint !== undefined) {
    for (const list of [...CONSTRAINT_LISTS, 'indexes'] as const) {
      const index = (definition[list] ?? []).findIndex((item) => item.name === constraint);
      if (index >= 0) paths.push([...base, list, index]);
    }
    if (definition.primaryKey?.name === constraint) paths.push([...base, 'primaryKey']);
  }
  paths.push(base);
  return paths;
}

function namedIn(model: Model, schema: string, table: string, list: 'policies' | 'triggers', name: string) {
  const definition = ownEntry(ownEntry(model.schemas, schema)?.tables, table);
  const index = (definition?.[list] ?? []).findIndex((item) => item.name === name);
  const base = ['schemas', schema, 'tables', table];
  return index >= 0 ? [[...base, list, index], base] : [base];
}

/** Model paths (most specific first) of the object a rendered statement creates or changes. */
function pathsOf(model: Model, statement: string, byteOffset: number | undefined): ModelPath[] {
  let stmt: Node | undefined;
  try {
    stmt = (parseSync(statement) as { stmts?: { stmt: Node }[] }).stmts?.[0]?.stmt;
  } catch {
    return [];
  }
  if (stmt === undefined) return [];
  const [kind] = Object.keys(stmt);
  const body = (kind === undefined ? {} : stmt[kind]) as Node;
  switch (kind) {
    case 'CreateStmt': {
      const [schema, table] = relation(body.relation as RangeVar) ?? ['', ''];
      return inTable(model, schema, table, elementAt(body.tableElts, byteOffset));
    }
    case 'AlterTableStmt': {
      const [schema, table] = relation(body.relation as RangeVar) ?? ['', ''];
      const command = ((body.cmds as Node[] | undefined)?.[0]?.AlterTableCmd ?? {}) as Node;
      const constraint = (command.def as Node | undefined)?.Constraint;
      if (constraint !== undefined) return inTable(model, schema, table, { Constraint: constraint });
      if (typeof command.name === 'string')
        return inTable(model, schema, table, { ColumnDef: { colname: command.name } });
      return inTable(model, schema, table);
    }
    case 'IndexStmt': {
      const [schema, table] = relation(body.relation as RangeVar) ?? ['', ''];
      return inTable(model, schema, table, { Constraint: { conname: body.idxname } });
    }
    case 'CreatePolicyStmt': {
      const [schema, table] = relation(body.table as RangeVar) ?? ['', ''];
      return namedIn(model, schema, table, 'policies', String(body.policy_name));
    }
    case 'CreateTrigStmt': {
      const [schema, table] = relation(body.relation as RangeVar) ?? ['', ''];
      return namedIn(model, schema, table, 'triggers', String(body.trigname));
    }
    case 'ViewStmt': {
      const [schema, view] = relation(body.view as RangeVar) ?? ['', ''];
      return [['schemas', schema, 'views', view]];
    }
    case 'CreateTableAsStmt': {
      const [schema, view] = relation((body.into as { rel?: RangeVar } | undefined)?.rel) ?? ['', ''];
      return [['schemas', schema, 'materializedViews', view]];
    }
    case 'CreateDomainStmt': {
      const [schema, domain] = qualified(body.domainname);
      return [['schemas', schema, 'domains', domain]];
    }
    case 'CreateStatsStmt': {
      const [schema, name] = qualified(body.defnames);
      return [['schemas', schema, 'statistics', name]];
    }
    case 'CreateSeqStmt': {
      const [schema, name] = relation(body.sequence as RangeVar) ?? ['', ''];
      return [['schemas', schema, 'sequences', name]];
    }
    case 'CreateFunctionStmt': {
      const [schema, name] = qualified(body.funcname);
      const list = body.is_procedure ? 'procedures' : 'functions';
      const keys = Object.keys(ownEntry(model.schemas, schema)?.[list] ?? {});
      const key = keys.find((k) => k.startsWith(`${name}(`));
      return key === undefined ? [['schemas', schema]] : [['schemas', schema, list, key]];
    }
    default:
      return [];
  }
}

/** The fields of an object that hold what PostgreSQL may reject, the likeliest first. */
function fieldsOf(path: ModelPath, message: string): string[] {
  const list = path.length >= 2 ? path[path.length - 2] : undefined;
  const typeError = /^type .* does not exist/.test(message);
  switch (list) {
    case 'columns':
      return typeError ? ['type', 'default', 'generated'] : ['default', 'generated', 'type'];
    case 'checks':
      return ['expression'];
    case 'indexes':
    case 'exclusions':
      return ['where', 'columns', 'elements'];
    case 'policies':
      return ['using', 'withCheck'];
    case 'triggers':
      return ['when'];
    default:
      return [];
  }
}

/** The diagnostic for a rendered statement PostgreSQL rejected, at the model object it came from. */
export function rejectionDiagnostic(
  model: Model,
  locate: Locate | undefined,
  failed: { text: string; position?: number; message: string; hint?: string },
  where: string,
): Diagnostic {
  const byteOffset =
    failed.position === undefined
      ? undefined
      : Buffer.byteLength(failed.text.slice(0, Math.max(0, failed.position - 1)), 'utf8');
  const paths = pathsOf(withExplicitNames(model), failed.text, byteOffset).flatMap((path) => [
    ...fieldsOf(path, failed.message).map((field) => [...path, field]),
    path,
  ]);
  const located = paths.map((path) => ({ path, location: locate?.(path) })).find((p) => p.location);
  const path = located?.path ?? paths[0];
  const firstLine = failed.text.split('\n')[0] ?? '';
  return {
    code: 'model-rejected',
    severity: 'error',
    message: `${where} rejects ${path ? formatModelPath(path) : 'the model'}: ${failed.message}`,
    ...(located?.location
      ? { location: located.location }
      : { object: path ? formatModelPath(path) : firstLine.slice(0, 120) }),
    hint:
      failed.hint ??
      `fix the model: the statement PostgreSQL refused was ${firstLine.length > 100 ? `${firstLine.slice(0, 100)}...` : firstLine}`,
  };
}
