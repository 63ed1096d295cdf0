// `default: 0`, `default: true`, `default: 1.5`: YAML reads such an unquoted default as a number or a
// boolean, while the format holds every default as SQL text. Where the literal is obvious it is taken
// as the SQL a user means ('0', 'true', '1.5') before the shape is checked; the path to the value does
// not change, so diagnostics keep their file positions. Writers write the text back (`default: "0"`).

type Entry = Record<string, unknown>;

const isEntry = (value: unknown): value is Entry =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const entries = (value: unknown): Entry[] => (isEntry(value) ? Object.values(value).filter(isEntry) : []);

const items = (value: unknown): Entry[] => (Array.isArray(value) ? value.filter(isEntry) : []);

/**
 * The SQL text of a number or boolean default; undefined for anything else, and for numbers that are
 * not exact (NaN, infinities, integers beyond 2^53 that YAML has already rounded), which stay as they
 * are and are reported by the shape check (the hint: quote them).
 */
export function literalDefaultText(value: unknown): string | undefined {
  if (typeof value === 'boolean') return String(value);
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) return undefined;
  return String(value);
}

function coerce(owner: Entry): void {
  const text = literalDefaultText(owner.default);
  if (text !== undefined) owner.default = text;
}

/** Replaces number and boolean defaults in a file's content (as read, before any check) by their SQL. */
export function coerceLiteralDefaults(content: unknown): void {
  if (!isEntry(content)) return;
  for (const schema of entries(content.schemas)) {
    for (const table of entries(schema.tables)) for (const column of items(table.columns)) coerce(column);
    for (const domain of entries(schema.domains)) coerce(domain);
    for (const kind of ['functions', 'procedures', 'aggregates'] as const)
      for (const routine of entries(schema[kind]))
        for (const argument of [...items(routine.arguments), ...items(routine.orderBy)]) coerce(argument);
  }
}
