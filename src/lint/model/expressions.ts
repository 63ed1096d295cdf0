// SQL expressions of a model (index predicates and keys, checks, view definitions, query patterns)
// read with the real PostgreSQL parser, for the rules that need their structure: which columns an
// expression names, its AND-ed parts, and a form that compares equal for equal expressions.
import { parseSync } from '../../dialects/postgres/sql-parser.ts';

/** A libpg-query node: `{ KindName: { ...fields } }`. */
export type SqlNode = Record<string, unknown>;

const parsedExpressions = new Map<string, SqlNode | undefined>();

/** The parse tree of one expression, or undefined when the text is not one. Needs the parser loaded. */
export function parseExpressionTree(text: string): SqlNode | undefined {
  if (parsedExpressions.has(text)) return parsedExpressions.get(text);
  let result: SqlNode | undefined;
  try {
    const tree = parseSync(`SELECT (\n${text}\n)`) as {
      stmts: { stmt: { SelectStmt?: { targetList?: { ResTarget: { val: SqlNode } }[] } } }[];
    };
    const select = tree.stmts.length === 1 ? tree.stmts[0]?.stmt.SelectStmt : undefined;
    result = select?.targetList?.length === 1 ? select.targetList[0]?.ResTarget.val : undefined;
  } catch {
    result = undefined;
  }
  parsedExpressions.set(text, result);
  return result;
}

/** The node's kind and fields, e.g. ['A_Expr', {...}]. */
export function nodeKind(node: unknown): [string, Record<string, unknown>] | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1) return undefined;
  const kind = keys[0] as string;
  const fields = (node as Record<string, unknown>)[kind];
  return fields !== null && typeof fields === 'object'
    ? [kind, fields as Record<string, unknown>]
    : [kind, {}];
}

/** The parts of a top-level AND (the expression itself when it is not an AND). */
export function conjuncts(node: SqlNode | undefined): SqlNode[] {
  if (node === undefined) return [];
  const kind = nodeKind(node);
  if (kind?.[0] === 'BoolExpr' && kind[1].boolop === 'AND_EXPR')
    return ((kind[1].args as SqlNode[] | undefined) ?? []).flatMap((arg) => conjuncts(arg));
  return [node];
}

/** The names a ColumnRef holds, e.g. ['t', 'col']; undefined for `*` or other nodes. */
export function columnRefNames(node: unknown): string[] | undefined {
  const kind = nodeKind(node);
  if (kind?.[0] !== 'ColumnRef') return undefined;
  const names: string[] = [];
  for (const field of (kind[1].fields as unknown[] | undefined) ?? []) {
    const value = nodeKind(field);
    if (value?.[0] !== 'String') return undefined;
    names.push(String(value[1].sval));
  }
  return names.length > 0 ? names : undefined;
}

/** The column a node is, when it is a plain column reference (its last name). */
export function columnOf(node: unknown): string | undefined {
  const names = columnRefNames(node);
  return names?.[names.length - 1];
}

/** Every column name an expression mentions (last part of each reference). */
export function columnsIn(node: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) columnsIn(item, out);
    return out;
  }
  if (node === null || typeof node !== 'object') return out;
  const column = columnOf(node);
  if (column !== undefined) {
    out.add(column);
    return out;
  }
  for (const value of Object.values(node)) columnsIn(value, out);
  return out;
}

const textColumns = new Map<string, ReadonlySet<string>>();

/** The columns an expression text mentions; empty when it does not parse. */
export function columnsOfText(text: string): ReadonlySet<string> {
  let columns = textColumns.get(text);
  if (columns === undefined) {
    const tree = parseExpressionTree(text);
    columns = tree === undefined ? new Set() : columnsIn(tree);
    textColumns.set(text, columns);
  }
  return columns;
}

/**
 * A text that is equal for two expressions the parser reads the same way: positions dropped and
 * column references reduced to the column name (`t.a` and `a` compare equal).
 */
export function expressionKey(node: unknown): string {
  return JSON.stringify(node, (key, value: unknown) => {
    if (key === 'location') return undefined;
    // Casts are left out: inspect prints lower((email)::text) where the model or a query says lower(email).
    const cast = nodeKind(value);
    const node = cast?.[0] === 'TypeCast' && cast[1].arg !== undefined ? stripCasts(cast[1].arg) : value;
    const column = columnOf(node);
    if (column !== undefined) return { ColumnRef: column };
    return node;
  });
}

function stripCasts(node: unknown): unknown {
  let current = node;
  for (let kind = nodeKind(current); kind?.[0] === 'TypeCast'; kind = nodeKind(current))
    current = kind[1].arg;
  return current;
}

const textKeys = new Map<string, string>();

/** expressionKey of an expression text; the text itself when it does not parse. */
export function expressionTextKey(text: string): string {
  let key = textKeys.get(text);
  if (key === undefined) {
    const tree = parseExpressionTree(text);
    key = tree === undefined ? text.trim() : expressionKey(tree);
    textKeys.set(text, key);
  }
  return key;
}

/** The operator name of an A_Expr, e.g. '=', '@>'. */
export function operatorOf(fields: Record<string, unknown>): string | undefined {
  const names = (fields.name as unknown[] | undefined) ?? [];
  const last = nodeKind(names[names.length - 1]);
  return last?.[0] === 'String' ? String(last[1].sval) : undefined;
}

/**
 * The columns a predicate proves NOT NULL: `c IS NOT NULL`, and columns compared with a strict
 * operator (`c = 1`, `c > $1`, `c IN (...)`), in the top-level AND.
 */
const provenNotNull = new Map<string, ReadonlySet<string>>();

export function columnsProvenNotNull(text: string): ReadonlySet<string> {
  let proven = provenNotNull.get(text);
  if (proven === undefined) {
    proven = readProvenNotNull(text);
    provenNotNull.set(text, proven);
  }
  return proven;
}

function readProvenNotNull(text: string): Set<string> {
  const proven = new Set<string>();
  for (const part of conjuncts(parseExpressionTree(text))) {
    const kind = nodeKind(part);
    if (!kind) continue;
    const [name, fields] = kind;
    if (name === 'NullTest' && fields.nulltesttype === 'IS_NOT_NULL') {
      const column = columnOf(fields.arg);
      if (column !== undefined) proven.add(column);
    } else if (
      name === 'A_Expr' &&
      fields.kind !== 'AEXPR_DISTINCT' &&
      fields.kind !== 'AEXPR_NOT_DISTINCT'
    ) {
      for (const side of [fields.lexpr, fields.rexpr]) {
        const column = columnOf(side);
        if (column !== undefined) proven.add(column);
      }
    } else if (
      name === 'BooleanTest' &&
      (fields.booltesttype === 'IS_TRUE' || fields.booltesttype === 'IS_FALSE')
    ) {
      const column = columnOf(fields.arg);
      if (column !== undefined) proven.add(column);
    } else {
      const column = columnOf(part);
      if (column !== undefined) proven.add(column);
    }
  }
  return proven;
}
