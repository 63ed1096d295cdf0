// A yes/no check of a value against a zod schema, built once from the schema's own definition. A model
// file without problems is checked with it instead of zod's parse, which builds issue lists, copies
// every object and costs several times as long on a model of thousands of tables. It may say no where
// zod would say yes (then zod decides and reports), never the other way: every construct it does not
// know, and a few cases zod lets through (the value of a record key `__proto__`, which zod does not
// look at; a record with another prototype), are answered no.
import type * as z from 'zod';

export type ShapeCheck = (value: unknown) => boolean;

/** The parts of zod's definition of a schema node that the check reads. */
interface Definition {
  type: string;
  checks?: readonly { _zod: { def: CheckDefinition } }[];
  shape?: Readonly<Record<string, SchemaNode>>;
  catchall?: SchemaNode;
  innerType?: SchemaNode;
  element?: SchemaNode;
  keyType?: SchemaNode;
  valueType?: SchemaNode;
  options?: readonly SchemaNode[];
  entries?: Readonly<Record<string, unknown>>;
  values?: readonly unknown[];
}

interface CheckDefinition {
  check: string;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
}

interface SchemaNode {
  _zod: { def: Definition; values?: ReadonlySet<unknown> };
}

export interface CompiledShapeCheck {
  check: ShapeCheck;
  /** What the schema uses that the check does not know (answered no); empty for the model format. */
  unsupported: string[];
}

const never: ShapeCheck = () => false;

/** Builds the check of a schema. */
export function compileShapeCheck(schema: z.ZodType): CompiledShapeCheck {
  const unsupported: string[] = [];
  const compiled = new Map<SchemaNode, ShapeCheck>();
  const compile = (node: SchemaNode, path: string): ShapeCheck => {
    const known = compiled.get(node);
    if (known !== undefined) return known;
    // A schema that contains itself is read as unknown rather than followed forever.
    compiled.set(node, never);
    const check = compileNode(node._zod.def, path, compile, (what) => {
      unsupported.push(`${path || '(root)'}: ${what}`);
      return never;
    });
    compiled.set(node, check);
    return check;
  };
  return { check: compile(schema as unknown as SchemaNode, ''), unsupported };
}

type Compile = (node: SchemaNode, path: string) => ShapeCheck;

function compileNode(
  def: Definition,
  path: string,
  compile: Compile,
  unknown: (what: string) => ShapeCheck,
): ShapeCheck {
  switch (def.type) {
    case 'string':
      return withChecks(def, path, unknown, (value) => typeof value === 'string');
    case 'number':
      return withChecks(def, path, unknown, (value) => typeof value === 'number' && Number.isFinite(value));
    case 'boolean':
      return (value) => typeof value === 'boolean';
    case 'enum': {
      const values = new Set(Object.values(def.entries ?? {}));
      return (value) => values.has(value);
    }
    case 'literal': {
      const values = def.values ?? [];
      return (value) => values.includes(value);
    }
    case 'never':
      return never;
    case 'optional': {
      if (def.innerType === undefined) return unknown('optional without a type');
      const inner = compile(def.innerType, path);
      return (value) => value === undefined || inner(value);
    }
    case 'array': {
      if (def.element === undefined) return unknown('array without an element type');
      const element = compile(def.element, `${path}[]`);
      return withChecks(def, path, unknown, (value) => {
        if (!Array.isArray(value)) return false;
        for (let i = 0; i < value.length; i++) if (!element(value[i])) return false;
        return true;
      });
    }
    case 'object':
      return compileObject(def, path, compile, unknown);
    case 'record':
      return compileRecord(def, path, compile, unknown);
    case 'union': {
      const options = (def.options ?? []).map((option, i) => compile(option, `${path}|${i}`));
      return (value) => options.some((option) => option(value));
    }
    default:
      return unknown(`type ${def.type}`);
  }
}

