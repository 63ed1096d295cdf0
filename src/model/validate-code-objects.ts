// Semantic checks of functions, procedures and triggers that generating DDL would otherwise fail on:
// a routine key that is not its name followed by its argument types, two keys for one signature, and a
// trigger whose function the model does not define and that does not name its schema.
import { parseTypeName } from '../dialects/postgres/types.ts';
import type { Diagnostic } from './diagnostics.ts';
import type { Model, RoutineArgument, Trigger } from './model-schema.ts';
import { ownEntry, sortedEntries, type Locate, errorCollector } from './model-path.ts';

type RoutineKind = 'functions' | 'procedures';

/** The types that identify a routine (OUT arguments do not, except for procedures), canonical. */
function identityTypes(kind: RoutineKind, routineArguments: readonly RoutineArgument[] = []): string[] {
  return routineArguments
    .filter((argument) => argument.mode !== 'out' || kind === 'procedures')
    .map((argument) => canonicalOrWritten(argument.type));
}

function canonicalOrWritten(type: string): string {
  try {
    return parseTypeName(type).canonical;
  } catch {
    return type;
  }
}

/** The name part of a key `name(types)`: everything before the last top-level `(`. */
function keyName(key: string): string | undefined {
  if (!key.endsWith(')')) return undefined;
  let depth = 0;
  for (let i = key.length - 1; i >= 0; i--) {
    if (key[i] === ')') depth++;
    else if (key[i] === '(') {
      depth--;
      if (depth === 0) return i > 0 ? key.slice(0, i) : undefined;
    }
  }
  return undefined;
}

/** Diagnostics of the model's routines and triggers; the SQL parser must be loaded. */
export function validateCodeObjects(model: Model, locate?: Locate): Diagnostic[] {
  const { diagnostics, report } = errorCollector(locate);
  /** `schema\0name` of every function, for trigger function lookups. */
  const functionNames = new Set<string>();
  for (const [schemaName, schema] of sortedEntries(model.schemas)) {
    for (const kind of ['functions', 'procedures'] as const) {
      const signatures = new Map<string, string>();
      for (const [key, routine] of sortedEntries(schema[kind])) {
        const path = ['schemas', schemaName, kind, key];
        const object = `${schemaName}.${key}`;
        const types = identityTypes(kind, routine.arguments);
        const name = keyName(key);
        const expected = `${name ?? key}(${types.join(', ')})`;
        if (name === undefined || key !== expected) {
          report(
            'invalid-routine-key',
            path,
            object,
            `the key ${key} does not match the arguments of the ${kind === 'functions' ? 'function' : 'procedure'} (${types.join(', ')})`,
            `write the key as ${expected}: the name, then the types of the arguments that identify it, as PostgreSQL spells them`,
          );
        }
        if (name === undefined) continue;
        if (kind === 'functions') functionNames.add(`${schemaName}\u0000${name}`);
        const signature = `${name}(${types.join(', ')})`;
        const first = signatures.get(signature);
        if (first !== undefined) {
          report(
            'duplicate-routine',
            path,
            object,
            `${key} and ${first} are the same ${kind === 'functions' ? 'function' : 'procedure'}: ${schemaName}.${signature}`,
            'remove one of them; overloads need different argument types',
          );
        } else signatures.set(signature, key);
      }
    }
  }
  for (const [schemaName, schema] of sortedEntries(model.schemas)) {
    const relations = [
      ...sortedEntries(schema.tables).map(([name, table]) => ({
        collection: 'tables',
        name,
        triggers: table.triggers,
      })),
      ...sortedEntries(schema.views).map(([name, view]) => ({
        collection: 'views',
        name,
        triggers: view.triggers,
      })),
    ];
    for (const relation of relations) {
      (relation.triggers ?? []).forEach((trigger: Trigger, i) => {
        const path = ['schemas', schemaName, relation.collection, relation.name, 'triggers', i, 'function'];
        const object = `${schemaName}.${relation.name}.${trigger.name}`;
        const qualified = trigger.function.includes('.');
        if (qualified || functionNames.has(`public\u0000${trigger.function}`)) return;
        report(
          'unknown-function',
          path,
          object,
          `trigger ${trigger.name} calls ${trigger.function}, which is neither in the model (schema public) nor qualified`,
          ownEntry(schema.functions, `${trigger.function}()`)
            ? `write ${schemaName}.${trigger.function}: unqualified names mean schema public`
            : 'define the trigger function in the model, or qualify a function defined elsewhere (schema.name)',
        );
      });
    }
  }
  return diagnostics;
}
