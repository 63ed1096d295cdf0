// What a CHECK constraint asks of the values in a row, in the shapes people write: comparisons with
// constants (also BETWEEN, which PostgreSQL spells as two comparisons), IN lists and `= ANY (ARRAY[...])`,
// IS [NOT] NULL, length(col) comparisons, upper(col) IN lists, comparisons between two columns, `~`
// and LIKE patterns, and AND/OR/NOT of those. The expression is read with the real PostgreSQL parser
// (libpg-query); a part of another shape is opaque: the sample data leaves it to the database to accept
// or reject the row.
import { parseSync } from '../../dialects/postgres/sql-parser.ts';

/** A constant a column is compared with: a number, the text of a literal, or the time of the run. */
export type Constant =
  { number: number } | { text: string } | { now: 'timestamp' | 'date' } | { bool: boolean };

export interface Bound {
  value: Constant;
  exclusive: boolean;
}

/** What one column must satisfy; every field is a further restriction. */
export interface ColumnRule {
  min?: Bound;
  max?: Bound;
  oneOf?: Constant[];
  notIn?: Constant[];
  minLength?: number;
  maxLength?: number;
  /** A POSIX regular expression as PostgreSQL's `~` reads it; `flags: 'i'` for `~*`. */
  pattern?: { source: string; flags: string };
  notNull?: boolean;
  isNull?: boolean;
  lowerCase?: boolean;
  /**
   * `oneOf` lists upper-case texts compared with upper(column): the listed texts satisfy the check; a
   * text breaks it when it is not listed and has no lower-case letter (upper() leaves it as it is).
   */
  upperIn?: boolean;
}

export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '=' | '<>';

export type CheckTree =
  | { kind: 'and'; items: CheckTree[] }
  | { kind: 'or'; items: CheckTree[] }
  | { kind: 'rule'; column: string; rule: ColumnRule }
  | { kind: 'relation'; left: string; operator: ComparisonOperator; right: string }
  | { kind: 'constant'; value: boolean }
  | { kind: 'opaque' };

type Node = Record<string, unknown>;

const FLIPPED: Record<ComparisonOperator, ComparisonOperator> = {
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
  '=': '=',
  '<>': '<>',
};

const NEGATED: Record<ComparisonOperator, ComparisonOperator> = {
  '<': '>=',
  '<=': '>',
  '>': '<=',
  '>=': '<',
  '=': '<>',
  '<>': '=',
};

const trees = new Map<string, CheckTree>();

/**
 * The check as a tree of rules. `valueName` is the name a domain check uses for its value (`value`);
 * it is read as that column. Needs the SQL parser loaded.
 */
export function readCheck(expression: string, valueColumn?: string): CheckTree {
  const key = `${valueColumn ?? ''}\0${expression}`;
  let tree = trees.get(key);
  if (tree === undefined) {
    tree = parseCheck(expression, valueColumn);
    trees.set(key, tree);
  }
  return tree;
}

function parseCheck(expression: string, valueColumn: string | undefined): CheckTree {
  try {
    const parsed = parseSync(`SELECT (\n${expression}\n)`) as {
      stmts: { stmt: { SelectStmt?: { targetList?: { ResTarget: { val: Node } }[] } } }[];
    };
    const target = parsed.stmts[0]?.stmt.SelectStmt?.targetList?.[0]?.ResTarget.val;
    return target ? new CheckReader(valueColumn).read(target) : { kind: 'opaque' };
  } catch {
    return { kind: 'opaque' };
  }
}

/** A term of a comparison: a column, the length of a column, or a constant. */
type Term =
  | { column: string }
  | { lengthOf: string }
  | { lowerOf: string }
  | { upperOf: string }
  | { constant: Constant }
  | undefined;

class CheckReader {
  constructor(private readonly valueColumn: string | undefined) {}

