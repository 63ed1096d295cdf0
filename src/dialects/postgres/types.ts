// Canonical spelling of type names: the spelling format_type() gives with search_path = public, so a
// type written in a model file compares equal to the same type read from a database. The real
// PostgreSQL parser (libpg-query) reads the type; nothing here parses SQL by hand.
import { loadModule, parseSync } from './sql-parser.ts';
import { BUILTIN_DISPLAY_NAMES, BUILTIN_TYPE_NAMES, SERIAL_TYPES } from './builtin-types.ts';
import { quoteIdent } from './quote.ts';

export interface TypeReference {
  /** Schema of a user-defined type; undefined for built-in types and types in public. */
  schema: string | undefined;
  name: string;
  builtin: boolean;
  /** Type modifiers as written between the parentheses, e.g. "10,2". */
  modifiers: string;
  arrayDimensions: number;
  /** The canonical spelling. */
  canonical: string;
}

export class TypeSyntaxError extends Error {}

let parserReady: Promise<void> | undefined;

/** The SQL parser is WebAssembly and loads asynchronously, once. */
export function loadSqlParser(): Promise<void> {
  parserReady ??= loadModule();
  return parserReady;
}

interface TypeNameNode {
  names: { String: { sval: string } }[];
  typmods?: { A_Const?: { ival?: { ival?: number }; sval?: { sval: string } }; ColumnRef?: unknown }[];
  arrayBounds?: unknown[];
  setof?: boolean;
  pct_type?: boolean;
}

const INTERVAL_FIELDS: Readonly<Record<number, string>> = {
  4: 'year',
  2: 'month',
  8: 'day',
  1024: 'hour',
  2048: 'minute',
  4096: 'second',
  6: 'year to month',
  1032: 'day to hour',
  3080: 'day to minute',
  7176: 'day to second',
  3072: 'hour to minute',
  7168: 'hour to second',
  6144: 'minute to second',
};
const INTERVAL_FULL_RANGE = 0x7fff;

const cache = new Map<string, TypeReference>();

/** Parses and canonicalises a type name. Throws TypeSyntaxError when it is not a type name. */
export function parseTypeName(text: string): TypeReference {
  const cached = cache.get(text);
  if (cached) return cached;
  const result = parseUncached(text);
  cache.set(text, result);
  return result;
}

function parseUncached(text: string): TypeReference {
  let node: TypeNameNode;
  try {
    const tree = parseSync(`SELECT NULL::${text}`) as {
      stmts: {
        stmt: {
          SelectStmt?: {
            targetList?: { ResTarget: { name?: string; val: { TypeCast?: { typeName: TypeNameNode } } } }[];
          };
        };
      }[];
    };
    const select = tree.stmts.length === 1 ? tree.stmts[0]?.stmt.SelectStmt : undefined;
    const only = select?.targetList?.length === 1 ? select.targetList[0]?.ResTarget : undefined;
    // "int int" parses as a cast followed by a column alias: not a type name.
    const target = only && only.name === undefined ? only.val.TypeCast : undefined;
    if (!target || Object.keys(select ?? {}).some((k) => !['targetList', 'limitOption', 'op'].includes(k)))
      throw new TypeSyntaxError(`"${text}" is not a single type name`);
    node = target.typeName;
  } catch (error) {
    if (error instanceof TypeSyntaxError) throw error;
    throw new TypeSyntaxError(`"${text}" is not a valid type name: ${(error as Error).message}`);
  }
  if (node.setof || node.pct_type) throw new TypeSyntaxError(`"${text}" is not a column type`);
  const names = node.names.map((n) => n.String.sval);
  const last = names[names.length - 1] ?? '';
  let schema: string | undefined = names.length > 1 ? names[names.length - 2] : undefined;
  if (names.length > 2) throw new TypeSyntaxError(`"${text}" has too many dotted parts for a type name`);
  const builtin =
    (schema === 'pg_catalog' || schema === undefined) &&
    (BUILTIN_TYPE_NAMES.has(last) || last in SERIAL_TYPES);
  if (builtin || schema === 'public') schema = undefined;
  const modifierValues = (node.typmods ?? []).map((m) => {
    const value = m.A_Const?.ival?.ival ?? m.A_Const?.sval?.sval;
    if (value === undefined) {
      if (m.A_Const) return 0;
      throw new TypeSyntaxError(`"${text}" has a type modifier that is not a constant`);
    }
    return value;
  });
  const arrayDimensions = node.arrayBounds?.length ?? 0;
  const canonical = renderCanonical(schema, last, builtin, modifierValues, arrayDimensions);
  return { schema, name: last, builtin, modifiers: modifierValues.join(','), arrayDimensions, canonical };
}

function renderCanonical(
  schema: string | undefined,
  name: string,
  builtin: boolean,
  modifiers: (number | string)[],
  arrayDimensions: number,
): string {
  // format_type prints every array type with one pair of brackets, whatever was declared.
  const brackets = arrayDimensions > 0 ? '[]' : '';
  if (!builtin) {
    const base = schema === undefined ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`;
    const mods = modifiers.length > 0 ? `(${modifiers.join(',')})` : '';
    return base + mods + brackets;
  }
  if (name === 'interval') {
    const [range, precision] = modifiers as number[];
    let text = 'interval';
    if (range !== undefined && range !== INTERVAL_FULL_RANGE) {
      const fields = INTERVAL_FIELDS[range];
      if (!fields) throw new TypeSyntaxError(`unsupported interval field combination ${range}`);
      text += ` ${fields}`;
    }
    if (precision !== undefined) text += `(${precision})`;
    return text + brackets;
  }
  const mods = modifiers.length > 0 ? `(${modifiers.join(',')})` : '';
  if (name === 'timestamp' || name === 'timestamptz' || name === 'time' || name === 'timetz') {
    const zone = name.endsWith('tz') ? 'with time zone' : 'without time zone';
    const base = name.startsWith('timestamp') ? 'timestamp' : 'time';
    return `${base}${mods} ${zone}${brackets}`;
  }
  const display = BUILTIN_DISPLAY_NAMES[name] ?? (name === 'char' ? '"char"' : name);
  return display + mods + brackets;
}

/** The canonical spelling of a type name, or the text itself when it does not parse. */
export function canonicalType(text: string): string {
  try {
    return parseTypeName(text).canonical;
  } catch (error) {
    if (error instanceof TypeSyntaxError) return text;
    throw error;
  }
}
