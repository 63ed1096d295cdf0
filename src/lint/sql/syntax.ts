// Reading libpg-query parse trees: a node is an object with one key, its kind (`{ IndexStmt: {...} }`).
// These helpers give typed access to the kinds the migration rules look at, and the few values rules
// compare (names, constants, types).
import type { A_Const, Node, RangeVar, TypeName } from 'libpg-query';
import { quoteQualified } from '../../dialects/postgres/quote.ts';
import type { LintStatement } from '../rule.ts';

type KeysOfUnion<T> = T extends unknown ? keyof T : never;
type NodeKind = KeysOfUnion<Node> & string;
type NodeOf<K extends NodeKind> = Extract<Node, Record<K, unknown>>[K];

/** The kind of a node (`IndexStmt`), or undefined for something that is not a node. */
export function kindOf(node: unknown): string | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  for (const key in node) return key;
  return undefined;
}

/** The fields of a node of the given kind, or undefined when it is of another kind. */
export function asNode<K extends NodeKind>(node: unknown, kind: K): NodeOf<K> | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const value = (node as Record<string, unknown>)[kind];
  return value === undefined ? undefined : (value as NodeOf<K>);
}

/** The statement's node as the given kind. */
export function statementAs<K extends NodeKind>(statement: LintStatement, kind: K): NodeOf<K> | undefined {
  return asNode(statement.node, kind);
}

/** The strings of a list of String nodes, e.g. a qualified name. */
export function stringsOf(nodes: readonly Node[] | undefined): string[] {
  const out: string[] = [];
  for (const node of nodes ?? []) {
    const value = asNode(node, 'String');
    if (value) out.push(value.sval ?? '');
  }
  return out;
}

/** A name as written: its schema when qualified. */
export interface QualifiedName {
  schema?: string;
  name: string;
}

export function rangeVarName(relation: RangeVar | undefined): QualifiedName | undefined {
  if (!relation?.relname) return undefined;
  return relation.schemaname
    ? { schema: relation.schemaname, name: relation.relname }
    : { name: relation.relname };
}

/** A dotted name list (`schema.name` or `name`) as a qualified name. */
export function listName(parts: readonly string[]): QualifiedName | undefined {
  const name = parts[parts.length - 1];
  if (name === undefined) return undefined;
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  return schema === undefined ? { name } : { schema, name };
}

/** An object of a DROP or COMMENT statement: a List of String nodes, or one String. */
export function objectName(node: Node): QualifiedName | undefined {
  const list = asNode(node, 'List');
  if (list) return listName(stringsOf(list.items));
  const single = asNode(node, 'String');
  if (single?.sval !== undefined) return { name: single.sval };
  const type = asNode(node, 'TypeName');
  if (type) return listName(stringsOf(type.names));
  return undefined;
}

export function displayName(name: QualifiedName): string {
  return quoteQualified(name.schema, name.name);
}

/** The value of a constant: a string, a number (as text), a boolean, null, or undefined when not one. */
export function constantText(node: Node | undefined): string | undefined {
  const constant = asNode(node, 'A_Const');
  if (constant) return aConstText(constant);
  const cast = asNode(node, 'TypeCast');
  if (cast) return constantText(cast.arg);
  const string = asNode(node, 'String');
  if (string) return string.sval ?? '';
  const integer = asNode(node, 'Integer');
  if (integer) return String(integer.ival ?? 0);
  const float = asNode(node, 'Float');
  if (float) return float.fval ?? '0';
  return undefined;
}

function aConstText(constant: A_Const): string | undefined {
  if (constant.isnull) return 'NULL';
  if (constant.sval) return constant.sval.sval ?? '';
  // Zero values are left out of the tree: an empty ival is 0.
  if (constant.ival) return String(constant.ival.ival ?? 0);
  if (constant.fval) return constant.fval.fval ?? '0';
  if (constant.boolval) return constant.boolval.boolval ? 'true' : 'false';
  if (constant.bsval) return constant.bsval.bsval ?? '';
  return undefined;
}