  read(node: Node): CheckTree {
    const [type, body] = Object.entries(node)[0] ?? [];
    const b = (body ?? {}) as Node;
    switch (type) {
      case 'BoolExpr': {
        const args = (b.args as Node[]).map((arg) => this.read(arg));
        if (b.boolop === 'AND_EXPR') return { kind: 'and', items: args };
        if (b.boolop === 'OR_EXPR') return { kind: 'or', items: args };
        return args[0] ? negate(args[0]) : { kind: 'opaque' };
      }
      case 'A_Expr':
        return this.readExpression(b);
      case 'NullTest': {
        const column = this.columnOf(b.arg as Node);
        if (column === undefined) return { kind: 'opaque' };
        return {
          kind: 'rule',
          column,
          rule: b.nulltesttype === 'IS_NULL' ? { isNull: true } : { notNull: true },
        };
      }
      case 'ColumnRef': {
        const column = this.columnOf(node);
        return column === undefined
          ? { kind: 'opaque' }
          : { kind: 'rule', column, rule: { oneOf: [{ bool: true }] } };
      }
      case 'A_Const':
        return b.boolval !== undefined
          ? { kind: 'constant', value: (b.boolval as { boolval?: boolean }).boolval === true }
          : { kind: 'opaque' };
      case 'TypeCast': {
        const inner = this.read(b.arg as Node);
        return inner.kind === 'constant' ? inner : { kind: 'opaque' };
      }
      default:
        return { kind: 'opaque' };
    }
  }

  private readExpression(b: Node): CheckTree {
    const operator = ((b.name as { String?: { sval: string } }[] | undefined)?.[0]?.String?.sval ??
      '') as string;
    const left = this.term(b.lexpr as Node | undefined);
    switch (b.kind) {
      case 'AEXPR_OP':
        return this.comparison(left, operator, this.term(b.rexpr as Node | undefined));
      case 'AEXPR_IN':
      case 'AEXPR_OP_ANY':
      case 'AEXPR_OP_ALL': {
        const items = this.listItems(b.rexpr as Node);
        const isIn = (b.kind === 'AEXPR_OP_ALL') === false && operator === '=';
        const notIn =
          (b.kind === 'AEXPR_IN' && operator === '<>') || (b.kind === 'AEXPR_OP_ALL' && operator === '<>');
        if (left && 'upperOf' in left && items !== undefined && (isIn || notIn))
          return upperIn(left.upperOf, items, notIn);
        const column = left && 'column' in left ? left.column : undefined;
        if (column === undefined || items === undefined) return { kind: 'opaque' };
        if (isIn) return { kind: 'rule', column, rule: { oneOf: items } };
        if (notIn) return { kind: 'rule', column, rule: { notIn: items } };
        return { kind: 'opaque' };
      }
      case 'AEXPR_BETWEEN':
      case 'AEXPR_NOT_BETWEEN': {
        const items = ((b.rexpr as Node).List as { items: Node[] } | undefined)?.items ?? [];
        const low = this.term(items[0]);
        const high = this.term(items[1]);
        const between: CheckTree = {
          kind: 'and',
          items: [this.comparison(left, '>=', low), this.comparison(left, '<=', high)],
        };
        return b.kind === 'AEXPR_BETWEEN' ? between : negate(between);
      }
      case 'AEXPR_LIKE':
      case 'AEXPR_ILIKE': {
        const column = left && 'column' in left ? left.column : undefined;
        const pattern = this.term(b.rexpr as Node | undefined);
        if (column === undefined || !pattern || !('constant' in pattern) || !('text' in pattern.constant))
          return { kind: 'opaque' };
        const source = `^${likeToRegex(pattern.constant.text)}$`;
        const rule: ColumnRule = { pattern: { source, flags: b.kind === 'AEXPR_ILIKE' ? 'i' : '' } };
        return operator.startsWith('!')
          ? negate({ kind: 'rule', column, rule })
          : { kind: 'rule', column, rule };
      }
      default:
        return { kind: 'opaque' };
    }
  }

