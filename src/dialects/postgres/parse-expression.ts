// Checks that model text is one SQL expression, with the real PostgreSQL parser. The text is parsed as
// `SELECT (<text>)`; anything that is not exactly one expression (a second statement, a FROM clause, an
// unbalanced parenthesis) is rejected, so expression text can be placed into DDL as it is.
import { parseSync } from './sql-parser.ts';

export type ExpressionParse =
  | {
      ok: true;
      /** The string when the expression is a string literal, possibly cast: `'todo'` or `'todo'::status`. */
      stringLiteral: string | undefined;
    }
  | { ok: false; message: string };

interface ExpressionNode {
  A_Const?: { sval?: { sval: string } };
  TypeCast?: { arg: ExpressionNode };
}

interface SelectNode {
  targetList?: { ResTarget: { val: ExpressionNode } }[];
  [clause: string]: unknown;
}

/** Fields every parsed `SELECT (x)` has; any other field means the text reached past the expression. */
const PLAIN_SELECT_FIELDS = new Set(['targetList', 'limitOption', 'op']);

/** Expressions that parsed; a model repeats defaults and checks (`now()`, `0`) many times. */
const parsed = new Map<string, ExpressionParse>();

/** Needs the parser loaded (`loadSqlParser()` in types.ts). */
export function parseExpression(text: string): ExpressionParse {
  let result = parsed.get(text);
  if (result === undefined) {
    result = parseUncached(text);
    // Failures are not kept: one may only say that the parser was not loaded yet.
    if (result.ok) parsed.set(text, result);
  }
  return result;
}

function parseUncached(text: string): ExpressionParse {
  let tree: { stmts: { stmt: { SelectStmt?: SelectNode } }[] };
  try {
    // Newlines end a trailing `--` comment before the closing parenthesis.
    tree = parseSync(`SELECT (\n${text}\n)`) as typeof tree;
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const select = tree.stmts.length === 1 ? tree.stmts[0]?.stmt.SelectStmt : undefined;
  const target = select?.targetList?.length === 1 ? select.targetList[0]?.ResTarget.val : undefined;
  const plain =
    select !== undefined &&
    select.op === 'SETOP_NONE' &&
    Object.keys(select).every((field) => PLAIN_SELECT_FIELDS.has(field));
  if (!target || !plain) return { ok: false, message: 'the text is more than one expression' };
  const literal = target.TypeCast ? target.TypeCast.arg : target;
  return { ok: true, stringLiteral: literal.A_Const?.sval?.sval };
}

/** Throws when `loadSqlParser()` has not completed: every type and expression would look invalid. */
export function assertSqlParserLoaded(): void {
  try {
    parseSync('SELECT 1');
  } catch (error) {
    throw new Error(
      `the SQL parser is not loaded; await loadSqlParser() first (${(error as Error).message})`,
    );
  }
}
