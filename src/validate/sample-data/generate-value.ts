// One value for one column, as PostgreSQL's text input form: realistic by the column's name (an
// e-mail for `email`, a city for `city`, an amount for `price`) and valid for its type (lengths,
// precision, enum labels, array and range syntax), within the bounds its checks set.
import type { Faker } from '@faker-js/faker';
import type { Constant, ColumnRule, Bound } from './check-rules.ts';
import { baseType, type ValueType } from './value-types.ts';

/** The rules of every check on a column, merged: the value must satisfy all of them. */
export interface MergedRule {
  low?: Bound[];
  high?: Bound[];
  oneOf?: Constant[];
  notIn: Constant[];
  minLength?: number;
  maxLength?: number;
  patterns: { source: string; flags: string }[];
  notNull: boolean;
  isNull: boolean;
  lowerCase: boolean;
}

export function emptyRule(): MergedRule {
  return { notIn: [], patterns: [], notNull: false, isNull: false, lowerCase: false };
}

export function addRule(merged: MergedRule, rule: ColumnRule): void {
  if (rule.min) (merged.low ??= []).push(rule.min);
  if (rule.max) (merged.high ??= []).push(rule.max);
  if (rule.oneOf) {
    merged.oneOf = merged.oneOf
      ? merged.oneOf.filter((a) => rule.oneOf?.some((b) => constantText(a) === constantText(b)))
      : [...rule.oneOf];
  }
  if (rule.notIn) merged.notIn.push(...rule.notIn);
  if (rule.minLength !== undefined) merged.minLength = Math.max(merged.minLength ?? 0, rule.minLength);
  if (rule.maxLength !== undefined) merged.maxLength = Math.min(merged.maxLength ?? Infinity, rule.maxLength);
  if (rule.pattern) merged.patterns.push(rule.pattern);
  if (rule.notNull) merged.notNull = true;
  if (rule.isNull) merged.isNull = true;
  if (rule.lowerCase) merged.lowerCase = true;
}

export function constantText(constant: Constant): string {
  if ('number' in constant) return String(constant.number);
  if ('text' in constant) return constant.text;
  if ('bool' in constant) return String(constant.bool);
  return new Date().toISOString();
}

export interface ValueRequest {
  faker: Faker;
  /** The column's name, lower case, for realistic values. */
  column: string;
  table: string;
  rule: MergedRule;
  /** The reference time of the run: timestamps fall around it. */
  base: number;
}

/** The rule cannot be met for this type (e.g. min above max): the caller reports it. */
export const IMPOSSIBLE = Symbol('impossible');

export type Value = string | null | typeof IMPOSSIBLE;

const DAY = 86_400_000;
const YEAR = 365 * DAY;

export function generateValue(type: ValueType, request: ValueRequest): Value {
  const { rule, faker } = request;
  if (rule.isNull) return null;
  const base = baseType(type);
  if (rule.oneOf !== undefined) {
    const allowed = rule.oneOf.filter((c) => !rule.notIn.some((n) => constantText(n) === constantText(c)));
    if (allowed.length === 0) return IMPOSSIBLE;
    const inBounds = allowed.filter((c) => withinBounds(base, c, request));
    if (inBounds.length === 0) return IMPOSSIBLE;
    return constantText(faker.helpers.arrayElement(inBounds));
  }
  for (let attempt = 0; attempt < 8; attempt++) {
    const value = generateOfType(base, request);
    if (value === IMPOSSIBLE || value === null) return value;
    if (!rule.notIn.some((n) => sameConstant(base, n, value))) return value;
  }
  return IMPOSSIBLE;
}

function sameConstant(type: ValueType, constant: Constant, value: string): boolean {
  if ('number' in constant) return Number(value) === constant.number;
  return (
    constantText(constant) === value || (type.kind === 'boolean' && constantText(constant)[0] === value[0])
  );
}

function withinBounds(type: ValueType, constant: Constant, request: ValueRequest): boolean {
  const scale = numberScale(type);
  if (scale === undefined) return true;
  const n = toNumber(constant, scale);
  if (n === undefined) return true;
  for (const b of request.rule.low ?? []) {
    const limit = toNumber(b.value, scale);
    if (limit !== undefined && (b.exclusive ? n <= limit : n < limit)) return false;
  }
  for (const b of request.rule.high ?? []) {
    const limit = toNumber(b.value, scale);
    if (limit !== undefined && (b.exclusive ? n >= limit : n > limit)) return false;
  }
  return true;
}