  private comparison(left: Term, operator: string, right: Term): CheckTree {
    if (!left || !right) return { kind: 'opaque' };
    if (operator === '~' || operator === '~*' || operator === '!~' || operator === '!~*') {
      if (!('column' in left) || !('constant' in right) || !('text' in right.constant))
        return { kind: 'opaque' };
      const tree: CheckTree = {
        kind: 'rule',
        column: left.column,
        rule: { pattern: { source: right.constant.text, flags: operator.endsWith('*') ? 'i' : '' } },
      };
      return operator.startsWith('!') ? negate(tree) : tree;
    }
    const op = (operator === '!=' ? '<>' : operator) as ComparisonOperator;
    if (!(op in FLIPPED)) return { kind: 'opaque' };
    if ('constant' in left && !('constant' in right)) return this.comparison(right, FLIPPED[op], left);
    if ('column' in left && 'column' in right)
      return { kind: 'relation', left: left.column, operator: op, right: right.column };
    if ('column' in left && 'lowerOf' in right && right.lowerOf === left.column && op === '=')
      return { kind: 'rule', column: left.column, rule: { lowerCase: true } };
    if ('lowerOf' in left && 'column' in right) return this.comparison(right, FLIPPED[op], left);
    if ('upperOf' in left && 'constant' in right && (op === '=' || op === '<>'))
      return upperIn(left.upperOf, [right.constant], op === '<>');
    if (!('constant' in right)) return { kind: 'opaque' };
    const constant = right.constant;
    if ('lengthOf' in left) {
      if (!('number' in constant)) return { kind: 'opaque' };
      return { kind: 'rule', column: left.lengthOf, rule: lengthRule(op, constant.number) };
    }
    if (!('column' in left)) return { kind: 'opaque' };
    const column = left.column;
    switch (op) {
      case '=':
        return { kind: 'rule', column, rule: { oneOf: [constant] } };
      case '<>':
        return { kind: 'rule', column, rule: { notIn: [constant] } };
      case '>':
      case '>=':
        return { kind: 'rule', column, rule: { min: { value: constant, exclusive: op === '>' } } };
      default:
        return { kind: 'rule', column, rule: { max: { value: constant, exclusive: op === '<' } } };
    }
  }

  private term(node: Node | undefined): Term {
    if (node === undefined) return undefined;
    if (node.TypeCast) return this.term((node.TypeCast as Node).arg as Node);
    const column = this.columnOf(node);
    if (column !== undefined) return { column };
    if (node.A_Const) {
      const c = node.A_Const as Node;
      if (c.ival !== undefined)
        return { constant: { number: Number((c.ival as { ival?: number }).ival ?? 0) } };
      if (c.fval !== undefined) return { constant: { number: Number((c.fval as { fval: string }).fval) } };
      if (c.sval !== undefined) return { constant: { text: (c.sval as { sval: string }).sval } };
      if (c.boolval !== undefined)
        return { constant: { bool: (c.boolval as { boolval?: boolean }).boolval === true } };
      return undefined;
    }
    if (node.A_Expr) {
      // -x written with a space, or a negated cast constant
      const e = node.A_Expr as Node;
      const name = (e.name as { String?: { sval: string } }[] | undefined)?.[0]?.String?.sval;
      if (name === '-' && e.lexpr === undefined) {
        const inner = this.term(e.rexpr as Node);
        if (inner && 'constant' in inner && 'number' in inner.constant)
          return { constant: { number: -inner.constant.number } };
      }
      return undefined;
    }
    if (node.SQLValueFunction) {
      const op = (node.SQLValueFunction as Node).op as string;
      if (op === 'SVFOP_CURRENT_DATE') return { constant: { now: 'date' } };
      if (op.startsWith('SVFOP_CURRENT_TIMESTAMP') || op.startsWith('SVFOP_LOCALTIMESTAMP'))
        return { constant: { now: 'timestamp' } };
      return undefined;
    }
    if (node.FuncCall) {
      const call = node.FuncCall as Node;
      const names = (call.funcname as { String: { sval: string } }[]).map((n) => n.String.sval);
      const name = names[names.length - 1] ?? '';
      const args = (call.args as Node[] | undefined) ?? [];
      if (
        (name === 'now' || name === 'transaction_timestamp' || name === 'statement_timestamp') &&
        args.length === 0
      )
        return { constant: { now: 'timestamp' } };
      const argument = args.length === 1 ? this.term(args[0]) : undefined;
      if (argument && 'column' in argument) {
        if (
          name === 'length' ||
          name === 'char_length' ||
          name === 'character_length' ||
          name === 'octet_length'
        )
          return { lengthOf: argument.column };
        if (name === 'lower') return { lowerOf: argument.column };
        if (name === 'upper') return { upperOf: argument.column };
      }
      return undefined;
    }
    return undefined;
  }

