// Domains can be based on other domains, so they are created in dependency order.
import type { Domain } from '../../../model/model-schema.ts';
import { readType } from './read-type.ts';

export interface DomainEntry {
  schema: string;
  name: string;
  domain: Domain;
  /** The resolved names of `domain.checks`, position by position. */
  checkNames: string[];
}

/**
 * Each domain after the domain its type refers to; otherwise in the order given (schema, then name),
 * so the result is the first such order by name. Throws on a cycle, which a valid model cannot have.
 */
export function orderDomains(entries: readonly DomainEntry[]): DomainEntry[] {
  const positionByName = new Map(entries.map((entry, i) => [domainKey(entry.schema, entry.name), i]));
  const dependents: number[][] = entries.map(() => []);
  const blocked: boolean[] = entries.map(() => false);
  entries.forEach((entry, i) => {
    const type = readType(entry.domain.type, () => `domain ${entry.schema}.${entry.name}`);
    if (type.builtin) return;
    const base = positionByName.get(domainKey(type.schema ?? 'public', type.name));
    if (base === undefined) return;
    dependents[base]?.push(i);
    blocked[i] = true;
  });

  // Positions ready to create, kept sorted so the first in name order goes next.
  const ready = entries.flatMap((_, i) => (blocked[i] ? [] : [i]));
  const ordered: DomainEntry[] = [];
  while (ready.length > 0) {
    const next = ready.shift() as number;
    ordered.push(entries[next] as DomainEntry);
    for (const dependent of dependents[next] ?? []) insertSorted(ready, dependent);
  }
  if (ordered.length !== entries.length) {
    const stuck = entries.filter((entry) => !ordered.includes(entry)).map((e) => `${e.schema}.${e.name}`);
    throw new Error(`domains are based on each other in a cycle: ${stuck.join(', ')}`);
  }
  return ordered;
}

function domainKey(schema: string, name: string): string {
  return `${schema}\0${name}`;
}

function insertSorted(values: number[], value: number): void {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((values[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  values.splice(low, 0, value);
}
