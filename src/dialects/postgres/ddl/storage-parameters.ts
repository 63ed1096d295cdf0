// Storage parameters, the `WITH (...)` of tables, indexes and exclusion constraints.
import { quoteIdent, quoteLiteral } from '../quote.ts';

export type StorageParameters = Readonly<Record<string, string | number | boolean>>;

/**
 * `WITH (fillfactor = 70, autovacuum_enabled = false)`, or nothing when there are none. The keys keep
 * the model's order: PostgreSQL stores them in the order given and pg_dump prints them so.
 */
export function renderStorageParameters(parameters: StorageParameters | undefined): string {
  if (parameters === undefined) return '';
  const keys = Object.keys(parameters);
  if (keys.length === 0) return '';
  const items = keys.map(
    (key) => `${renderParameterName(key)} = ${renderParameterValue(key, parameters[key])}`,
  );
  return `WITH (${items.join(', ')})`;
}

/** A parameter name is one identifier or, for TOAST options, `toast.name`. */
function renderParameterName(key: string): string {
  const dot = key.indexOf('.');
  if (dot > 0 && dot === key.lastIndexOf('.')) {
    return `${quoteIdent(key.slice(0, dot))}.${quoteIdent(key.slice(dot + 1))}`;
  }
  return quoteIdent(key);
}

function renderParameterValue(key: string, value: string | number | boolean | undefined): string {
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value))
        throw new Error(`storage parameter ${key} is not a finite number: ${value}`);
      return String(value);
    case 'string':
      return quoteLiteral(value);
    default:
      throw new Error(`storage parameter ${key} has no value`);
  }
}
