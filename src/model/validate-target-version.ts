// `project.postgres` is the major version the schema must run on. What needs a later release (a
// privilege, a constraint option, a built-in function) is an error that names the release it needs,
// before generate, diff or migrate new write SQL that the target would reject.
import { scanSync } from '../dialects/postgres/sql-parser.ts';
import type { Diagnostic } from './diagnostics.ts';
import type { Model } from './model-schema.ts';
import { formatModelPath, type Locate, type ModelPath } from './model-path.ts';
import { SPELLED_TEXT_FIELDS } from './model-only-fields.ts';

/** Built-in functions by the release that added them (a name PostgreSQL had before with other arguments is left out). */
const FUNCTIONS_SINCE: Readonly<Record<string, number>> = {
  date_bin: 14,
  string_to_table: 14,
  trim_array: 14,
  bit_count: 14,
  regexp_count: 15,
  regexp_instr: 15,
  regexp_like: 15,
  regexp_substr: 15,
  any_value: 16,
  random_normal: 16,
  pg_input_is_valid: 16,
  pg_input_error_info: 16,
  array_sample: 16,
  array_shuffle: 16,
  date_add: 16,
  date_subtract: 16,
  unistr: 16,
  json_exists: 17,
  json_query: 17,
  json_value: 17,
  to_bin: 17,
  to_oct: 17,
  uuid_extract_timestamp: 17,
  uuid_extract_version: 17,
  uuidv4: 18,
  uuidv7: 18,
  casefold: 18,
  array_reverse: 18,
  array_sort: 18,
  crc32: 18,
  crc32c: 18,
};

function functionsCalled(text: string): string[] {
  let tokens;
  try {
    tokens = scanSync(text).tokens;
  } catch {
    // Text that does not scan is reported by the expression checks.
    return [];
  }
  const called: string[] = [];
  tokens.forEach((token, index) => {
    if (token.tokenName !== 'IDENT' || tokens[index + 1]?.tokenName !== 'ASCII_40') return;
    const previous = tokens[index - 1];
    // A qualified name outside pg_catalog is the user's own function.
    if (previous?.tokenName === 'UNKNOWN' && text.slice(previous.start, previous.end) === '.') {
      const schema = tokens[index - 2];
      if (schema === undefined || text.slice(schema.start, schema.end).toLowerCase() !== 'pg_catalog') return;
    }
    called.push(text.slice(token.start, token.end).toLowerCase().replaceAll('"', ''));
  });
  return called;
}

export function validateTargetVersion(model: Model, locate?: Locate): Diagnostic[] {
  const target = model.project?.postgres;
  if (target === undefined) return [];
  const diagnostics: Diagnostic[] = [];
  // Schemas for older releases often define such a function themselves (uuidv7 above all).
  const ownFunctions = new Set(
    Object.values(model.schemas ?? {}).flatMap((schema) =>
      Object.keys(schema.functions ?? {}).map((key) => key.slice(0, key.indexOf('(')).toLowerCase()),
    ),
  );
  const report = (path: ModelPath, what: string, needs: number) => {
    const location = locate?.(path);
    diagnostics.push({
      code: 'needs-newer-postgres',
      severity: 'error',
      message: `${what} needs PostgreSQL ${needs}; the model targets PostgreSQL ${target} (project.postgres)`,
      ...(location ? { location } : { object: formatModelPath(path) }),
      hint: `raise project.postgres to ${needs} if production runs it, or write this for PostgreSQL ${target}`,
    });
  };
  const visit = (value: unknown, path: ModelPath, key: string | number | undefined): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        if (key === 'privileges' && item === 'maintain' && target < 17)
          report([...path, index], 'the MAINTAIN privilege', 17);
        visit(item, [...path, index], index);
      });
      return;
    }
    if (typeof value === 'string') {
      if (typeof key !== 'string' || !SPELLED_TEXT_FIELDS.has(key)) return;
      for (const name of new Set(functionsCalled(value))) {
        const since = FUNCTIONS_SINCE[name];
        if (since !== undefined && since > target && !ownFunctions.has(name))
          report(path, `the function ${name}()`, since);
      }
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [child, inner] of Object.entries(value)) {
      if (child === 'nullsNotDistinct' && inner === true && target < 15)
        report([...path, child], 'NULLS NOT DISTINCT', 15);
      visit(inner, [...path, child], child);
    }
  };
  visit(model.schemas, ['schemas'], 'schemas');
  visit(model.defaultPrivileges, ['defaultPrivileges'], 'defaultPrivileges');
  return diagnostics;
}
