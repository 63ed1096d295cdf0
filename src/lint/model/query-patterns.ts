// The declared query patterns of a model (table.queryPatterns[].sql), parsed with the real PostgreSQL
// parser: for each table a query reads, the columns it filters by equality and by range, the columns
// it tests for containment (@>, ?, &&), the join columns and the sort order. The index rules compare
// these with the table's indexes. Worked out once per model.
import type { ModelPath } from '../../model/model-path.ts';
import type { Model } from '../../model/model-schema.ts';
import { parseSync } from '../../dialects/postgres/sql-parser.ts';
import { analyzeModel, type TableInfo } from './analysis.ts';
import {
  columnRefNames,
  conjuncts,
  expressionKey,
  nodeKind,
  operatorOf,
  columnsOfText,
  type SqlNode,
} from './expressions.ts';

export interface TableUse {
  table: TableInfo;
  alias: string;
  /** Compared with = (or IN, IS NULL, = ANY): an index may start with any of them. */
  equality: Set<string>;
  /** Compared with <, >, BETWEEN, LIKE. */
  range: Set<string>;
  /** Expressions (keys as expressionKey gives) compared with a value: lower(email) = $1. */
  expressions: Set<string>;
  /** Column -> containment operator (@>, <@, ?, ?|, ?&, &&, @@, @?). */
  containment: Map<string, string>;
  /** Columns compared with another table's columns. */
  join: Set<string>;
  /** Every column the WHERE and ON clauses mention for this table. */
  mentioned: Set<string>;
  /** ORDER BY columns with their direction, when every sort key is a column of this table. */
  sort: { column: string; descending: boolean }[];
  /** The first table of FROM (the one the query drives from). */
  first: boolean;
}

export interface PatternAnalysis {
  /** The table that declares the pattern. */
  owner: TableInfo;
  name: string;
  sql: string;
  path: ModelPath;
  /** A parse error, or undefined. */
  error: string | undefined;
  /** Tables the query names that the model does not have, and unknown columns (table.column). */
  unknown: string[];
  uses: TableUse[];
  limit: boolean;
}

const CONTAINMENT = new Set(['@>', '<@', '?', '?|', '?&', '&&', '@@', '@?', '@@@']);
const RANGE = new Set(['<', '>', '<=', '>=', '~~', '~>~', '~<~', '~>=~', '~<=~']);
const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema']);

const analyses = new WeakMap<Model, PatternAnalysis[]>();

export function analyzeQueryPatterns(model: Model): PatternAnalysis[] {
  let result = analyses.get(model);
  if (result === undefined) {
    result = [];
    for (const table of analyzeModel(model).tables) {
      (table.table.queryPatterns ?? []).forEach((pattern, i) => {
        if (pattern.sql === undefined || pattern.sql.trim() === '') return;
        result?.push(
          analyzePattern(model, table, pattern.name, pattern.sql, [...table.path, 'queryPatterns', i, 'sql']),
        );
      });
    }
    analyses.set(model, result);
  }
  return result;
}

interface Scope {
  uses: TableUse[];
  byAlias: Map<string, TableUse>;
  /** FROM has subqueries, functions or CTEs: unknown columns may come from them. */
  opaque: boolean;
  ctes: Set<string>;
  outputNames: Set<string>;
  unknown: string[];
}

function analyzePattern(
  model: Model,
  owner: TableInfo,
  name: string,
  sql: string,
  path: ModelPath,
): PatternAnalysis {
  const base = { owner, name, sql, path };
  let statement: SqlNode | undefined;
  try {
    const tree = parseSync(sql) as { stmts: { stmt: SqlNode }[] };
    statement = tree.stmts[0]?.stmt;
  } catch (error) {
    return { ...base, error: (error as Error).message, unknown: [], uses: [], limit: false };
  }
  const scope: Scope = {
    uses: [],
    byAlias: new Map(),
    opaque: false,
    ctes: new Set(),
    outputNames: new Set(),
    unknown: [],
  };
  const kind = nodeKind(statement);
  let where: unknown;
  let limit = false;
  let sortClause: unknown[] = [];
  const parts: SqlNode[] = [];
  if (kind?.[0] === 'SelectStmt') {
    const select = kind[1];
    if (select.op !== undefined && select.op !== 'SETOP_NONE') scope.opaque = true;
    for (const cte of ((select.withClause as { ctes?: unknown[] } | undefined)?.ctes ?? []) as unknown[]) {
      const cteKind = nodeKind(cte);
      if (cteKind) scope.ctes.add(String(cteKind[1].ctename));
    }
    for (const target of (select.targetList as unknown[] | undefined) ?? []) {
      const res = nodeKind(target);
      if (res?.[0] === 'ResTarget' && typeof res[1].name === 'string') scope.outputNames.add(res[1].name);
    }
    for (const item of (select.fromClause as unknown[] | undefined) ?? [])
      addFrom(model, owner, item, scope, parts);
    where = select.whereClause;
    limit = select.limitCount !== undefined;
    sortClause = (select.sortClause as unknown[] | undefined) ?? [];
  } else if (kind?.[0] === 'UpdateStmt' || kind?.[0] === 'DeleteStmt') {
    addFrom(model, owner, { RangeVar: kind[1].relation }, scope, parts);
    for (const item of ((kind[1].fromClause ?? kind[1].usingClause) as unknown[] | undefined) ?? [])
      addFrom(model, owner, item, scope, parts);
    where = kind[1].whereClause;
  } else {
    return { ...base, error: undefined, unknown: [], uses: [], limit: false };
  }
  parts.push(...conjuncts(where as SqlNode | undefined));
  for (const part of parts) classify(part, scope);
  for (const part of parts) mention(part, scope);
  readSort(sortClause, scope);
  return { ...base, error: undefined, unknown: scope.unknown, uses: scope.uses, limit };
}

