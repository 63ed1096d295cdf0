// What a declared query pattern asks of the tables it reads, from its parse tree (the real PostgreSQL
// parser): the tables, the columns it filters on (equality, range), the joins, the sort, and which
// column each parameter ($1) is compared with, so a real value can be taken from the sample data.
import type { Model, Table } from '../model/model-schema.ts';
import { ownEntry, sortedEntries } from '../model/model-path.ts';
import { parseSync } from '../dialects/postgres/sql-parser.ts';

export interface TableRef {
  schema: string;
  table: string;
}

export interface ColumnRef extends TableRef {
  column: string;
}

export type FilterKind = 'equality' | 'range' | 'pattern';

export interface Filter extends ColumnRef {
  kind: FilterKind;
}

/** Which side of a range a parameter bounds, for choosing a value that keeps the range non-empty. */
export type ParameterBound = 'lower' | 'upper' | 'value';

export interface ParameterUse extends ColumnRef {
  bound: ParameterBound;
}

export interface PatternShape {
  tables: TableRef[];
  filters: Filter[];
  joins: [ColumnRef, ColumnRef][];
  orderBy: (ColumnRef & { descending: boolean })[];
  /** Parameter number -> the column it is compared with (the first comparison found). */
  parameters: Map<number, ParameterUse>;
  /** The highest $n in the text. */
  parameterCount: number;
}

export interface DeclaredPattern {
  schema: string;
  table: string;
  index: number;
  name: string;
  sql: string;
  frequency?: string;
}

/** Every query pattern with SQL, in schema, table and declaration order. */
export function declaredPatterns(model: Model): DeclaredPattern[] {
  const patterns: DeclaredPattern[] = [];
  for (const [schema, definition] of sortedEntries(model.schemas))
    for (const [table, value] of sortedEntries(definition.tables))
      for (const [index, pattern] of (value.queryPatterns ?? []).entries())
        if (pattern.sql !== undefined)
          patterns.push({
            schema,
            table,
            index,
            name: pattern.name,
            sql: pattern.sql,
            ...(pattern.frequency !== undefined && { frequency: pattern.frequency }),
          });
  return patterns;
}

export function modelTable(model: Model, ref: TableRef): Table | undefined {
  return ownEntry(ownEntry(model.schemas, ref.schema)?.tables, ref.table);
}

type Node = Record<string, unknown>;

const RANGE_OPERATORS = new Set(['<', '<=', '>', '>=']);
const LOWER_OPERATORS = new Set(['>', '>=']);
const PATTERN_OPERATORS = new Set(['~~', '~~*']);

/**
 * Reads the shape of a pattern's SQL; needs the parser loaded (`loadSqlParser()`). Throws the
 * parser's error for text that does not parse. Unqualified table names are looked up in `homeSchema`
 * (the schema of the table that declares the pattern), then in any schema of the model.
 */
export function analysePattern(sql: string, model: Model, homeSchema: string): PatternShape {
  const tree = parseSync(sql) as { stmts: { stmt: Node }[] };
  const shape: PatternShape = {
    tables: [],
    filters: [],
    joins: [],
    orderBy: [],
    parameters: new Map(),
    parameterCount: 0,
  };
  const aliases = new Map<string, TableRef>();
  const cteNames = new Set<string>();
  walk(tree, (node) => {
    const cte = node.CommonTableExpr as Node | undefined;
    if (cte && typeof cte.ctename === 'string') cteNames.add(cte.ctename);
  });
  walk(tree, (node) => {
    const range = node.RangeVar as Node | undefined;
    if (range) {
      const relname = range.relname as string;
      const schemaname = range.schemaname as string | undefined;
      if (schemaname === undefined && cteNames.has(relname)) return;
      const ref = resolveTable(model, schemaname, relname, homeSchema);
      if (!shape.tables.some((t) => t.schema === ref.schema && t.table === ref.table)) shape.tables.push(ref);
      const alias = (range.alias as Node | undefined)?.aliasname as string | undefined;
      aliases.set(alias ?? relname, ref);
      if (alias === undefined && schemaname !== undefined) aliases.set(`${schemaname}.${relname}`, ref);
    }
    const param = node.ParamRef as Node | undefined;
    if (param) shape.parameterCount = Math.max(shape.parameterCount, Number(param.number));
  });
  const column = (node: unknown): ColumnRef | undefined => resolveColumn(node, aliases, shape.tables, model);
  walk(tree, (node) => {
    const expr = node.A_Expr as Node | undefined;
    if (expr) readComparison(expr, column, shape);
    const sort = node.SortBy as Node | undefined;
    if (sort) {
      const ref = column(sort.node);
      if (ref) shape.orderBy.push({ ...ref, descending: sort.sortby_dir === 'SORTBY_DESC' });
    }
  });
  return shape;
}