/** Whether an expression is the NULL constant (possibly cast). */
export function isNullConstant(node: Node | undefined): boolean {
  const constant = asNode(node, 'A_Const') ?? asNode(asNode(node, 'TypeCast')?.arg, 'A_Const');
  return constant?.isnull === true;
}

/** A column type as the parser gives it: the internal name (`int4`, `varchar`), its modifiers. */
export interface ColumnType {
  schema?: string;
  /** Internal name: int4, int8, varchar, bpchar, numeric, timestamptz, text, serial... */
  name: string;
  modifiers: readonly (number | string)[];
  array: boolean;
}

const COLUMN_TYPES = new WeakMap<TypeName, ColumnType | null>();

export function columnTypeOf(typeName: TypeName | undefined): ColumnType | undefined {
  if (!typeName) return undefined;
  const known = COLUMN_TYPES.get(typeName);
  if (known !== undefined) return known ?? undefined;
  const type = readColumnType(typeName);
  COLUMN_TYPES.set(typeName, type ?? null);
  return type;
}

function readColumnType(typeName: TypeName): ColumnType | undefined {
  const names = stringsOf(typeName.names);
  const name = names[names.length - 1];
  if (name === undefined) return undefined;
  const schemaPart = names.length > 1 ? names[names.length - 2] : undefined;
  const modifiers: (number | string)[] = [];
  for (const modifier of typeName.typmods ?? []) {
    const text = constantText(modifier);
    if (text === undefined) continue;
    const number = Number(text);
    modifiers.push(Number.isFinite(number) && text !== '' ? number : text);
  }
  const type: ColumnType = { name, modifiers, array: (typeName.arrayBounds?.length ?? 0) > 0 };
  if (schemaPart !== undefined && schemaPart !== 'pg_catalog') type.schema = schemaPart;
  return type;
}

const DISPLAY: Readonly<Record<string, string>> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  varchar: 'varchar',
  bpchar: 'char',
  timestamptz: 'timestamptz',
  timetz: 'timetz',
  varbit: 'varbit',
};

/** A short spelling of a type for messages: `varchar(20)`, `integer`, `timestamp(3)`. */
export function typeText(type: ColumnType): string {
  const base = DISPLAY[type.name] ?? type.name;
  const qualified = type.schema === undefined ? base : `${type.schema}.${base}`;
  const modifiers =
    type.modifiers.length > 0 && type.name !== 'interval' ? `(${type.modifiers.join(',')})` : '';
  return `${qualified}${modifiers}${type.array ? '[]' : ''}`;
}

/** Visits every node under a value, depth first; the visitor returns false to skip a subtree. */
export function visitNodes(
  value: unknown,
  visit: (kind: string, fields: Record<string, unknown>) => boolean | void,
): void {
  if (Array.isArray(value)) {
    for (const item of value) visitNodes(item, visit);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value)) {
    if (/^[A-Z]/.test(key) && inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      if (visit(key, inner as Record<string, unknown>) === false) continue;
    }
    visitNodes(inner, visit);
  }
}

/** The smallest location in a subtree: where an expression starts in the text. */
export function firstLocation(node: unknown): number | undefined {
  let least: number | undefined;
  const walk = (value: unknown) => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'location' && typeof inner === 'number' && inner >= 0)
        least = least === undefined ? inner : Math.min(least, inner);
      else walk(inner);
    }
  };
  walk(node);
  return least;
}

/** Column names an expression refers to (the last part of each column reference). */
export function referencedColumns(node: unknown): Set<string> {
  const columns = new Set<string>();
  visitNodes(node, (kind, fields) => {
    if (kind !== 'ColumnRef') return;
    const parts = stringsOf((fields as { fields?: Node[] }).fields);
    const last = parts[parts.length - 1];
    if (last !== undefined) columns.add(last);
  });
  return columns;
}