function addFrom(model: Model, owner: TableInfo, item: unknown, scope: Scope, parts: SqlNode[]): void {
  const kind = nodeKind(item);
  if (!kind) return;
  const [name, fields] = kind;
  if (name === 'JoinExpr') {
    addFrom(model, owner, fields.larg, scope, parts);
    addFrom(model, owner, fields.rarg, scope, parts);
    parts.push(...conjuncts(fields.quals as SqlNode | undefined));
    return;
  }
  if (name !== 'RangeVar') {
    scope.opaque = true;
    return;
  }
  const relname = String(fields.relname);
  const schemaname = typeof fields.schemaname === 'string' ? fields.schemaname : undefined;
  const alias = (fields.alias as { aliasname?: string } | undefined)?.aliasname ?? relname;
  if (schemaname === undefined && scope.ctes.has(relname)) {
    scope.opaque = true;
    return;
  }
  if (schemaname !== undefined && SYSTEM_SCHEMAS.has(schemaname)) {
    scope.opaque = true;
    return;
  }
  const analysis = analyzeModel(model);
  const table =
    schemaname !== undefined
      ? analysis.table(schemaname, relname)
      : (analysis.table(owner.schema, relname) ?? analysis.table('public', relname));
  if (!table) {
    scope.unknown.push(`table ${schemaname !== undefined ? `${schemaname}.` : ''}${relname}`);
    scope.opaque = true;
    return;
  }
  const use: TableUse = {
    table,
    alias,
    equality: new Set(),
    range: new Set(),
    expressions: new Set(),
    containment: new Map(),
    join: new Set(),
    mentioned: new Set(),
    sort: [],
    first: scope.uses.length === 0,
  };
  scope.uses.push(use);
  scope.byAlias.set(alias, use);
}

/** The table use and column a column reference means, or undefined (reported when unknown). */
function resolve(node: unknown, scope: Scope): [TableUse, string] | undefined {
  const names = columnRefNames(node);
  if (!names) return undefined;
  const column = names[names.length - 1] as string;
  if (names.length >= 2) {
    const alias = names[names.length - 2] as string;
    const use = scope.byAlias.get(alias);
    if (!use) return undefined;
    if (!use.table.columnsByName.has(column)) {
      noteUnknown(scope, `column ${use.table.object}.${column}`);
      return undefined;
    }
    return [use, column];
  }
  const candidates = scope.uses.filter((use) => use.table.columnsByName.has(column));
  if (candidates.length === 1) return [candidates[0] as TableUse, column];
  if (candidates.length === 0 && !scope.opaque && !scope.outputNames.has(column) && scope.uses.length > 0)
    noteUnknown(scope, `column ${column}`);
  return undefined;
}

function noteUnknown(scope: Scope, what: string): void {
  if (!scope.unknown.includes(what)) scope.unknown.push(what);
}

/** Whether a node holds no column reference (a constant, parameter or function of them). */
function isValue(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return true;
  if (Array.isArray(node)) return node.every(isValue);
  const kind = nodeKind(node);
  if (kind?.[0] === 'ColumnRef') return false;
  if (kind?.[0] === 'SubLink') return true;
  return Object.values(node).every(isValue);
}

/** The one table use whose columns an expression mentions, when it mentions columns of exactly one. */
function singleUse(node: unknown, scope: Scope): TableUse | undefined {
  const found = new Set<TableUse>();
  const walk = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach(walk);
    const resolved = resolve(value, scope);
    if (resolved) {
      found.add(resolved[0]);
      return;
    }
    if (nodeKind(value)?.[0] === 'ColumnRef') {
      found.add(undefined as unknown as TableUse);
      return;
    }
    Object.values(value).forEach(walk);
  };
  walk(node);
  return found.size === 1 ? [...found][0] : undefined;
}