type Scale = 'number' | 'time';

function numberScale(type: ValueType): Scale | undefined {
  switch (type.kind) {
    case 'integer':
    case 'decimal':
    case 'float':
    case 'money':
      return 'number';
    case 'date':
    case 'timestamp':
      return 'time';
    default:
      return undefined;
  }
}

function toNumber(constant: Constant, scale: Scale): number | undefined {
  if ('number' in constant) return scale === 'number' ? constant.number : undefined;
  if ('now' in constant) return scale === 'time' ? Date.now() : undefined;
  if ('text' in constant) {
    if (scale === 'number') {
      const n = Number(constant.text);
      return Number.isFinite(n) ? n : undefined;
    }
    const text = constant.text.trim().toLowerCase();
    if (text === 'now' || text === 'today') return Date.now();
    if (text === 'infinity' || text === '-infinity') return undefined;
    const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text.replace(' ', 'T');
    const time = Date.parse(/[zZ]|[+-]\d\d(:?\d\d)?$/.test(iso) ? iso : `${iso}Z`);
    return Number.isFinite(time) ? time : undefined;
  }
  return undefined;
}

/** The interval a number or time must fall in: the checks' bounds within the realistic default. */
function interval(
  request: ValueRequest,
  scale: Scale,
  realistic: [number, number],
  step: number,
): [number, number] | typeof IMPOSSIBLE {
  let low = -Infinity;
  let high = Infinity;
  for (const b of request.rule.low ?? []) {
    const n = toNumber(b.value, scale);
    if (n !== undefined) low = Math.max(low, b.exclusive ? n + step : n);
  }
  for (const b of request.rule.high ?? []) {
    const n = toNumber(b.value, scale);
    if (n !== undefined) high = Math.min(high, b.exclusive ? n - step : n);
  }
  if (low > high) return IMPOSSIBLE;
  const [dLow, dHigh] = realistic;
  const from = Math.max(low, dLow);
  const to = Math.min(high, dHigh);
  if (from <= to) return [from, to];
  const span = dHigh - dLow;
  if (Number.isFinite(low) && Number.isFinite(high)) return [low, high];
  if (Number.isFinite(low)) return [low, low + span];
  return [high - span, high];
}

/** Realistic ranges for numbers by column name. */
function numberRange(column: string): [number, number] {
  if (/(price|amount|total|cost|balance|salary|fee|revenue|subtotal|tax|discount|budget)/.test(column))
    return [1, 2000];
  if (/(qty|quantity|count|stock|seats|capacity|attempts)/.test(column)) return [1, 100];
  if (/(^|_)age($|_)/.test(column)) return [18, 90];
  if (/(rating|stars)/.test(column)) return [1, 5];
  if (/(score|percent|pct|progress)/.test(column)) return [0, 100];
  if (/(^|_)year($|_)/.test(column)) return [1990, 2030];
  if (/(^|_)(lat|latitude)$/.test(column)) return [-90, 90];
  if (/(^|_)(lng|lon|longitude)$/.test(column)) return [-180, 180];
  if (/(position|sort|order|rank|index|seq|level|priority|weight)/.test(column)) return [0, 100];
  if (/(seconds|minutes|duration|timeout|limit)/.test(column)) return [5, 600];
  if (/(^|_)id$|_id$|(^|_)number$|_no$/.test(column)) return [1, 100_000];
  return [0, 1000];
}

function timeRange(column: string, base: number): [number, number] {
  if (/(birth|dob|born)/.test(column)) return [base - 80 * YEAR, base - 18 * YEAR];
  if (
    /(due|expire|expiry|ends?_|end_|until|deadline|scheduled|valid_to|starts?_at|start_|closes)/.test(column)
  )
    return [base - 0.5 * YEAR, base + YEAR];
  return [base - 3 * YEAR, base];
}

