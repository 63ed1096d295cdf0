// Function and procedure argument and return types in the spelling format_type gives, as inspect
// writes them, so `f(int)` in a model file and `f(integer)` read from a database are the same routine.
// Keys are rewritten with the types when they were written with the same spelling as the arguments.
import { canonicalType } from '../dialects/postgres/types.ts';
import type { Model, Routine, RoutineArgument } from '../model/model-schema.ts';
import { setOwnEntry } from '../model/model-path.ts';

function canonicalOrWritten(type: string): string {
  try {
    return canonicalType(type);
  } catch {
    // Reported by validation where the type is checked.
    return type;
  }
}

/** `SETOF t` and plain types canonical; `TABLE(...)` as written. */
function canonicalReturnType(returns: string): string {
  const setOf = /^setof\s+(.+)$/is.exec(returns.trim());
  if (setOf) return `SETOF ${canonicalOrWritten(setOf[1] as string)}`;
  if (/^table\s*\(/i.test(returns.trim())) return returns;
  return canonicalOrWritten(returns);
}

function identity(kind: 'functions' | 'procedures', routineArguments: readonly RoutineArgument[]): string[] {
  return routineArguments.filter((a) => a.mode !== 'out' || kind === 'procedures').map((a) => a.type);
}

/** Canonicalises in place: argument types, return types and the keys that spell them. */
export function canonicalizeRoutineTypes(model: Model): void {
  for (const schema of Object.values(model.schemas ?? {})) {
    for (const kind of ['functions', 'procedures'] as const) {
      const routines = schema[kind];
      if (routines === undefined) continue;
      const rewritten: Record<string, Routine> = {};
      let changed = false;
      for (const [key, routine] of Object.entries(routines)) {
        const written = identity(kind, routine.arguments ?? []);
        for (const argument of routine.arguments ?? []) argument.type = canonicalOrWritten(argument.type);
        if (routine.returns !== undefined) routine.returns = canonicalReturnType(routine.returns);
        const suffix = `(${written.join(', ')})`;
        let newKey = key;
        if (key.endsWith(suffix) && key.length > suffix.length) {
          newKey = `${key.slice(0, -suffix.length)}(${identity(kind, routine.arguments ?? []).join(', ')})`;
          // A key another routine has keeps its spelling; validation reports the two.
          if (newKey !== key && (Object.hasOwn(routines, newKey) || Object.hasOwn(rewritten, newKey)))
            newKey = key;
        }
        changed ||= newKey !== key;
        setOwnEntry(rewritten, newKey, routine);
      }
      if (changed) schema[kind] = rewritten;
    }
  }
}