function classify(part: SqlNode, scope: Scope): void {
  const kind = nodeKind(part);
  if (!kind) return;
  const [name, fields] = kind;
  if (name === 'A_Expr') {
    const op = operatorOf(fields) ?? '';
    const exprKind = String(fields.kind);
    const left = resolve(fields.lexpr, scope);
    const right = resolve(fields.rexpr, scope);
    if (exprKind === 'AEXPR_IN' || exprKind === 'AEXPR_OP_ANY') {
      if (left && isValue(fields.rexpr) && op === '=') left[0].equality.add(left[1]);
      return;
    }
    if (exprKind.startsWith('AEXPR_BETWEEN') || exprKind.startsWith('AEXPR_NOT_BETWEEN')) {
      if (left && exprKind === 'AEXPR_BETWEEN') left[0].range.add(left[1]);
      return;
    }
    if (exprKind !== 'AEXPR_OP' && exprKind !== 'AEXPR_LIKE') return;
    if (left && right && left[0] !== right[0]) {
      if (op === '=') {
        left[0].join.add(left[1]);
        right[0].join.add(right[1]);
      }
      return;
    }
    const [column, other] = left
      ? [left, fields.rexpr]
      : right
        ? [right, fields.lexpr]
        : [undefined, undefined];
    if (column && isValue(other)) {
      if (op === '=') column[0].equality.add(column[1]);
      else if (RANGE.has(op) && (exprKind === 'AEXPR_OP' || op === '~~')) column[0].range.add(column[1]);
      else if (CONTAINMENT.has(op)) column[0].containment.set(column[1], op);
      return;
    }
    // An expression of one table's columns compared with a value: lower(email) = $1.
    if (op === '=') {
      for (const [expression, value] of [
        [fields.lexpr, fields.rexpr],
        [fields.rexpr, fields.lexpr],
      ]) {
        if (!isValue(value) || isValue(expression) || columnRefNames(expression)) continue;
        const use = singleUse(expression, scope);
        if (use) use.expressions.add(expressionKey(expression));
      }
    }
    return;
  }
  if (name === 'NullTest') {
    const column = resolve(fields.arg, scope);
    if (column && fields.nulltesttype === 'IS_NULL') column[0].equality.add(column[1]);
    return;
  }
  if (name === 'SubLink') {
    const column = resolve(fields.testexpr, scope);
    if (column && fields.subLinkType === 'ANY_SUBLINK') column[0].equality.add(column[1]);
    return;
  }
  if (name === 'BoolExpr' && fields.boolop === 'NOT_EXPR') {
    const column = resolve(((fields.args as unknown[] | undefined) ?? [])[0], scope);
    if (column) column[0].equality.add(column[1]);
    return;
  }
  if (name === 'BooleanTest') {
    const column = resolve(fields.arg, scope);
    if (column) column[0].equality.add(column[1]);
    return;
  }
  const column = resolve(part, scope);
  if (column) column[0].equality.add(column[1]);
}

/** Records every column a clause mentions, per table (used to judge partial indexes). */
function mention(node: unknown, scope: Scope): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) mention(item, scope);
    return;
  }
  if (nodeKind(node)?.[0] === 'ColumnRef') {
    const names = columnRefNames(node);
    const column = names?.[names.length - 1];
    if (column === undefined) return;
    const alias = names && names.length >= 2 ? names[names.length - 2] : undefined;
    for (const use of scope.uses)
      if ((alias === undefined || use.alias === alias) && use.table.columnsByName.has(column))
        use.mentioned.add(column);
    return;
  }
  for (const value of Object.values(node)) mention(value, scope);
}

function readSort(sortClause: unknown[], scope: Scope): void {
  const keys: [TableUse, string, boolean][] = [];
  for (const item of sortClause) {
    const kind = nodeKind(item);
    if (kind?.[0] !== 'SortBy') return;
    const names = columnRefNames(kind[1].node);
    if (
      names &&
      names.length === 1 &&
      scope.outputNames.has(names[0] as string) &&
      !scope.uses.some((u) => u.table.columnsByName.has(names[0] as string))
    )
      return;
    const resolved = resolve(kind[1].node, scope);
    if (!resolved) return;
    keys.push([resolved[0], resolved[1], kind[1].sortby_dir === 'SORTBY_DESC']);
  }
  const first = keys[0]?.[0];
  if (!first || keys.some(([use]) => use !== first)) return;
  first.sort = keys.map(([, column, descending]) => ({ column, descending }));
}

/** The FROM tables whose view definition (or any query) reads: schema.table names. */
export function relationsRead(sql: string, defaultSchema: string): { schema: string; table: string }[] {
  let tree: unknown;
  try {
    tree = parseSync(sql);
  } catch {
    return [];
  }
  const found: { schema: string; table: string }[] = [];
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const kind = nodeKind(node);
    if (kind?.[0] === 'RangeVar') {
      const schema = typeof kind[1].schemaname === 'string' ? kind[1].schemaname : defaultSchema;
      found.push({ schema, table: String(kind[1].relname) });
      return;
    }
    Object.values(node).forEach(walk);
  };
  walk(tree);
  return found;
}

/**
 * The table's indexes a query can use: whole-table indexes, and partial ones whose predicate names only
 * columns the query's WHERE also constrains (a lenient reading: the planner needs the query to imply
 * the predicate; the rules would rather miss a finding than report a served query).
 */
export function usableIndexes(use: TableUse): TableInfo['indexes'] {
  return use.table.indexes.filter((index) => {
    if (index.where === undefined) return true;
    return [...columnsOfPredicate(index.where)].every((column) => use.mentioned.has(column));
  });
}

function columnsOfPredicate(where: string): ReadonlySet<string> {
  return columnsOfText(where);
}
