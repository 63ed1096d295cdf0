// PostgreSQL prints stored expressions and queries (pg_get_expr, pg_get_viewdef, ...) as text that does
// not always parse back to what it stored. Inspect keeps text that does, so that a model's text parses
// back to the tree it was read from and inspect -> DDL -> inspect gives the same text (and pg_dump of
// the rebuilt database the same output):
// - Pretty-printing leaves out parentheses it deems redundant, and not all are: `a AND (b AND c)`, as
//   `x BETWEEN 1 AND 2` beside another condition stores it, is printed `a AND b AND c`, one AND of
//   three. The pretty text is kept when it parses to the same tree as the plain one (pg_dump's),
//   otherwise the plain one.
// - Plain or pretty, an array coerced as a whole, as `kind IN ('a', 'b')` on a varchar column stores
//   it, prints as `ARRAY['a'::character varying, 'b'::character varying]::text[]`, and the parser
//   pushes a cast of an ARRAY[...] constructor into its elements. A cast to the array's own type in
//   between keeps the whole-array coercion.
// - A column whose name is never shown (a later branch of a set operation, a subquery in an
//   expression) is printed without its name when that is `?column?`; parsed again, `SELECT 'x'::text`
//   there is named `text`, which is then printed `'x'::text AS text`. The name is written out.
// Text is inserted at the real parser's positions.
import { quoteIdent } from '../quote.ts';
import { parseSync, scanSync } from '../sql-parser.ts';
import type { Catalog } from './read-catalog.ts';

type ParseNode = Record<string, unknown>;

/** How a printed text is made a statement for the parser, and what of it must parse the same. */
interface TextForm {
  prefix: string;
  suffix: string;
  /** SELECTs the text has of its own. */
  selects: number;
  compared(statement: ParseNode): unknown;
}

const wholeStatement = (statement: ParseNode): unknown => statement;

// Not `SELECT (expr)`: that SELECT's own column would have no name.
const EXPRESSION: TextForm = {
  prefix: 'ALTER TABLE t ADD CHECK (\n',
  suffix: '\n)',
  selects: 0,
  compared: wholeStatement,
};
/** pg_get_constraintdef of a check: `CHECK (...) NO INHERIT NOT VALID`. */
const CHECK_CONSTRAINT: TextForm = {
  prefix: 'ALTER TABLE t ADD ',
  suffix: '',
  selects: 0,
  compared: wholeStatement,
};
const QUERY: TextForm = { prefix: '', suffix: '', selects: 1, compared: wholeStatement };
/** Only the WHEN condition: the plain form also qualifies the table's name. */
const TRIGGER: TextForm = {
  prefix: '',
  suffix: '',
  selects: 0,
  compared: (statement) => (statement.CreateTrigStmt as ParseNode | undefined)?.whenClause,
};

interface PrintedText {
  /** Pretty-printed. */
  text: string;
  plain: string;
  form: TextForm;
  replace(exact: string): void;
}

/** Whether the catalog holds printed text; the SQL parser is then needed. */
export function catalogHasPrintedText(catalog: Catalog): boolean {
  return !printedTexts(catalog).next().done;
}

/** Replaces each printed text of the catalog by its exact form. Needs `loadSqlParser()`. */
export function makeCatalogTextExact(catalog: Catalog): void {
  // The same text recurs in many tables (now(), a status check): each is parsed once.
  const known = new Map<TextForm, Map<string, string>>();
  for (const printed of printedTexts(catalog)) {
    const ofForm = known.get(printed.form) ?? new Map<string, string>();
    known.set(printed.form, ofForm);
    const key = `${printed.text}\0${printed.plain}`;
    const exact = ofForm.get(key) ?? exactText(printed);
    ofForm.set(key, exact);
    if (exact !== printed.text) printed.replace(exact);
  }
}