function compileObject(
  def: Definition,
  path: string,
  compile: Compile,
  unknown: (what: string) => ShapeCheck,
): ShapeCheck {
  if (def.checks !== undefined && def.checks.length > 0) return unknown('object checks');
  const shape = def.shape ?? {};
  const fields = new Map<string, ShapeCheck>();
  for (const key of Object.keys(shape)) fields.set(key, compile(shape[key] as SchemaNode, `${path}.${key}`));
  // Only the keys an object has are looked at, and then the fields that must be there: a field that
  // takes undefined needs no look when its key is absent (a column has twenty optional fields and uses
  // a few). zod reads an absent key from the prototype, so one every object inherits is always read.
  const alwaysRead = [...fields].filter(([key, field]) => key in Object.prototype || !field(undefined));
  // No catchall: other keys are let through (and left out of zod's copy); never: they are errors.
  const catchall = def.catchall;
  const others: ShapeCheck | undefined = catchall === undefined ? undefined : compile(catchall, `${path}.*`);
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const object = value as Record<string, unknown>;
    for (const key in object) {
      const field = fields.get(key);
      if (field !== undefined) {
        if (!field(object[key])) return false;
      } else if (others !== undefined && (key === '__proto__' || !others(object[key]))) return false;
    }
    for (let i = 0; i < alwaysRead.length; i++) {
      const entry = alwaysRead[i] as [string, ShapeCheck];
      if (!entry[1](object[entry[0]])) return false;
    }
    return true;
  };
}

function compileRecord(
  def: Definition,
  path: string,
  compile: Compile,
  unknown: (what: string) => ShapeCheck,
): ShapeCheck {
  if (def.keyType === undefined || def.valueType === undefined) return unknown('record without types');
  // A key type of listed values makes a record that must hold each of them.
  if (def.keyType._zod.values !== undefined) return unknown('record of listed keys');
  const key = compile(def.keyType, `${path}{key}`);
  const entry = compile(def.valueType, `${path}{}`);
  return (value) => {
    if (typeof value !== 'object' || value === null) return false;
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return false;
    if (Object.getOwnPropertySymbols(value).length > 0) return false;
    const record = value as Record<string, unknown>;
    for (const name of Object.keys(record)) {
      if (!key(name) || !entry(record[name])) return false;
    }
    return true;
  };
}

/** The type's own test, then each check of its definition (lengths, bounds, patterns). */
function withChecks(
  def: Definition,
  path: string,
  unknown: (what: string) => ShapeCheck,
  isType: ShapeCheck,
): ShapeCheck {
  const checks = (def.checks ?? []).map(({ _zod }) => compileCheck(_zod.def, path, unknown));
  if (checks.length === 0) return isType;
  return (value) => isType(value) && checks.every((check) => check(value));
}

function compileCheck(
  check: CheckDefinition,
  path: string,
  unknown: (what: string) => ShapeCheck,
): ShapeCheck {
  switch (check.check) {
    case 'min_length': {
      const minimum = check.minimum ?? 0;
      // A code point is one or two units: fewer units than the minimum, or twice as many, decide alone.
      return (value) => {
        const units = (value as { length: number }).length;
        if (units < minimum) return false;
        return units >= minimum * 2 || lengthOf(value) >= minimum;
      };
    }
    case 'max_length': {
      const maximum = check.maximum ?? Infinity;
      return (value) => (value as { length: number }).length <= maximum || lengthOf(value) <= maximum;
    }
    case 'greater_than': {
      const bound = check.value ?? -Infinity;
      return check.inclusive === true
        ? (value) => (value as number) >= bound
        : (value) => (value as number) > bound;
    }
    case 'less_than': {
      const bound = check.value ?? Infinity;
      return check.inclusive === true
        ? (value) => (value as number) <= bound
        : (value) => (value as number) < bound;
    }
    case 'number_format':
      return check.format === 'safeint'
        ? (value) => Number.isSafeInteger(value)
        : unknown(`number format ${check.format}`);
    case 'string_format': {
      const pattern = check.pattern;
      if (check.format !== 'regex' || pattern === undefined || pattern.global || pattern.sticky)
        return unknown(`string format ${check.format}`);
      return (value) => pattern.test(value as string);
    }
    default:
      return unknown(`check ${check.check} at ${path}`);
  }
}

/** A string's length in code points, as zod measures strings; an array's in items. */
function lengthOf(value: unknown): number {
  if (typeof value !== 'string') return (value as unknown[]).length;
  let count = value.length;
  for (let i = 0; i < value.length - 1; i++) {
    const high = value.charCodeAt(i);
    if (high >= 0xd800 && high <= 0xdbff) {
      const low = value.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        count -= 1;
        i += 1;
      }
    }
  }
  return count;
}
