// Orders statements so that each comes after the objects it uses: a stable topological sort. Items
// that depend on nothing keep their given order; a cycle (which PostgreSQL could not load either) is
// broken by taking the earliest remaining item.

export interface OrderedItem {
  /** Names this item creates (several items may create the same name, e.g. overloads). */
  provides: readonly string[];
  /** Names this item uses; names no item provides are ignored. */
  dependsOn: ReadonlySet<string>;
}

/** The items in dependency order, ties kept in the given order. */
export function orderByDependencies<T extends OrderedItem>(items: readonly T[]): T[] {
  const providers = new Map<string, number[]>();
  items.forEach((item, i) => {
    for (const name of item.provides) {
      const list = providers.get(name);
      if (list) list.push(i);
      else providers.set(name, [i]);
    }
  });
  const dependents = new Map<number, number[]>();
  const waiting = items.map(() => 0);
  items.forEach((item, i) => {
    const used = new Set<number>();
    for (const dependency of item.dependsOn) {
      for (const j of providers.get(dependency) ?? []) if (j !== i) used.add(j);
    }
    for (const j of used) {
      waiting[i] = (waiting[i] ?? 0) + 1;
      const list = dependents.get(j);
      if (list) list.push(i);
      else dependents.set(j, [i]);
    }
  });
  const done = items.map(() => false);
  const ready: number[] = [];
  items.forEach((_, i) => {
    if (waiting[i] === 0) ready.push(i);
  });
  const ordered: T[] = [];
  let next = 0;
  while (ordered.length < items.length) {
    let chosen: number;
    if (ready.length > 0) {
      // ready is kept sorted, the earliest first.
      chosen = ready.shift() as number;
    } else {
      while (done[next]) next++;
      chosen = next;
    }
    if (done[chosen]) continue;
    done[chosen] = true;
    ordered.push(items[chosen] as T);
    for (const dependent of dependents.get(chosen) ?? []) {
      waiting[dependent] = (waiting[dependent] ?? 0) - 1;
      if (waiting[dependent] === 0 && !done[dependent]) insertSorted(ready, dependent);
    }
  }
  return ordered;
}

function insertSorted(list: number[], value: number): void {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((list[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  list.splice(low, 0, value);
}
