// What a model says that PostgreSQL does not keep, or keeps as written: comments, documentation (business rules, owners of data,
// volumes, ...), declared renames, the project settings (naming templates, recorded drops, target
// version) and the roles. When PostgreSQL spells a model, these are carried over from the model as
// written onto the spelling, object by object.
import type { Model } from '../../../model/model-schema.ts';
import { canonicalizeModel } from '../../../model/canonicalize.ts';
import { withExplicitNames } from '../../../model/documentation-merge.ts';
import { namingOf } from '../../../model/naming.ts';
import { ownEntry } from '../../../model/model-path.ts';
import { DOCUMENTATION_FIELDS } from '../../../model/model-only-fields.ts';

/** Keys that only the model holds, and comments (the scratch build leaves them out, compact.ts). */
function modelOnly(key: string): boolean {
  return key === 'description' || DOCUMENTATION_FIELDS.has(key);
}

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies model-only keys from `written` into `spelled` (mutated), at every depth. */
function carry(written: unknown, spelled: unknown): void {
  if (Array.isArray(written) && Array.isArray(spelled)) {
    const named = new Map<string, unknown>();
    for (const item of written) if (isNode(item) && typeof item.name === 'string') named.set(item.name, item);
    spelled.forEach((item, index) => {
      if (!isNode(item)) return;
      // Named things (columns, constraints, indexes, triggers, policies) pair by name; the rest by place.
      const partner = typeof item.name === 'string' ? named.get(item.name) : written[index];
      carry(partner, item);
    });
    return;
  }
  if (!isNode(written) || !isNode(spelled)) return;
  for (const [key, value] of Object.entries(written)) {
    if (modelOnly(key)) {
      if (value !== undefined && spelled[key] === undefined) spelled[key] = structuredClone(value);
      continue;
    }
    const counterpart = ownEntry(spelled, key);
    if (typeof value === 'object' && value !== null && counterpart !== undefined) carry(value, counterpart);
  }
}

/**
 * The spelling of `written` that PostgreSQL gave back (`spelled`, an inspected model, which is changed:
 * callers pass a model of their own), with what only the written model holds carried over.
 */
export function carryOver(written: Model, spelled: Model): Model {
  const naming = namingOf(written);
  // Both sides name every constraint and index, so that they pair by name whatever the templates.
  const source = withExplicitNames(canonicalizeModel(written), naming);
  const result: Model = withExplicitNames(spelled, naming);
  carry(source.schemas, (result.schemas ??= {}));
  carry(source.extensions, result.extensions);
  if (written.project !== undefined) result.project = structuredClone(written.project);
  if (written.roles !== undefined) result.roles = structuredClone(written.roles);
  if (written.schemata !== undefined) result.schemata = written.schemata;
  // Names that the project's templates give anyway are left out again.
  return canonicalizeModel(result);
}
