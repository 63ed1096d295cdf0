// What rules need to know about expressions: whether a default is volatile (so adding the column
// rewrites the table), whether a CHECK proves a column NOT NULL, whether CHECKs prove a partition
// bound (so attaching skips the scan).
import type { Node, PartitionBoundSpec } from 'libpg-query';
import { parseSync } from '../../dialects/postgres/sql-parser.ts';
import type { ConstraintState } from './schema-history.ts';
import type { SchemaAt } from './statement-facts.ts';
import { asNode, constantText, listName, stringsOf, visitNodes } from './syntax.ts';

/** Built-in functions that are volatile: a default calling one is evaluated for every existing row. */
const VOLATILE_FUNCTIONS = new Set([
  'random',
  'random_normal',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'gen_random_bytes',
  'clock_timestamp',
  'timeofday',
  'nextval',
  'setval',
  'currval',
  'lastval',
  'txid_current',
  'pg_current_xact_id',
]);

/** Common built-in functions that are stable or immutable (evaluated once for ADD COLUMN). */
const NON_VOLATILE_FUNCTIONS = new Set([
  'now',
  'statement_timestamp',
  'transaction_timestamp',
  'current_setting',
  'current_database',
  'current_schema',
  'lower',
  'upper',
  'btrim',
  'ltrim',
  'rtrim',
  'trim',
  'length',
  'char_length',
  'concat',
  'concat_ws',
  'substr',
  'substring',
  'replace',
  'left',
  'right',
  'lpad',
  'rpad',
  'split_part',
  'md5',
  'sha256',
  'encode',
  'decode',
  'format',
  'to_char',
  'to_date',
  'to_timestamp',
  'to_number',
  'date_trunc',
  'date_part',
  'extract',
  'make_date',
  'make_time',
  'make_timestamp',
  'make_timestamptz',
  'make_interval',
  'timezone',
  'age',
  'abs',
  'round',
  'floor',
  'ceil',
  'ceiling',
  'trunc',
  'mod',
  'power',
  'sqrt',
  'jsonb_build_object',
  'jsonb_build_array',
  'json_build_object',
  'json_build_array',
  'to_jsonb',
  'to_json',
  'array_length',
  'cardinality',
  'array_to_string',
  'string_to_array',
  'regexp_replace',
  'quote_ident',
  'quote_literal',
  'int4range',
  'int8range',
  'numrange',
  'tsrange',
  'tstzrange',
  'daterange',
]);

/** The first function of an expression that is (or may be) volatile, or undefined when none is. */
export function volatileFunction(expression: Node | undefined, schema: SchemaAt): string | undefined {
  let found: string | undefined;
  visitNodes(expression, (kind, fields) => {
    if (found !== undefined || kind !== 'FuncCall') return;
    const name = listName(stringsOf((fields as { funcname?: Node[] }).funcname));
    if (!name) return;
    const declared = name.schema === 'pg_catalog' ? undefined : schema.volatility(name);
    const builtinName = name.schema === undefined || name.schema === 'pg_catalog' ? name.name : undefined;
    if (declared !== undefined) {
      if (declared === 'volatile') found = `${name.name}()`;
      return;
    }
    if (
      builtinName !== undefined &&
      NON_VOLATILE_FUNCTIONS.has(builtinName) &&
      !VOLATILE_FUNCTIONS.has(builtinName)
    )
      return;
    // A function the linter does not know is taken as volatile, PostgreSQL's own default.
    found = `${name.name}()`;
  });
  return found;
}

const PARSED_CHECKS = new WeakMap<ConstraintState, Node | null>();

/** A CHECK's expression: its parse tree, parsed from its text when it came from a model. */
export function checkExpression(constraint: ConstraintState): Node | undefined {
  if (constraint.expression) return constraint.expression;
  if (constraint.expressionText === undefined) return undefined;
  const cached = PARSED_CHECKS.get(constraint);
  if (cached !== undefined) return cached ?? undefined;
  let parsed: Node | null = null;
  try {
    const tree = parseSync(`SELECT (${constraint.expressionText})`) as {
      stmts?: { stmt?: { SelectStmt?: { targetList?: { ResTarget?: { val?: Node } }[] } } }[];
    };
    parsed = tree.stmts?.[0]?.stmt?.SelectStmt?.targetList?.[0]?.ResTarget?.val ?? null;
  } catch {
    parsed = null;
  }
  PARSED_CHECKS.set(constraint, parsed);
  return parsed ?? undefined;
}

/** The parts of an expression joined by AND. */
export function conjuncts(expression: Node | undefined): Node[] {
  if (!expression) return [];
  const bool = asNode(expression, 'BoolExpr');
  if (bool?.boolop === 'AND_EXPR') return (bool.args ?? []).flatMap((arg) => conjuncts(arg));
  return [expression];
}

