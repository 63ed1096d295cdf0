// Model objects leave out properties at their default. These build them with every property written
// out (undefined where it is left out), in the order the format defines, and then drop the undefined.

type Spelled<T> = { [K in keyof T]: T[K] | undefined };

/** The object without its undefined properties. */
export function compact<T extends object>(value: Spelled<T>): T {
  const result: Record<string, unknown> = {};
  const properties = value as Record<string, unknown>;
  // Object.keys rather than Object.entries: no pair per property, which shows over thousands of tables.
  for (const key of Object.keys(properties)) {
    const property = properties[key];
    if (property !== undefined) result[key] = property;
  }
  return result as T;
}

/** `true`, or undefined for false: flags are written only when set. */
export function flag(value: boolean): true | undefined {
  return value ? true : undefined;
}

/** The list, or undefined when it is empty. */
export function nonEmpty<T>(list: readonly T[]): T[] | undefined {
  return list.length > 0 ? [...list] : undefined;
}

/** A nullable catalog value as an optional model value. */
export function optional<T>(value: T | null | undefined): T | undefined {
  return value ?? undefined;
}
