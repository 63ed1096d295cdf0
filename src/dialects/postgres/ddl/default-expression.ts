// DEFAULT takes a restricted expression (b_expr in PostgreSQL's grammar): `DEFAULT 1 > 0 AND true` is
// a syntax error and `DEFAULT 'a' COLLATE "C"` would collate the column instead. PostgreSQL prints
// defaults without their outer parentheses, so they are added back unless the expression is plainly
// one term: a number, a word, a string literal or a simple function call, each optionally cast.

const NUMBER = String.raw`-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?`;
const WORD = String.raw`[A-Za-z_][A-Za-z0-9_]*`;
const STRING = String.raw`'(?:[^']|'')*'`;
// No parentheses or double quotes outside string literals, so the call's parenthesis is the last one.
const CALL = String.raw`(?:${WORD}\.)?${WORD}\((?:[^()'"]|${STRING})*\)`;
const TYPE = String.raw`(?:${WORD}\.)?${WORD}(?: varying| precision)?(?:\([0-9]+(?:, ?[0-9]+)?\))?(?: with(?:out)? time zone)?(?:\[\])?`;
const SINGLE_TERM = new RegExp(`^(?:${NUMBER}|${WORD}|${STRING}|${CALL})(?:::${TYPE})*$`);
// Characters that could make quoting or comments mean something other than the pattern assumes.
const UNUSUAL_LEXING = /[$\\]|--|\/\*/;

/** The expression as it may follow DEFAULT. */
export function renderDefaultExpression(expression: string): string {
  if (SINGLE_TERM.test(expression) && !UNUSUAL_LEXING.test(expression)) return expression;
  return `(${expression})`;
}
