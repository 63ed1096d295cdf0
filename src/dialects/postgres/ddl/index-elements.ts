// The elements of an index or exclusion constraint: a column or an expression, with collation,
// operator class, order and null placement.
import type { Exclusion, IndexKey } from '../../../model/model-schema.ts';
import { quoteIdent } from '../quote.ts';

type ExclusionElement = Exclusion['elements'][number];
type ElementParts = Pick<
  Exclude<IndexKey, string>,
  'column' | 'expression' | 'collation' | 'opclass' | 'order' | 'nulls'
>;

/** `lower(email) COLLATE "C" text_pattern_ops DESC NULLS LAST`, or just the quoted column. */
export function renderIndexKey(key: IndexKey): string {
  return typeof key === 'string' ? quoteIdent(key) : renderElement(key);
}

/** `during WITH &&`. */
export function renderExclusionElement(element: ExclusionElement): string {
  return `${renderElement(element)} WITH ${renderOperator(element.operator)}`;
}

function renderElement(element: ElementParts): string {
  let text: string;
  // Any expression is valid in parentheses; PostgreSQL drops them when it prints the index.
  if (element.expression !== undefined) text = `(${element.expression})`;
  else if (element.column !== undefined) text = quoteIdent(element.column);
  else throw new Error('an index element needs a column or an expression');
  if (element.collation !== undefined) text += ` COLLATE ${renderCollation(element.collation)}`;
  if (element.opclass !== undefined) text += ` ${renderQualifiedName(element.opclass)}`;
  if (element.order === 'desc') text += ' DESC';
  if (element.nulls !== undefined) text += element.nulls === 'first' ? ' NULLS FIRST' : ' NULLS LAST';
  return text;
}

/**
 * A collation name as written in the model (as inspect writes it): a collation of pg_catalog or public
 * by its bare name, which may itself contain dots (`en_US.utf8`) and is quoted as a whole; one of
 * another schema as `schema.name` with quote_ident's quoting (`"My Schema".c`, `app.c`).
 */
export function renderCollation(collation: string): string {
  const qualified = QUALIFIED_COLLATION.exec(collation);
  if (qualified === null) return quoteIdent(collation);
  const part = (text: string) => (text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text);
  return `${quoteIdent(part(qualified[1] as string))}.${quoteIdent(part(qualified[2] as string))}`;
}

/** `schema.name` as quote_ident spells each part. */
const QUALIFIED_COLLATION = /^("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)\.("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)$/;

/** `name` or `schema.name`, each part quoted as needed. */
function renderQualifiedName(name: string): string {
  const parts = name.split('.');
  if (parts.length > 2 || parts.some((part) => part === '')) {
    throw new Error(`"${name}" is not an operator class name`);
  }
  return parts.map(quoteIdent).join('.');
}

const OPERATOR = /^[-+*/<>=~!@#%^&|`?]+$/;

/** An operator such as `&&`, or `OPERATOR(schema.&&)` when it is qualified; operators cannot be quoted. */
function renderOperator(operator: string): string {
  const inner = /^OPERATOR\((.*)\)$/i.exec(operator)?.[1] ?? operator;
  const dot = inner.lastIndexOf('.');
  const symbol = dot === -1 ? inner : inner.slice(dot + 1);
  if (!OPERATOR.test(symbol)) throw new Error(`"${operator}" is not an operator`);
  if (dot === -1) return symbol;
  return `OPERATOR(${quoteIdent(inner.slice(0, dot))}.${symbol})`;
}