  private listItems(node: Node): Constant[] | undefined {
    let list: Node[] | undefined;
    let at: Node | undefined = node;
    while (at?.TypeCast) at = (at.TypeCast as Node).arg as Node;
    if (at?.List) list = (at.List as { items: Node[] }).items;
    else if (at?.A_ArrayExpr) list = ((at.A_ArrayExpr as Node).elements as Node[] | undefined) ?? [];
    if (list === undefined) return undefined;
    const constants: Constant[] = [];
    for (const item of list) {
      const term = this.term(item);
      if (!term || !('constant' in term)) return undefined;
      constants.push(term.constant);
    }
    return constants;
  }

  private columnOf(node: Node): string | undefined {
    if (node.TypeCast) return this.columnOf((node.TypeCast as Node).arg as Node);
    const fields = (node.ColumnRef as { fields?: { String?: { sval: string } }[] } | undefined)?.fields;
    const name = fields?.[fields.length - 1]?.String?.sval;
    if (name === undefined) return undefined;
    return this.valueColumn !== undefined && name === 'value' ? this.valueColumn : name;
  }
}

function lengthRule(op: ComparisonOperator, n: number): ColumnRule {
  switch (op) {
    case '=':
      return { minLength: n, maxLength: n };
    case '>':
      return { minLength: n + 1 };
    case '>=':
      return { minLength: n };
    case '<':
      return { maxLength: n - 1 };
    case '<=':
      return { maxLength: n };
    default:
      return {};
  }
}

/** `NOT tree`, where it can be said in rules; opaque otherwise. */
export function negate(tree: CheckTree): CheckTree {
  switch (tree.kind) {
    case 'and':
      return { kind: 'or', items: tree.items.map(negate) };
    case 'or':
      return { kind: 'and', items: tree.items.map(negate) };
    case 'constant':
      return { kind: 'constant', value: !tree.value };
    case 'relation':
      return { ...tree, operator: NEGATED[tree.operator] };
    case 'rule': {
      const r = tree.rule;
      if (r.upperIn && r.oneOf)
        return {
          kind: 'rule',
          column: tree.column,
          rule: { notIn: r.oneOf, pattern: { source: '^[^a-z]*$', flags: '' } },
        };
      const keys = Object.keys(r) as (keyof ColumnRule)[];
      if (keys.length === 0) return { kind: 'constant', value: false };
      if (keys.length > 1)
        return negate({
          kind: 'and',
          items: keys.map((key) => ({ kind: 'rule', column: tree.column, rule: { [key]: r[key] } })),
        });
      if (r.minLength !== undefined)
        return { kind: 'rule', column: tree.column, rule: { maxLength: r.minLength - 1 } };
      if (r.maxLength !== undefined)
        return { kind: 'rule', column: tree.column, rule: { minLength: r.maxLength + 1 } };
      if (r.isNull) return { kind: 'rule', column: tree.column, rule: { notNull: true } };
      if (r.notNull) return { kind: 'rule', column: tree.column, rule: { isNull: true } };
      if (r.oneOf) return { kind: 'rule', column: tree.column, rule: { notIn: r.oneOf } };
      if (r.notIn) return { kind: 'rule', column: tree.column, rule: { oneOf: r.notIn } };
      if (r.min)
        return {
          kind: 'rule',
          column: tree.column,
          rule: { max: { value: r.min.value, exclusive: !r.min.exclusive } },
        };
      if (r.max)
        return {
          kind: 'rule',
          column: tree.column,
          rule: { min: { value: r.max.value, exclusive: !r.max.exclusive } },
        };
      return { kind: 'opaque' };
    }
    default:
      return { kind: 'opaque' };
  }
}

