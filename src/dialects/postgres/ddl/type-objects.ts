// Composite types, range types, collations, extended statistics and text search dictionaries and
// configurations: their CREATE statements and comments.
import type {
  Collation,
  CompositeType,
  RangeType,
  Statistics,
  TextSearchConfiguration,
  TextSearchDictionary,
} from '../../../model/model-schema.ts';
import { quoteIdent, quoteLiteral, quoteQualified } from '../quote.ts';
import { renderComment } from './comments.ts';
import { sortedKeys } from './compare-text.ts';
import { renderCollation } from './index-elements.ts';
import { readType } from './read-type.ts';

/**
 * A name of a function, operator class, dictionary or parser as the model writes it (as regproc and
 * friends print it): already quoted where needed, `name` or `schema.name`. Unquoted parts are quoted
 * again only when they need it; a quoted part is kept as written.
 */
export function renderObjectName(text: string): string {
  return splitObjectName(text).map(quoteIdent).join('.');
}

/** The parts of `name` or `schema.name` as renderObjectName reads them, unquoted. */
export function splitObjectName(text: string): string[] {
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    let part = '';
    if (text[i] === '"') {
      for (i++; i < text.length; i++) {
        if (text[i] === '"' && text[i + 1] === '"') {
          part += '"';
          i++;
        } else if (text[i] === '"') break;
        else part += text[i];
      }
      if (text[i] !== '"') throw new Error(`"${text}" has an unterminated quoted name`);
      i++;
    } else {
      while (i < text.length && text[i] !== '.' && text[i] !== '"') part += text[i++];
    }
    if (part === '') throw new Error(`"${text}" is not a name or schema.name`);
    parts.push(part);
    if (i === text.length) break;
    if (text[i] !== '.') throw new Error(`"${text}" is not a name or schema.name`);
    i++;
  }
  if (parts.length > 2) throw new Error(`"${text}" is not a name or schema.name`);
  return parts;
}

export function renderCreateCollation(schema: string, name: string, collation: Collation): string {
  const options: string[] = [];
  if (collation.provider !== undefined) options.push(`provider = ${collation.provider}`);
  if (collation.deterministic === false) options.push('deterministic = false');
  if (collation.locale !== undefined) options.push(`locale = ${quoteLiteral(collation.locale)}`);
  if (collation.lcCollate !== undefined) options.push(`lc_collate = ${quoteLiteral(collation.lcCollate)}`);
  if (collation.lcCtype !== undefined) options.push(`lc_ctype = ${quoteLiteral(collation.lcCtype)}`);
  if (collation.rules !== undefined) options.push(`rules = ${quoteLiteral(collation.rules)}`);
  return `CREATE COLLATION ${quoteQualified(schema, name)} (${options.join(', ')});`;
}

export function renderCreateCompositeType(schema: string, name: string, type: CompositeType): string {
  const attributes = type.attributes.map((attribute) => {
    let text = `${quoteIdent(attribute.name)} ${readType(attribute.type, () => `type ${schema}.${name}`).canonical}`;
    if (attribute.collation !== undefined) text += ` COLLATE ${renderCollation(attribute.collation)}`;
    return text;
  });
  const head = `CREATE TYPE ${quoteQualified(schema, name)} AS`;
  return attributes.length === 0 ? `${head} ();` : `${head} (\n  ${attributes.join(',\n  ')}\n);`;
}

export function renderCreateRangeType(schema: string, name: string, range: RangeType): string {
  const options = [`subtype = ${readType(range.subtype, () => `range type ${schema}.${name}`).canonical}`];
  if (range.multirangeTypeName !== undefined) {
    options.push(`multirange_type_name = ${renderObjectName(range.multirangeTypeName)}`);
  }
  if (range.subtypeOpclass !== undefined)
    options.push(`subtype_opclass = ${renderObjectName(range.subtypeOpclass)}`);
  if (range.collation !== undefined) options.push(`collation = ${renderCollation(range.collation)}`);
  if (range.canonical !== undefined) options.push(`canonical = ${renderObjectName(range.canonical)}`);
  if (range.subtypeDiff !== undefined) options.push(`subtype_diff = ${renderObjectName(range.subtypeDiff)}`);
  return `CREATE TYPE ${quoteQualified(schema, name)} AS RANGE (\n  ${options.join(',\n  ')}\n);`;
}

/** CREATE STATISTICS, then SET STATISTICS when a target is given. */
export function renderCreateStatistics(schema: string, name: string, statistics: Statistics): string[] {
  const qualified = quoteQualified(schema, name);
  const kinds = statistics.kinds === undefined ? '' : ` (${statistics.kinds.join(', ')})`;
  const targets = [
    ...(statistics.columns ?? []).map(quoteIdent),
    ...(statistics.expressions ?? []).map((expression) => `(${expression})`),
  ];
  const table = quoteQualified(statistics.tableSchema ?? schema, statistics.table);
  const statements = [`CREATE STATISTICS ${qualified}${kinds} ON ${targets.join(', ')} FROM ${table};`];
  if (statistics.statisticsTarget !== undefined) {
    statements.push(`ALTER STATISTICS ${qualified} SET STATISTICS ${statistics.statisticsTarget};`);
  }
  return statements;
}

export function renderCreateTextSearchDictionary(
  schema: string,
  name: string,
  dictionary: TextSearchDictionary,
): string {
  const options = [`TEMPLATE = ${renderObjectName(dictionary.template)}`];
  // In the order written: PostgreSQL keeps the options in order, and pg_dump prints them so.
  for (const option of Object.keys(dictionary.options ?? {})) {
    options.push(`${quoteIdent(option)} = ${quoteLiteral(dictionary.options?.[option] as string)}`);
  }
  return `CREATE TEXT SEARCH DICTIONARY ${quoteQualified(schema, name)} (\n  ${options.join(',\n  ')}\n);`;
}

/** CREATE TEXT SEARCH CONFIGURATION with its parser, then one ADD MAPPING per token type. */
export function renderCreateTextSearchConfiguration(
  schema: string,
  name: string,
  configuration: TextSearchConfiguration,
): string[] {
  const qualified = quoteQualified(schema, name);
  return [
    `CREATE TEXT SEARCH CONFIGURATION ${qualified} (PARSER = ${renderObjectName(configuration.parser)});`,
    ...sortedKeys(configuration.mappings).map((token) => {
      const dictionaries = (configuration.mappings?.[token] ?? []).map(renderObjectName).join(', ');
      return `ALTER TEXT SEARCH CONFIGURATION ${qualified}\n  ADD MAPPING FOR ${quoteIdent(token)} WITH ${dictionaries};`;
    }),
  ];
}

/** The composite type's comment, then its attributes'. */
export function renderCompositeTypeComments(schema: string, name: string, type: CompositeType): string[] {
  const qualified = quoteQualified(schema, name);
  return [
    ...renderComment(`TYPE ${qualified}`, type.description),
    ...type.attributes.flatMap((attribute) =>
      renderComment(`COLUMN ${qualified}.${quoteIdent(attribute.name)}`, attribute.description),
    ),
  ];
}
