// Names of constraints and indexes that a model leaves out come from the project's templates.
// Explicit names always win.
import type { Check, Exclusion, ForeignKey, Index, Model, Naming, Table, Unique } from './model-schema.ts';

export type ResolvedNaming = Record<keyof Naming, string>;

export const DEFAULT_NAMING: ResolvedNaming = {
  primaryKey: 'pk_{table}',
  foreignKey: 'fk_{table}_{columns}',
  unique: 'uk_{table}_{columns}',
  check: 'chk_{table}_{description}',
  exclusion: 'ex_{table}_{columns}',
  index: 'idx_{table}_{columns}',
};

export function namingOf(model: Model): ResolvedNaming {
  const naming: ResolvedNaming = { ...DEFAULT_NAMING };
  for (const [key, template] of Object.entries(model.project?.naming ?? {})) {
    if (template !== undefined) naming[key as keyof Naming] = template;
  }
  return naming;
}

interface TemplateValues {
  schema: string;
  table: string;
  columns: string[];
  description?: string;
  refTable?: string;
}

const PLACEHOLDER = /\{(schema|table|columns|description|ref_table)\}/;
const templates = new Map<string, readonly string[]>();

/**
 * A template split once at its placeholders (literal text at even positions, placeholder names at odd
 * ones): names are made for every constraint of every table, several times per command.
 */
function templateParts(template: string): readonly string[] {
  let parts = templates.get(template);
  if (parts === undefined) {
    parts = template.split(PLACEHOLDER);
    templates.set(template, parts);
  }
  return parts;
}

function placeholderValue(placeholder: string | undefined, values: TemplateValues): string {
  switch (placeholder) {
    case 'schema':
      return values.schema;
    case 'table':
      return values.table;
    case 'columns':
      return values.columns.join('_');
    case 'description':
      return values.description ?? values.columns.join('_');
    default:
      return values.refTable ?? '';
  }
}

export function applyTemplate(template: string, values: TemplateValues): string {
  const parts = templateParts(template);
  let name = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) name += placeholderValue(parts[i], values) + (parts[i + 1] ?? '');
  return name;
}

/**
 * The table's columns that an expression mentions, in table order. This matches known names as
 * whole words in the text; it is used only to build default names, never to understand the SQL.
 */
export function columnsMentioned(table: Table, expression: string): string[] {
  const mentioned: string[] = [];
  for (const { name } of table.columns) if (mentions(expression, name)) mentioned.push(name);
  return mentioned;
}

function mentions(expression: string, name: string): boolean {
  // A plain name is mentioned as a word or in double quotes, both found where the name occurs.
  if (PLAIN_NAME.test(name)) return mentionsWord(expression, name);
  return expression.includes(`"${name.replaceAll('"', '""')}"`);
}

const PLAIN_NAME = /^[a-z_][a-z0-9_$]*$/;

/**
 * Whether `word` occurs in `text` with neither a name character nor a double quote on either side, or
 * with a double quote on both.
 */
function mentionsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    const before = text.charCodeAt(at - 1);
    const after = text.charCodeAt(at + word.length);
    if (!isNameOrQuote(before) && !isNameOrQuote(after)) return true;
    if (before === QUOTE && after === QUOTE) return true;
  }
  return false;
}

const QUOTE = 0x22;

/** a-z, 0-9, _, $ or a double quote; NaN (before the start or after the end of a text) is neither. */
function isNameOrQuote(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95 || code === 36 || code === 34
  );
}

export interface TableNames {
  primaryKey: string | undefined;
  uniques: string[];
  foreignKeys: string[];
  checks: string[];
  exclusions: string[];
  indexes: string[];
}

export function indexColumnsForName(table: Table, index: Pick<Index, 'columns'>): string[] {
  const columns: string[] = [];
  for (const key of index.columns) {
    if (typeof key === 'string') columns.push(key);
    else if (key.column !== undefined) columns.push(key.column);
    else {
      const mentioned = key.expression ? columnsMentioned(table, key.expression) : [];
      if (mentioned.length > 0) columns.push(...mentioned);
      else columns.push('expr');
    }
  }
  return columns;
}