/** `upper(column) IN (items)` (negated: NOT IN), when every item is an upper-case text. */
function upperIn(column: string, items: Constant[], negated: boolean): CheckTree {
  if (!items.every((c) => 'text' in c && c.text === c.text.toUpperCase())) return { kind: 'opaque' };
  const tree: CheckTree = { kind: 'rule', column, rule: { oneOf: items, upperIn: true } };
  return negated ? negate(tree) : tree;
}

/** A LIKE pattern as a regular expression: `%` any text, `_` one character, the rest as it is. */
function likeToRegex(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\' && i + 1 < pattern.length) out += escapeRegex(pattern[++i] as string);
    else if (ch === '%') out += '.*';
    else if (ch === '_') out += '.';
    else out += escapeRegex(ch);
  }
  return out;
}

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|]/.test(ch) ? `\\${ch}` : ch;
}

/** The columns a tree mentions. */
export function treeColumns(tree: CheckTree, into = new Set<string>()): Set<string> {
  switch (tree.kind) {
    case 'and':
    case 'or':
      for (const item of tree.items) treeColumns(item, into);
      break;
    case 'rule':
      into.add(tree.column);
      break;
    case 'relation':
      into.add(tree.left).add(tree.right);
      break;
    default:
      break;
  }
  return into;
}

export interface Conjunction {
  rules: { column: string; rule: ColumnRule }[];
  relations: { left: string; operator: ComparisonOperator; right: string }[];
  /** A part that cannot be said in rules (or a constant false): the database decides. */
  opaque: boolean;
}

/**
 * One way to satisfy the tree: every part of an AND, one branch of each OR (chosen with `pick`, which
 * prefers branches without opaque parts). A branch that asks a `notNull` column to be NULL cannot hold
 * (`col IS NULL OR upper(col) IN (...)` on a NOT NULL column): another branch is taken when there is one.
 */
export function chooseConjunction(
  tree: CheckTree,
  pick: (count: number) => number,
  notNull: ReadonlySet<string> = new Set(),
): Conjunction {
  const result: Conjunction = { rules: [], relations: [], opaque: false };
  const walk = (node: CheckTree) => {
    switch (node.kind) {
      case 'and':
        node.items.forEach(walk);
        return;
      case 'or': {
        const possible = node.items.filter((item) => !needsNull(item, notNull));
        const candidates = possible.length > 0 ? possible : node.items;
        const clear = candidates.filter((item) => !hasOpaque(item));
        const choices = clear.length > 0 ? clear : candidates;
        const chosen = choices[pick(choices.length)];
        if (chosen) walk(chosen);
        return;
      }
      case 'rule':
        result.rules.push({ column: node.column, rule: node.rule });
        return;
      case 'relation':
        result.relations.push({ left: node.left, operator: node.operator, right: node.right });
        return;
      case 'constant':
        if (!node.value) result.opaque = true;
        return;
      default:
        result.opaque = true;
    }
  };
  walk(tree);
  return result;
}

/** Whether every way of satisfying the tree sets one of the `notNull` columns to NULL. */
function needsNull(tree: CheckTree, notNull: ReadonlySet<string>): boolean {
  switch (tree.kind) {
    case 'and':
      return tree.items.some((item) => needsNull(item, notNull));
    case 'or':
      return tree.items.every((item) => needsNull(item, notNull));
    case 'rule':
      return tree.rule.isNull === true && notNull.has(tree.column);
    default:
      return false;
  }
}

function hasOpaque(tree: CheckTree): boolean {
  switch (tree.kind) {
    case 'and':
      return tree.items.some(hasOpaque);
    case 'or':
      return tree.items.every(hasOpaque);
    case 'opaque':
      return true;
    case 'constant':
      return !tree.value;
    default:
      return false;
  }
}
