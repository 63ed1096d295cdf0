// What values a column takes, from its type as PostgreSQL spells it: the kind of value to make, its
// bounds (integer widths, numeric precision, varchar lengths), and for user types their definition in
// the model (enum labels, a domain's base type and checks, a composite's attributes, a range's subtype).
import type { Model } from '../../model/model-schema.ts';
import { ownEntry } from '../../model/model-path.ts';
import { parseTypeName, type TypeReference } from '../../dialects/postgres/types.ts';

export type ValueType =
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'decimal'; precision?: number; scale?: number }
  | { kind: 'float' }
  | { kind: 'money' }
  | { kind: 'text'; maxLength?: number; fixed?: boolean; caseInsensitive?: boolean }
  | { kind: 'char1' }
  | { kind: 'boolean' }
  | { kind: 'date' }
  | { kind: 'timestamp'; tz: boolean }
  | { kind: 'time'; tz: boolean }
  | { kind: 'interval' }
  | { kind: 'uuid' }
  | { kind: 'json' }
  | { kind: 'bytea' }
  | { kind: 'inet' }
  | { kind: 'cidr' }
  | { kind: 'macaddr'; bytes: 6 | 8 }
  | { kind: 'bit'; length: number; varying: boolean }
  | { kind: 'tsvector' }
  | { kind: 'tsquery' }
  | { kind: 'xml' }
  | { kind: 'geometry'; shape: 'point' | 'line' | 'lseg' | 'box' | 'path' | 'polygon' | 'circle' }
  | { kind: 'ltree' }
  | { kind: 'hstore' }
  | { kind: 'enum'; labels: string[] }
  | { kind: 'range'; element: ValueType; multi: boolean }
  | { kind: 'array'; element: ValueType; dimensions: number }
  | { kind: 'domain'; schema: string; name: string; base: ValueType; notNull: boolean; checks: DomainCheck[] }
  | { kind: 'composite'; attributes: { name: string; type: ValueType }[] }
  | { kind: 'unknown'; type: string };

export interface DomainCheck {
  name: string | undefined;
  expression: string;
  businessRule?: string | undefined;
}

const INTEGER_BOUNDS: Record<string, [number, number]> = {
  int2: [-32768, 32767],
  int4: [-2147483648, 2147483647],
  // Values beyond 2^53 cannot be made exactly as numbers; sample data never needs them.
  int8: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  oid: [0, 4294967295],
};
INTEGER_BOUNDS.smallserial = INTEGER_BOUNDS.serial2 = [1, 32767];
INTEGER_BOUNDS.serial = INTEGER_BOUNDS.serial4 = [1, 2147483647];
INTEGER_BOUNDS.bigserial = INTEGER_BOUNDS.serial8 = [1, Number.MAX_SAFE_INTEGER];

const BUILTIN_RANGES: Record<string, string> = {
  int4range: 'integer',
  int8range: 'bigint',
  numrange: 'numeric',
  tsrange: 'timestamp without time zone',
  tstzrange: 'timestamp with time zone',
  daterange: 'date',
};

const SIMPLE: Record<string, ValueType> = {
  float4: { kind: 'float' },
  float8: { kind: 'float' },
  money: { kind: 'money' },
  text: { kind: 'text' },
  name: { kind: 'text', maxLength: 63 },
  citext: { kind: 'text', caseInsensitive: true },
  char: { kind: 'char1' },
  bool: { kind: 'boolean' },
  date: { kind: 'date' },
  interval: { kind: 'interval' },
  uuid: { kind: 'uuid' },
  json: { kind: 'json' },
  jsonb: { kind: 'json' },
  bytea: { kind: 'bytea' },
  inet: { kind: 'inet' },
  cidr: { kind: 'cidr' },
  macaddr: { kind: 'macaddr', bytes: 6 },
  macaddr8: { kind: 'macaddr', bytes: 8 },
  tsvector: { kind: 'tsvector' },
  tsquery: { kind: 'tsquery' },
  xml: { kind: 'xml' },
  ltree: { kind: 'ltree' },
  hstore: { kind: 'hstore' },
};

const SHAPES = new Set(['point', 'line', 'lseg', 'box', 'path', 'polygon', 'circle']);

/** Resolves type names against one model; user types are looked up once each. */
export class TypeResolver {
  private readonly cache = new Map<string, ValueType>();

  constructor(private readonly model: Model) {}

  resolve(text: string, schema = 'public'): ValueType {
    const key = `${schema}\0${text}`;
    let type = this.cache.get(key);
    if (type === undefined) {
      type = this.resolveUncached(text, schema, 0);
      this.cache.set(key, type);
    }
    return type;
  }

