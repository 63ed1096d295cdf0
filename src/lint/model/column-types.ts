// What a column's type is, for the rules: the parser's name of the type (int4, varchar, timestamptz),
// its modifiers, whether it is an array, a serial, an enum or a domain, and the type under domains.
import { SERIAL_TYPES } from '../../dialects/postgres/builtin-types.ts';
import { parseTypeName } from '../../dialects/postgres/types.ts';

export interface TypeInfo {
  /** As written in the model. */
  text: string;
  /** The type's own name: int4, varchar, bpchar, timestamptz, or a user type's name. */
  name: string;
  /** A user-defined type's schema (public when left out); undefined for built-in types. */
  schema: string | undefined;
  builtin: boolean;
  /** Type modifiers as written, e.g. "10,2"; empty when none. */
  modifiers: string;
  array: boolean;
  /** serial, bigserial, smallserial (and their serialN spellings). */
  serial: boolean;
  /** The canonical spelling (format_type's), for comparing types. */
  canonical: string;
}

const cache = new Map<string, TypeInfo>();

export function typeInfo(text: string): TypeInfo {
  let info = cache.get(text);
  if (info === undefined) {
    info = readType(text);
    cache.set(text, info);
  }
  return info;
}

function readType(text: string): TypeInfo {
  try {
    const parsed = parseTypeName(text);
    const serial = parsed.builtin && parsed.name in SERIAL_TYPES;
    return {
      text,
      name: parsed.name,
      schema: parsed.builtin ? undefined : (parsed.schema ?? 'public'),
      builtin: parsed.builtin,
      modifiers: parsed.modifiers,
      array: parsed.arrayDimensions > 0,
      serial,
      canonical: serial ? (SERIAL_TYPES[parsed.name] ?? parsed.canonical) : parsed.canonical,
    };
  } catch {
    const lower = text.trim().toLowerCase();
    return {
      text,
      name: lower,
      schema: undefined,
      builtin: false,
      modifiers: '',
      array: lower.endsWith('[]'),
      serial: false,
      canonical: lower,
    };
  }
}

/** The integer width of a type (serials by the integer they stand for), or undefined. */
export function integerBytes(type: TypeInfo): 2 | 4 | 8 | undefined {
  if (type.array || !type.builtin) return undefined;
  switch (type.name) {
    case 'int2':
    case 'smallserial':
    case 'serial2':
      return 2;
    case 'int4':
    case 'serial':
    case 'serial4':
      return 4;
    case 'int8':
    case 'bigserial':
    case 'serial8':
      return 8;
    default:
      return undefined;
  }
}

const TEXT_TYPES = new Set(['text', 'varchar', 'bpchar', 'citext', 'name']);

/** text, varchar, char and citext (not arrays). */
export function isTextLike(type: TypeInfo): boolean {
  return !type.array && TEXT_TYPES.has(type.name) && (type.builtin || type.name === 'citext');
}

export function isBuiltin(type: TypeInfo, ...names: string[]): boolean {
  return type.builtin && !type.array && names.includes(type.name);
}

/** A readable name of the type, as format_type prints it. */
export function typeLabel(type: TypeInfo): string {
  return type.serial ? type.name : type.canonical;
}