function generateOfType(type: ValueType, request: ValueRequest): Value {
  const { faker, column } = request;
  switch (type.kind) {
    case 'integer': {
      const range = interval(request, 'number', numberRange(column), 1);
      if (range === IMPOSSIBLE) return IMPOSSIBLE;
      const low = Math.max(Math.ceil(range[0]), type.min);
      const high = Math.min(Math.floor(range[1]), type.max);
      if (low > high) return IMPOSSIBLE;
      return String(faker.number.int({ min: low, max: high }));
    }
    case 'decimal':
    case 'float':
    case 'money': {
      const scale = type.kind === 'decimal' ? (type.scale ?? 2) : 2;
      const step = 10 ** -scale;
      let realistic = numberRange(column);
      if (type.kind === 'decimal' && type.precision !== undefined) {
        const limit = 10 ** (type.precision - scale) - step;
        realistic = [Math.max(realistic[0], -limit), Math.min(realistic[1], limit)];
        if (realistic[0] > realistic[1]) realistic = [0, limit];
      }
      const range = interval(request, 'number', realistic, step);
      if (range === IMPOSSIBLE) return IMPOSSIBLE;
      const low = Math.ceil(range[0] / step);
      const high = Math.floor(range[1] / step);
      if (low > high) return IMPOSSIBLE;
      return (faker.number.int({ min: low, max: high }) * step).toFixed(scale);
    }
    case 'boolean':
      return faker.datatype.boolean({
        probability: /^(is_|has_)?(active|enabled|visible)/.test(column) ? 0.8 : 0.5,
      })
        ? 'true'
        : 'false';
    case 'date': {
      const range = interval(request, 'time', timeRange(column, request.base), DAY);
      if (range === IMPOSSIBLE) return IMPOSSIBLE;
      const day = faker.number.int({ min: Math.ceil(range[0] / DAY), max: Math.floor(range[1] / DAY) });
      return new Date(day * DAY).toISOString().slice(0, 10);
    }
    case 'timestamp': {
      const range = interval(request, 'time', timeRange(column, request.base), 1000);
      if (range === IMPOSSIBLE) return IMPOSSIBLE;
      const second = faker.number.int({ min: Math.ceil(range[0] / 1000), max: Math.floor(range[1] / 1000) });
      return formatTimestamp(second * 1000, type.tz);
    }
    case 'time': {
      const seconds = faker.number.int({ min: 0, max: 86_399 });
      return `${new Date(seconds * 1000).toISOString().slice(11, 19)}${type.tz ? '+00' : ''}`;
    }
    case 'interval':
      return faker.helpers.arrayElement([
        `${faker.number.int({ min: 1, max: 90 })} days`,
        `${faker.number.int({ min: 1, max: 23 })} hours ${faker.number.int({ min: 0, max: 59 })} minutes`,
        `${faker.number.int({ min: 5, max: 3600 })} seconds`,
      ]);
    case 'text':
      return textValue(type, request);
    case 'char1':
      return faker.string.alpha({ length: 1, casing: 'lower' });
    case 'uuid':
      return faker.string.uuid();
    case 'json':
      return JSON.stringify(jsonValue(request));
    case 'bytea':
      return `\\x${faker.string.hexadecimal({ length: 16, prefix: '', casing: 'lower' })}`;
    case 'inet':
      return faker.internet.ipv4();
    case 'cidr':
      return `10.${faker.number.int({ min: 0, max: 255 })}.${faker.number.int({ min: 0, max: 255 })}.0/24`;
    case 'macaddr':
      return type.bytes === 6
        ? faker.internet.mac()
        : Array.from({ length: 8 }, () =>
            faker.string.hexadecimal({ length: 2, prefix: '', casing: 'lower' }),
          ).join(':');
    case 'bit': {
      const length = type.varying ? faker.number.int({ min: 1, max: type.length }) : type.length;
      return Array.from({ length }, () => (faker.datatype.boolean() ? '1' : '0')).join('');
    }
    case 'tsvector':
      return faker.lorem
        .words(4)
        .split(' ')
        .map((w) => `'${w}'`)
        .join(' ');
    case 'tsquery':
      return faker.lorem.words(2).split(' ').join(' & ');
    case 'xml':
      return `<note>${faker.lorem.word()}</note>`;
    case 'geometry':
      return geometryValue(type.shape, faker);
    case 'ltree':
      return faker.lorem.words(3).split(' ').join('.');
    case 'hstore':
      return `"${faker.lorem.word()}"=>"${faker.lorem.word()}"`;
    case 'enum': {
      const labels = type.labels.filter((l) => !request.rule.notIn.some((n) => constantText(n) === l));
      return labels.length === 0 ? IMPOSSIBLE : faker.helpers.arrayElement(labels);
    }
    case 'array': {
      const inner: ValueRequest = { ...request, rule: emptyRule() };
      const count = faker.number.int({ min: 1, max: 3 });
      const items: string[] = [];
      for (let i = 0; i < count; i++) {
        const item = generateValue(type.element, inner);
        if (item === IMPOSSIBLE) return IMPOSSIBLE;
        items.push(item === null ? 'NULL' : quoteElement(item));
      }
      return `{${items.join(',')}}`;
    }
    case 'range': {
      const inner: ValueRequest = { ...request, rule: emptyRule() };
      const a = generateValue(type.element, inner);
      const b = generateValue(type.element, inner);
      if (a === IMPOSSIBLE || b === IMPOSSIBLE || a === null || b === null) return IMPOSSIBLE;
      const numeric = numberScale(baseType(type.element)) === 'number';
      const [low, upper] = (numeric ? Number(a) <= Number(b) : a <= b) ? [a, b] : [b, a];
      const high = low === upper && numeric ? String(Number(upper) + 1) : upper;
      const text = `[${quoteElement(low)},${quoteElement(high)})`;
      return type.multi ? `{${text}}` : text;
    }
    case 'composite': {
      const parts: string[] = [];
      for (const attribute of type.attributes) {
        const value = generateValue(attribute.type, {
          ...request,
          column: attribute.name.toLowerCase(),
          rule: emptyRule(),
        });
        if (value === IMPOSSIBLE) return IMPOSSIBLE;
        parts.push(value === null ? '' : quoteElement(value));
      }
      return `(${parts.join(',')})`;
    }
    case 'domain':
      return generateOfType(baseType(type), request);
    case 'unknown':
      return request.rule.notNull ? IMPOSSIBLE : null;
  }
}