function* printedTexts(catalog: Catalog): Generator<PrintedText> {
  yield* textsOf(catalog.types, 'default_expression', 'default_expression_plain', EXPRESSION);
  yield* textsOf(catalog.columns, 'default_expression', 'default_expression_plain', EXPRESSION);
  yield* textsOf(catalog.columns, 'generation_expression', 'generation_expression_plain', EXPRESSION);
  yield* textsOf(catalog.constraints, 'definition', 'definition_plain', CHECK_CONSTRAINT);
  yield* textsOf(catalog.indexes, 'predicate', 'predicate_plain', EXPRESSION);
  for (const index of catalog.indexes) {
    for (const [k, text] of index.key_definitions.entries()) {
      const plain = index.key_definitions_plain[k];
      if (text === null || plain === null || plain === undefined) continue;
      yield { text, plain, form: EXPRESSION, replace: (exact) => (index.key_definitions[k] = exact) };
    }
  }
  yield* textsOf(catalog.policies, 'using_expression', 'using_expression_plain', EXPRESSION);
  yield* textsOf(catalog.policies, 'with_check', 'with_check_plain', EXPRESSION);
  yield* textsOf(catalog.triggers, 'definition', 'definition_plain', TRIGGER);
  yield* textsOf(catalog.views, 'definition', 'definition_plain', QUERY);
}

type TextKey<Row> = { [K in keyof Row]: Row[K] extends string | null ? K : never }[keyof Row];

/** The text in one field of every row that has one, with its plain form from another field. */
function* textsOf<Row extends object>(
  rows: readonly Row[],
  key: TextKey<Row>,
  plainKey: TextKey<Row>,
  form: TextForm,
): Generator<PrintedText> {
  for (const row of rows) {
    const text = row[key] as string | null;
    const plain = row[plainKey] as string | null;
    if (text === null || plain === null) continue;
    yield { text, plain, form, replace: (exact) => (row[key] = exact as Row[TextKey<Row>]) };
  }
}

/** The text, or its plain form, rewritten so that it parses to the tree PostgreSQL printed it from. */
function exactText({ text, plain, form }: PrintedText): string {
  if (text === plain && !mayBeInexact(text, form)) return text;
  const pretty = parseText(text, form);
  if (text === plain || sameTree(form.compared(pretty.tree), form.compared(parseText(plain, form).tree))) {
    return rewrite(pretty);
  }
  return rewrite(parseText(plain, form));
}

/** A cheap test before parsing: an array cast, or a query in a query or a set operation with a cast. */
function mayBeInexact(text: string, form: TextForm): boolean {
  if (text.includes(']::')) return true;
  if (!text.includes('::')) return false;
  const selects = text.match(/\bSELECT\b/g)?.length ?? 0;
  return selects > form.selects || /\b(?:UNION|INTERSECT|EXCEPT)\b/.test(text);
}

/** Positions in the source, which the parse tree has and the tree of the same text differently spelled not. */
const POSITION_FIELD = /location|_start$|_end$|^stmt_len$/;

function sameTree(a: unknown, b: unknown): boolean {
  const withoutPositions = (key: string, value: unknown) => (POSITION_FIELD.test(key) ? undefined : value);
  return JSON.stringify(a, withoutPositions) === JSON.stringify(b, withoutPositions);
}

interface Insertion {
  offset: number;
  text: string;
}

interface Source {
  text: string;
  bytes: Buffer;
  /** Scanned when first needed: most texts need no insertion. */
  scanned?: { start: number; end: number; text: string; keywordName: string }[];
  insertions: Insertion[];
}

interface ParsedText {
  text: string;
  form: TextForm;
  tree: ParseNode;
}

function parseText(text: string, form: TextForm): ParsedText {
  const { stmts } = parseSync(`${form.prefix}${text}${form.suffix}`) as { stmts: { stmt: ParseNode }[] };
  const statement = stmts.length === 1 ? stmts[0]?.stmt : undefined;
  if (statement === undefined) throw new Error(`PostgreSQL printed more than one statement: ${text}`);
  return { text, form, tree: statement };
}

/** The parsed text with the array casts and column names it needs to parse to the same tree. */
function rewrite({ text, form, tree }: ParsedText): string {
  const statement = `${form.prefix}${text}${form.suffix}`;
  // The parser's positions count bytes.
  const source: Source = { text: statement, bytes: Buffer.from(statement), insertions: [] };
  visit(tree, source);
  if (source.insertions.length === 0) return text;
  let bytes = source.bytes;
  for (const { offset, text: inserted } of source.insertions.sort((a, b) => b.offset - a.offset)) {
    bytes = Buffer.concat([bytes.subarray(0, offset), Buffer.from(inserted), bytes.subarray(offset)]);
  }
  const prefix = Buffer.byteLength(form.prefix);
  return bytes.subarray(prefix, bytes.length - Buffer.byteLength(form.suffix)).toString();
}

