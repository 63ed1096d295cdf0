// Constraint and index names are resolved once per table or domain, position by position.

/** The name resolved for the list item at `index`; a missing one means the names and the list disagree. */
export function nameAt(names: readonly string[], index: number): string {
  const name = names[index];
  if (name === undefined) throw new Error(`no resolved name at position ${index}`);
  return name;
}