export function checkName(
  naming: ResolvedNaming,
  schema: string,
  tableName: string,
  table: Table,
  check: Check,
) {
  if (check.name !== undefined) return check.name;
  const mentioned = columnsMentioned(table, check.expression);
  return applyTemplate(naming.check, {
    schema,
    table: tableName,
    columns: mentioned,
    description: mentioned.length > 0 ? mentioned.join('_') : 'check',
  });
}

export function uniqueName(naming: ResolvedNaming, schema: string, tableName: string, unique: Unique) {
  return unique.name ?? applyTemplate(naming.unique, { schema, table: tableName, columns: unique.columns });
}

export function foreignKeyName(naming: ResolvedNaming, schema: string, tableName: string, fk: ForeignKey) {
  return (
    fk.name ??
    applyTemplate(naming.foreignKey, {
      schema,
      table: tableName,
      columns: fk.columns,
      refTable: fk.references.table,
    })
  );
}

export function exclusionName(
  naming: ResolvedNaming,
  schema: string,
  tableName: string,
  table: Table,
  exclusion: Exclusion,
) {
  if (exclusion.name !== undefined) return exclusion.name;
  const columns = exclusion.elements.flatMap((e) =>
    e.column !== undefined ? [e.column] : e.expression ? columnsMentioned(table, e.expression) : [],
  );
  return applyTemplate(naming.exclusion, { schema, table: tableName, columns });
}

export function indexName(
  naming: ResolvedNaming,
  schema: string,
  tableName: string,
  table: Table,
  index: Index,
) {
  return (
    index.name ??
    applyTemplate(naming.index, { schema, table: tableName, columns: indexColumnsForName(table, index) })
  );
}

export function primaryKeyName(naming: ResolvedNaming, schema: string, tableName: string, table: Table) {
  if (!table.primaryKey) return undefined;
  return (
    table.primaryKey.name ??
    applyTemplate(naming.primaryKey, { schema, table: tableName, columns: table.primaryKey.columns })
  );
}

/** Every constraint and index name of a table, after templates. */
export function resolveTableNames(
  model: Model,
  schema: string,
  tableName: string,
  table: Table,
  naming: ResolvedNaming = namingOf(model),
): TableNames {
  return {
    primaryKey: primaryKeyName(naming, schema, tableName, table),
    uniques: (table.uniques ?? []).map((u) => uniqueName(naming, schema, tableName, u)),
    foreignKeys: (table.foreignKeys ?? []).map((fk) => foreignKeyName(naming, schema, tableName, fk)),
    checks: (table.checks ?? []).map((c) => checkName(naming, schema, tableName, table, c)),
    exclusions: (table.exclusions ?? []).map((x) => exclusionName(naming, schema, tableName, table, x)),
    indexes: (table.indexes ?? []).map((i) => indexName(naming, schema, tableName, table, i)),
  };
}

/** PostgreSQL's identifier limit in bytes (NAMEDATALEN - 1); longer names are truncated. */
const MAX_NAME_BYTES = 63;

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8 without splitting a character. */
export function clipToBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/**
 * Names of a domain's checks, in the given order. Explicit names win; unnamed checks get
 * `<domain>_check`, `<domain>_check1`, `<domain>_check2`, ..., skipping names the domain's other checks
 * use. Like PostgreSQL's own choice (ChooseConstraintName), the domain part is shortened so the whole
 * name fits in 63 bytes.
 */
export function domainCheckNames(
  domainName: string,
  checks: readonly { name?: string | undefined }[],
): string[] {
  const taken = new Set<string>();
  for (const check of checks) if (check.name !== undefined) taken.add(check.name);
  let pass = 0;
  return checks.map((check) => {
    if (check.name !== undefined) return check.name;
    for (;;) {
      const label = pass === 0 ? 'check' : `check${pass}`;
      pass += 1;
      const name = `${clipToBytes(domainName, MAX_NAME_BYTES - label.length - 1)}_${label}`;
      if (!taken.has(name)) {
        taken.add(name);
        return name;
      }
    }
  });
}