function readComparison(expr: Node, column: (node: unknown) => ColumnRef | undefined, shape: PatternShape) {
  const operator = ((expr.name as Node[] | undefined)?.[0]?.String as Node | undefined)?.sval as
    string | undefined;
  const kind = expr.kind as string;
  const left = column(expr.lexpr);
  const right = column(expr.rexpr);
  const addFilter = (ref: ColumnRef, filter: FilterKind) => {
    if (
      !shape.filters.some(
        (f) =>
          f.schema === ref.schema && f.table === ref.table && f.column === ref.column && f.kind === filter,
      )
    )
      shape.filters.push({ ...ref, kind: filter });
  };
  const bind = (value: unknown, ref: ColumnRef, bound: ParameterBound) => {
    for (const number of parameterNumbers(value))
      if (!shape.parameters.has(number)) shape.parameters.set(number, { ...ref, bound });
  };
  if (kind === 'AEXPR_OP' && operator === '=' && left && right) {
    if (left.schema !== right.schema || left.table !== right.table) shape.joins.push([left, right]);
    return;
  }
  const ref = left ?? right;
  if (!ref) return;
  const other = left ? expr.rexpr : expr.lexpr;
  if (kind === 'AEXPR_OP' && operator === '=') {
    addFilter(ref, 'equality');
    bind(other, ref, 'value');
  } else if (kind === 'AEXPR_IN' || kind === 'AEXPR_OP_ANY') {
    addFilter(ref, 'equality');
    bind(other, ref, 'value');
  } else if (kind === 'AEXPR_OP' && operator !== undefined && RANGE_OPERATORS.has(operator)) {
    addFilter(ref, 'range');
    // `col > $1` bounds from below; `$1 > col` from above.
    const lower = LOWER_OPERATORS.has(operator) === (left !== undefined);
    bind(other, ref, lower ? 'lower' : 'upper');
  } else if (kind === 'AEXPR_BETWEEN' || kind === 'AEXPR_BETWEEN_SYM') {
    addFilter(ref, 'range');
    const [low, high] = ((expr.rexpr as Node).List as Node).items as unknown[];
    bind(low, ref, 'lower');
    bind(high, ref, 'upper');
  } else if (kind === 'AEXPR_LIKE' || kind === 'AEXPR_ILIKE' || PATTERN_OPERATORS.has(operator ?? '')) {
    addFilter(ref, 'pattern');
    bind(other, ref, 'value');
  }
}

/** The $n directly in a value: a parameter, a cast parameter, or a list of them. */
function parameterNumbers(value: unknown): number[] {
  const node = value as Node | undefined;
  if (!node) return [];
  if (node.ParamRef) return [Number((node.ParamRef as Node).number)];
  if (node.TypeCast) return parameterNumbers((node.TypeCast as Node).arg);
  if (node.List) return ((node.List as Node).items as unknown[]).flatMap(parameterNumbers);
  if (Array.isArray(node)) return node.flatMap(parameterNumbers);
  return [];
}

function resolveTable(model: Model, schema: string | undefined, table: string, home: string): TableRef {
  if (schema !== undefined) return { schema, table };
  for (const candidate of [home, 'public'])
    if (modelTable(model, { schema: candidate, table })) return { schema: candidate, table };
  for (const [name, definition] of sortedEntries(model.schemas))
    if (ownEntry(definition.tables, table)) return { schema: name, table };
  return { schema: home, table };
}

function resolveColumn(
  value: unknown,
  aliases: Map<string, TableRef>,
  tables: TableRef[],
  model: Model,
): ColumnRef | undefined {
  let node = value as Node | undefined;
  while (node?.TypeCast) node = (node.TypeCast as Node).arg as Node;
  const fields = (node?.ColumnRef as Node | undefined)?.fields as Node[] | undefined;
  if (!fields || fields.some((f) => !f.String)) return undefined;
  const names = fields.map((f) => (f.String as Node).sval as string);
  const column = names[names.length - 1] as string;
  if (names.length >= 2) {
    const ref = aliases.get(names.slice(0, -1).join('.'));
    return ref ? { ...ref, column } : undefined;
  }
  const owners = tables.filter((t) => modelTable(model, t)?.columns.some((c) => c.name === column));
  return owners.length === 1 ? { ...(owners[0] as TableRef), column } : undefined;
}

/** Visits every object of a parse tree (or any JSON-like value), parents before their children. */
export function walk(value: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  visit(value as Node);
  for (const child of Object.values(value as Node)) walk(child, visit);
}
