// Catalog values turned into model values: storage parameters, read as `name=value` strings, and
// check constraint definitions.

/**
 * A storage parameter value: a boolean for true/false, a number when the text is that number's own
 * spelling (so `0.10` stays text and is written back exactly as PostgreSQL keeps it), else text.
 */
function toParameterValue(text: string): string | number | boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  const number = Number(text);
  return text.trim() !== '' && Number.isFinite(number) && String(number) === text ? number : text;
}

/**
 * `reloptions` (`{fillfactor=70,autovacuum_enabled=false}`) as a `with` map. TOAST options come from
 * the TOAST table and are written `toast.name`. Undefined when there are none.
 */
export function toStorageParameters(
  options: readonly string[] | null,
  toastOptions: readonly string[] | null = null,
): Record<string, string | number | boolean> | undefined {
  if (!options?.length && !toastOptions?.length) return undefined;
  const parameters: Record<string, string | number | boolean> = {};
  const add = (option: string, prefix: string) => {
    const equals = option.indexOf('=');
    if (equals < 0) throw new Error(`storage parameter without a value: ${option}`);
    parameters[prefix + option.slice(0, equals)] = toParameterValue(option.slice(equals + 1));
  };
  for (const option of options ?? []) add(option, '');
  for (const option of toastOptions ?? []) add(option, 'toast.');
  return parameters;
}

const CHECK_SUFFIXES = [' NOT ENFORCED', ' NOT VALID', ' NO INHERIT'];

/**
 * The expression of `pg_get_constraintdef(oid, true)` for a check: `CHECK (expr) NO INHERIT NOT VALID`
 * without the wrapper and the trailing clauses, which the model keeps as flags.
 */
export function checkExpression(definition: string): string {
  let text = definition;
  for (const suffix of CHECK_SUFFIXES) if (text.endsWith(suffix)) text = text.slice(0, -suffix.length);
  if (!text.startsWith('CHECK (') || !text.endsWith(')')) {
    throw new Error(`unexpected check constraint definition from PostgreSQL: ${definition}`);
  }
  return text.slice('CHECK ('.length, -1);
}