function columnOf(node: Node | undefined): string | undefined {
  const parts = stringsOf(asNode(node, 'ColumnRef')?.fields);
  return parts[parts.length - 1];
}

/** Whether `column IS NOT NULL` is one of the expression's AND-ed parts. */
export function provesNotNull(expression: Node | undefined, column: string): boolean {
  return conjuncts(expression).some((part) => {
    const test = asNode(part, 'NullTest');
    return test?.nulltesttype === 'IS_NOT_NULL' && columnOf(test.arg) === column;
  });
}

/** A comparison `column OP constant` (either way round), normalised to the column on the left. */
function comparison(part: Node, column: string): { op: string; value: string } | undefined {
  const expression = asNode(part, 'A_Expr');
  if (expression?.kind !== 'AEXPR_OP') return undefined;
  const op = stringsOf(expression.name)[0];
  if (op === undefined) return undefined;
  const flipped: Readonly<Record<string, string>> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '=': '=' };
  if (columnOf(expression.lexpr) === column) {
    const value = constantText(expression.rexpr);
    return value === undefined ? undefined : { op, value };
  }
  if (columnOf(expression.rexpr) === column) {
    const value = constantText(expression.lexpr);
    const reversed = flipped[op];
    return value === undefined || reversed === undefined ? undefined : { op: reversed, value };
  }
  return undefined;
}

/** Values a part restricts the column to: `c IN (...)`, `c = v`, `c = ANY (ARRAY[...])`. */
function allowedValues(part: Node, column: string): string[] | undefined {
  const expression = asNode(part, 'A_Expr');
  if (!expression) return undefined;
  if (expression.kind === 'AEXPR_OP') {
    const compared = comparison(part, column);
    return compared?.op === '=' ? [compared.value] : undefined;
  }
  if (columnOf(expression.lexpr) !== column) return undefined;
  let items: Node[] | undefined;
  if (expression.kind === 'AEXPR_IN' && stringsOf(expression.name)[0] === '=')
    items = asNode(expression.rexpr, 'List')?.items;
  if (expression.kind === 'AEXPR_OP_ANY' && stringsOf(expression.name)[0] === '=') {
    const array =
      asNode(expression.rexpr, 'A_ArrayExpr') ??
      asNode(asNode(expression.rexpr, 'TypeCast')?.arg, 'A_ArrayExpr');
    items = array?.elements;
  }
  if (!items) return undefined;
  const values = items.map((item) => constantText(item));
  return values.every((v): v is string => v !== undefined) ? values : undefined;
}

function isBoundKeyword(node: Node | undefined, word: string): boolean {
  const datum = asNode(node, 'PartitionRangeDatum');
  if (datum)
    return (
      datum.kind ===
      (word === 'minvalue' ? 'PARTITION_RANGE_DATUM_MINVALUE' : 'PARTITION_RANGE_DATUM_MAXVALUE')
    );
  return columnOf(node) === word;
}

/**
 * Whether validated CHECKs (AND-ed parts) prove that every row fits a partition bound on a
 * single-column key, as PostgreSQL needs to skip the scan when a partition is attached.
 */
export function provesPartitionBound(
  checks: readonly Node[],
  key: string,
  keyNotNull: boolean,
  bound: PartitionBoundSpec,
): boolean {
  const parts = checks.flatMap((check) => conjuncts(check));
  const notNull = keyNotNull || parts.some((part) => provesNotNull(part, key));
  if (bound.is_default) return false;
  if (bound.strategy === 'r') {
    const [lower] = bound.lowerdatums ?? [];
    const [upper] = bound.upperdatums ?? [];
    if ((bound.lowerdatums?.length ?? 0) !== 1 || (bound.upperdatums?.length ?? 0) !== 1) return false;
    const lowerValue = constantText(lower);
    const upperValue = constantText(upper);
    const lowerOk =
      isBoundKeyword(lower, 'minvalue') ||
      parts.some((part) => {
        const c = comparison(part, key);
        return c !== undefined && (c.op === '>=' || c.op === '>' || c.op === '=') && c.value === lowerValue;
      });
    const upperOk =
      isBoundKeyword(upper, 'maxvalue') ||
      parts.some((part) => {
        const c = comparison(part, key);
        return c !== undefined && (c.op === '<' || c.op === '=') && c.value === upperValue;
      });
    return notNull && lowerOk && upperOk;
  }
  if (bound.strategy === 'l') {
    const listed = (bound.listdatums ?? []).map((datum) => constantText(datum));
    const allowsNull = listed.includes('NULL');
    return (
      (notNull || allowsNull) &&
      parts.some((part) => {
        const values = allowedValues(part, key);
        return values !== undefined && values.every((v) => listed.includes(v));
      })
    );
  }
  return false;
}