export function formatTimestamp(ms: number, tz: boolean): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${tz ? '+00' : ''}`;
}

/** An element of an array, range or composite literal, quoted. */
function quoteElement(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

function geometryValue(shape: string, faker: Faker): string {
  const n = () => faker.number.int({ min: -100, max: 100 });
  const [x, y] = [n(), n()];
  switch (shape) {
    case 'point':
      return `(${x},${y})`;
    case 'line':
      return `{1,-1,${x}}`;
    case 'lseg':
      return `[(${x},${y}),(${x + 1},${y + 1})]`;
    case 'box':
      return `(${x + 1},${y + 1}),(${x},${y})`;
    case 'path':
      return `[(${x},${y}),(${x + 1},${y + 1}),(${x + 2},${y})]`;
    case 'polygon':
      return `((${x},${y}),(${x + 1},${y + 1}),(${x + 1},${y}))`;
    default:
      return `<(${x},${y}),${faker.number.int({ min: 1, max: 10 })}>`;
  }
}

function jsonValue(request: ValueRequest): unknown {
  const { faker, column } = request;
  if (/(tags|labels|choices|options|items|list)/.test(column)) return faker.lorem.words(3).split(' ');
  if (/(answer|value)/.test(column))
    return faker.helpers.arrayElement([faker.lorem.word(), faker.number.int(10), true]);
  return { [faker.lorem.word()]: faker.lorem.word(), count: faker.number.int(100) };
}

function realisticText(request: ValueRequest): string {
  const { faker, column, table } = request;
  if (/e_?mail/.test(column)) return faker.internet.email().toLowerCase();
  if (/(first_?name|given_?name|forename)/.test(column)) return faker.person.firstName();
  if (/(last_?name|surname|family_?name)/.test(column)) return faker.person.lastName();
  if (/(full_?name|display_?name|author|contact_?name|^nickname$)/.test(column))
    return faker.person.fullName();
  if (/(user_?name|login|handle)/.test(column)) return faker.internet.username().toLowerCase();
  if (/(phone|mobile|^tel|fax)/.test(column)) return faker.phone.number({ style: 'international' });
  if (/(url|website|homepage|link|href)/.test(column)) return faker.internet.url();
  if (/(avatar|image|photo|picture)/.test(column)) return faker.image.url();
  if (/(^|_)city/.test(column)) return faker.location.city();
  if (/country_?code/.test(column)) return faker.location.countryCode();
  if (/country/.test(column)) return faker.location.country();
  if (/(^|_)(state|province|region)($|_)/.test(column)) return faker.location.state();
  if (/(zip|postal|postcode)/.test(column)) return faker.location.zipCode();
  if (/(address|street)/.test(column)) return faker.location.streetAddress();
  if (/(currency)/.test(column)) return faker.finance.currencyCode();
  if (/(locale|language|lang)($|_)/.test(column))
    return faker.helpers.arrayElement(['en', 'de', 'fr', 'es', 'ja']);
  if (/(time_?zone|tz$)/.test(column)) return faker.location.timeZone();
  if (/(company|organi[sz]ation|employer|vendor|supplier)/.test(column)) return faker.company.name();
  if (/(colou?r)/.test(column)) return faker.color.human();
  if (/slug/.test(column)) return faker.lorem.slug(3);
  if (/(password|hash|token|secret|digest|salt)/.test(column)) return faker.string.alphanumeric(40);
  if (/(sku|code|reference|ref)$/.test(column))
    return faker.string.alphanumeric({ length: 8, casing: 'upper' });
  if (/(ip_?addr|^ip$)/.test(column)) return faker.internet.ipv4();
  if (/(^|_)(uuid|guid)$/.test(column)) return faker.string.uuid();
  if (/(title|headline|subject|caption)/.test(column))
    return faker.lorem.sentence({ min: 2, max: 6 }).replace(/\.$/, '');
  if (
    /(description|notes?|body|content|comment|bio|summary|message|text|details|remarks|reason)/.test(column)
  )
    return faker.lorem.sentences({ min: 1, max: 2 });
  if (/(^|_)name$/.test(column)) {
    if (/(user|person|people|customer|member|author|employee|player|participant|contact|account)/.test(table))
      return faker.person.fullName();
    if (/(product|item|article)/.test(table)) return faker.commerce.productName();
    if (/(compan|organi|team|vendor)/.test(table)) return faker.company.name();
    if (/(city|town)/.test(table)) return faker.location.city();
    return faker.lorem.words({ min: 1, max: 2 });
  }
  if (/(status|state|kind|type|category|role)$/.test(column)) return faker.lorem.word();
  return faker.lorem.words({ min: 1, max: 3 });
}

function textValue(type: Extract<ValueType, { kind: 'text' }>, request: ValueRequest): Value {
  const { rule, faker } = request;
  const maxLength = Math.min(type.maxLength ?? Infinity, rule.maxLength ?? Infinity);
  const minLength = rule.minLength ?? 0;
  if (minLength > maxLength) return IMPOSSIBLE;
  let text: string | undefined;
  if (rule.patterns.length > 0) {
    text = fromPatterns(rule.patterns, faker);
    if (text === undefined) return IMPOSSIBLE;
  } else {
    text = realisticText(request);
    if (rule.lowerCase) text = text.toLowerCase();
    while (text.length < minLength) text += ` ${faker.lorem.word()}`;
  }
  if (text.length > maxLength) text = text.slice(0, maxLength).trimEnd();
  if (text.length < minLength) text = text.padEnd(minLength, 'x');
  if (text.length === 0 && maxLength > 0 && rule.patterns.length === 0) text = 'x';
  return text;
}

/**
 * A text matching every pattern. faker makes a text from a simple regular expression; classes such as
 * `\d`, open-ended repetition and anchors are put in its terms first, and the text is checked against
 * the expressions (PostgreSQL's and JavaScript's agree on these simple shapes).
 */
function fromPatterns(
  patterns: readonly { source: string; flags: string }[],
  faker: Faker,
): string | undefined {
  const checks = patterns.map((p) => {
    try {
      return new RegExp(p.source, p.flags.includes('i') ? 'iu' : 'u');
    } catch {
      return undefined;
    }
  });
  if (checks.some((c) => c === undefined)) return undefined;
  const first = patterns[0] as { source: string };
  for (let attempt = 0; attempt < 10; attempt++) {
    let text: string;
    try {
      text = faker.helpers.fromRegExp(simplifyPattern(first.source));
    } catch {
      return undefined;
    }
    if (checks.every((c) => (c as RegExp).test(text))) return text;
  }
  return undefined;
}

function simplifyPattern(source: string): string {
  let s = source;
  // Alternatives in a group: the first of them.
  s = s.replace(/\((?:\?:)?([^()]*)\)/g, (_, body: string) => body.split('|')[0] ?? '');
  s = s.replace(/^\^/, '').replace(/\$$/, '');
  s = s.replaceAll('\\d', '[0-9]').replaceAll('\\w', '[a-z0-9_]').replaceAll('\\s', ' ');
  s = s.replace(/\{(\d+),\}/g, (_, n: string) => `{${n},${Number(n) + 3}}`);
  s = s
    .replace(/(?<!\\)\+/g, '{1,4}')
    .replace(/(?<!\\)\*/g, '{0,3}')
    .replace(/(?<![\\{,\d])\?/g, '{0,1}');
  s = s.replace(
    /\\([.\-+*?()[\]{}|^$/])/g,
    (_, ch: string) => `[${ch === ']' || ch === '^' ? `\\${ch}` : ch}]`,
  );
  return s;
}