interface TypeNameNode {
  location: number;
  typmods?: unknown[];
  arrayBounds?: unknown[];
}

interface TypeCastNode {
  arg?: { A_ArrayExpr?: { elements?: ParseNode[] } };
  typeName: TypeNameNode;
  location: number;
}

interface ResTargetNode {
  name?: string;
  val?: { TypeCast?: TypeCastNode };
}

/** Walks the parse tree, collecting the insertions. */
function visit(value: unknown, source: Source): void {
  if (Array.isArray(value)) {
    for (const item of value) visit(item, source);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as ParseNode)) {
    if (key === 'TypeCast') castArrayAsWhole(child as TypeCastNode, source);
    if (key === 'SelectStmt' || key === 'larg' || key === 'rarg') {
      for (const target of ((child as ParseNode).targetList ?? []) as { ResTarget?: ResTargetNode }[]) {
        nameUnnamedCast(target.ResTarget, source);
      }
    }
    visit(child, source);
  }
}

/**
 * PostgreSQL leaves out a column's name only when it is `?column?` (from 15 on, only where the name is
 * never shown); a cast, parsed again, would be named after its type instead.
 */
function nameUnnamedCast(target: ResTargetNode | undefined, source: Source): void {
  const cast = target?.val?.TypeCast;
  if (target?.name !== undefined || cast === undefined || !isCastOperator(cast, source)) return;
  source.insertions.push({
    offset: typeNameEnd(cast.typeName, source),
    text: ` AS ${quoteIdent('?column?')}`,
  });
}

/** `ARRAY[...]::type`: a cast to the array's own type first, so the parser does not cast each element. */
function castArrayAsWhole(cast: TypeCastNode, source: Source): void {
  const first = cast.arg?.A_ArrayExpr?.elements?.[0];
  if (first === undefined || !isCastOperator(cast, source)) return;
  const elementType = printedType(first, source);
  if (elementType !== undefined)
    source.insertions.push({ offset: cast.location, text: `::${elementType}[]` });
}

/** The type of an array element as PostgreSQL printed it: a cast, or a constant printed bare. */
function printedType(element: ParseNode, source: Source): string | undefined {
  const cast = element.TypeCast as TypeCastNode | undefined;
  if (cast !== undefined) {
    const { typeName } = cast;
    // A length would coerce elements of another length; an array element makes a multi-dimensional array.
    if (typeName.typmods || typeName.arrayBounds || !isCastOperator(cast, source)) return undefined;
    return source.bytes.subarray(typeName.location, typeNameEnd(typeName, source)).toString();
  }
  const constant = element.A_Const as ParseNode | undefined;
  if (constant?.ival !== undefined) return 'integer';
  if (constant?.fval !== undefined) return 'numeric';
  if (constant?.boolval !== undefined) return 'boolean';
  return undefined;
}

/** Whether the cast is written `value::type` (not `CAST(...)` or `type 'literal'`). */
function isCastOperator(cast: TypeCastNode, source: Source): boolean {
  return (
    cast.typeName.location > cast.location &&
    source.bytes.toString('latin1', cast.location, cast.location + 2) === '::'
  );
}

/** Type names hold these reserved words: `timestamp with time zone`, `interval year to month`. */
const TYPE_NAME_KEYWORDS = new Set(['with', 'to']);

/** Where a printed type name ends: before the comma, bracket or clause that follows it. */
function typeNameEnd(typeName: TypeNameNode, source: Source): number {
  let depth = 0;
  let end = typeName.location;
  source.scanned ??= scanSync(source.text).tokens;
  for (const token of source.scanned) {
    if (token.start < typeName.location) continue;
    const word = token.text.toLowerCase();
    const closes = token.text === ')' || token.text === ']';
    if (depth === 0 && (closes || token.text === ',' || token.text === ';')) break;
    if (depth === 0 && token.keywordName === 'RESERVED_KEYWORD' && !TYPE_NAME_KEYWORDS.has(word)) break;
    if (token.text === '(' || token.text === '[') depth += 1;
    else if (closes) depth -= 1;
    end = token.end;
  }
  return end;
}
