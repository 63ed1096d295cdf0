// What inspecting a database gives: the model, and every object or property the model cannot hold.
import type { Diagnostic } from '../../../model/diagnostics.ts';
import type { Model } from '../../../model/model-schema.ts';
import { quoteIdent, quoteQualified } from '../quote.ts';

/** An object left out of the model, e.g. `{ kind: 'view', name: 'public.active_users' }`. */
export interface UnsupportedObject {
  kind: string;
  /** Qualified, each part quoted as needed: `public."Order Items".total`. */
  name: string;
  reason?: string;
}

export interface InspectResult {
  model: Model;
  unsupported: UnsupportedObject[];
  /** What the caller asked for that is not there, e.g. a schema given that the database lacks. */
  diagnostics?: Diagnostic[];
}

/** Collects what the model leaves out while it is assembled. */
export class UnsupportedList {
  readonly items: UnsupportedObject[] = [];

  add(kind: string, name: string, reason?: string | null): void {
    this.items.push(reason ? { kind, name, reason } : { kind, name });
  }
}

/** `schema.relation` or `schema.relation.member`, quoted as needed. */
export function objectName(schema: string, name: string, member?: string): string {
  const qualified = quoteQualified(schema, name);
  return member === undefined ? qualified : `${qualified}.${quoteIdent(member)}`;
}
