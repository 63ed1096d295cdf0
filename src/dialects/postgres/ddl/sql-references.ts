// The relations, functions and types a statement names, found with the real PostgreSQL parser, so that
// generated DDL can create views, routines and tables after what they use. Names are resolved as
// generated DDL resolves them: unqualified means schema public (search_path = public).
import { parseSync } from '../sql-parser.ts';

export interface SqlReferences {
  /** `schema\0name` of relations in FROM, JOIN, ... and of type names (a table's row type). */
  relations: Set<string>;
  /** `schema\0name` of called functions, and of function names in definitions such as SFUNC. */
  functions: Set<string>;
  /** Column names, the last part of each column reference. */
  columns: Set<string>;
}

export function referenceKey(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}

function namesOf(list: unknown): string[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const names = list.map((item) => (item as { String?: { sval?: string } }).String?.sval);
  return names.every((name) => typeof name === 'string') ? (names as string[]) : undefined;
}

function qualifiedKey(names: readonly string[]): string | undefined {
  if (names.length === 1) return referenceKey('public', names[0] as string);
  if (names.length === 2) return referenceKey(names[0] as string, names[1] as string);
  return undefined;
}

/**
 * What the statements name. Text that does not parse names nothing (the database will report it when
 * the DDL runs), so ordering never fails because of it.
 */
export function findSqlReferences(sql: string): SqlReferences {
  const references: SqlReferences = { relations: new Set(), functions: new Set(), columns: new Set() };
  let tree: unknown;
  try {
    tree = parseSync(sql);
  } catch {
    return references;
  }
  const stack: unknown[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const record = node as Record<string, unknown>;
    const rangeVar = record.RangeVar as { schemaname?: string; relname?: string } | undefined;
    if (rangeVar?.relname !== undefined) {
      references.relations.add(referenceKey(rangeVar.schemaname ?? 'public', rangeVar.relname));
    }
    const columnRef = record.ColumnRef as { fields?: unknown } | undefined;
    const column = columnRef && namesOf(columnRef.fields)?.at(-1);
    if (column !== undefined) references.columns.add(column);
    const call = record.FuncCall as { funcname?: unknown } | undefined;
    const called = call && namesOf(call.funcname);
    const calledKey = called && qualifiedKey(called);
    if (calledKey !== undefined) references.functions.add(calledKey);
    // Type names appear wrapped ({ TypeName: ... }) or, in typed fields such as a column's or a
    // function's return type, as the bare node, recognised by its typemod.
    const typeName = (record.TypeName ?? ('typemod' in record ? record : undefined)) as
      { names?: unknown } | undefined;
    const typeNames = typeName && namesOf(typeName.names);
    const typeKey = typeNames && qualifiedKey(typeNames);
    if (typeKey !== undefined) {
      // SFUNC = name and friends parse as type names; either meaning may be the one the model has.
      references.relations.add(typeKey);
      references.functions.add(typeKey);
    }
    for (const value of Object.values(record))
      if (value !== null && typeof value === 'object') stack.push(value);
  }
  return references;
}

/** `r:schema\0name` for a relation or type, as dependency orders name what an object provides. */
export function relationReference(schema: string, name: string): string {
  return `r:${referenceKey(schema, name)}`;
}

/** `f:schema\0name` for a routine or aggregate. */
export function routineReference(schema: string, name: string): string {
  return `f:${referenceKey(schema, name)}`;
}

/** What the statements name, as `r:` relation and `f:` routine references (see findSqlReferences). */
export function findDependencies(sql: string): Set<string> {
  const references = findSqlReferences(sql);
  return new Set([
    ...[...references.relations].map((key) => `r:${key}`),
    ...[...references.functions].map((key) => `f:${key}`),
  ]);
}