  private resolveUncached(text: string, schema: string, depth: number): ValueType {
    let ref: TypeReference;
    try {
      ref = parseTypeName(text);
    } catch {
      return { kind: 'unknown', type: text };
    }
    const element = this.element(ref, text, schema, depth);
    return ref.arrayDimensions > 0 ? { kind: 'array', element, dimensions: ref.arrayDimensions } : element;
  }

  private element(ref: TypeReference, text: string, schema: string, depth: number): ValueType {
    const mods = ref.modifiers.split(',').map((m) => Number(m.trim()));
    const name = ref.name;
    if (ref.builtin || ref.schema === undefined || ref.schema === 'pg_catalog') {
      const bounds = INTEGER_BOUNDS[name];
      if (bounds) return { kind: 'integer', min: bounds[0], max: bounds[1] };
      if (name === 'numeric')
        return ref.modifiers === ''
          ? { kind: 'decimal' }
          : { kind: 'decimal', precision: mods[0] as number, scale: mods[1] ?? 0 };
      if (name === 'varchar' || name === 'bpchar')
        return {
          kind: 'text',
          ...(ref.modifiers !== '' && { maxLength: mods[0] as number }),
          ...(name === 'bpchar' && {
            fixed: true,
            maxLength: ref.modifiers === '' ? 1 : (mods[0] as number),
          }),
        };
      if (name === 'bit' || name === 'varbit')
        return {
          kind: 'bit',
          length: ref.modifiers === '' ? (name === 'bit' ? 1 : 16) : (mods[0] as number),
          varying: name === 'varbit',
        };
      if (name === 'timestamp' || name === 'timestamptz')
        return { kind: 'timestamp', tz: name === 'timestamptz' };
      if (name === 'time' || name === 'timetz') return { kind: 'time', tz: name === 'timetz' };
      if (SHAPES.has(name)) return { kind: 'geometry', shape: name as 'point' };
      const range = BUILTIN_RANGES[name] ?? BUILTIN_RANGES[name.replace('multirange', 'range')];
      if (range !== undefined && depth < 4)
        return {
          kind: 'range',
          element: this.resolveUncached(range, schema, depth + 1),
          multi: name.includes('multirange'),
        };
      const simple = SIMPLE[name];
      if (simple) return simple;
      if (ref.builtin) return { kind: 'unknown', type: text };
    }
    return this.userType(ref.schema ?? schema, ref.name, text, depth);
  }

  private userType(schema: string, name: string, text: string, depth: number): ValueType {
    // An unqualified name may live in public while the column's table is elsewhere (search_path).
    for (const where of schema === 'public' ? ['public'] : [schema, 'public']) {
      const found = this.userTypeIn(where, name, depth);
      if (found) return found;
    }
    const simple = SIMPLE[name];
    return simple ?? { kind: 'unknown', type: text };
  }

  private userTypeIn(schemaName: string, name: string, depth: number): ValueType | undefined {
    const schema = ownEntry(this.model.schemas, schemaName);
    if (schema === undefined || depth > 8) return undefined;
    const enumDef = ownEntry(schema.enums, name);
    if (enumDef) return { kind: 'enum', labels: enumDef.values };
    const domain = ownEntry(schema.domains, name);
    if (domain)
      return {
        kind: 'domain',
        schema: schemaName,
        name,
        base: this.resolveUncached(domain.type, schemaName, depth + 1),
        notNull: domain.notNull === true,
        checks: (domain.checks ?? []).map((check) => ({
          name: check.name,
          expression: check.expression,
          businessRule: check.businessRule ?? check.rationale,
        })),
      };
    const composite = ownEntry(schema.compositeTypes, name);
    if (composite)
      return {
        kind: 'composite',
        attributes: composite.attributes.map((a) => ({
          name: a.name,
          type: this.resolveUncached(a.type, schemaName, depth + 1),
        })),
      };
    const range = ownEntry(schema.rangeTypes, name);
    if (range)
      return {
        kind: 'range',
        element: this.resolveUncached(range.subtype, schemaName, depth + 1),
        multi: false,
      };
    return undefined;
  }
}

/** The type under any domains. */
export function baseType(type: ValueType): ValueType {
  return type.kind === 'domain' ? baseType(type.base) : type;
}

/** Kinds whose values are ordered on a number line (for bounds and comparisons between columns). */
export function isNumeric(type: ValueType): boolean {
  const kind = baseType(type).kind;
  return kind === 'integer' || kind === 'decimal' || kind === 'float' || kind === 'money';
}

export function isTemporal(type: ValueType): boolean {
  const kind = baseType(type).kind;
  return kind === 'date' || kind === 'timestamp';
}
