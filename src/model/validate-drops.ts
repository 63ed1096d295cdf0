// Checks of the drops a model records (project.drops): a recorded drop consents to deleting the data
// of an object the model no longer has, so the object must really be gone from the model.
import type { Diagnostic } from './diagnostics.ts';
import type { Model, RecordedDrop } from './model-schema.ts';
import { ownEntry, type Locate } from './model-path.ts';

/** `table public.orders`, `column public.orders.note`, `enumValue public.status.archived`. */
export function describeRecordedDrop(drop: RecordedDrop): string {
  switch (drop.kind) {
    case 'schema':
      return `schema ${drop.name}`;
    case 'table':
    case 'sequence':
      return `${drop.kind} ${drop.schema}.${drop.name}`;
    case 'column':
      return `column ${drop.schema}.${drop.table}.${drop.name}`;
    case 'enumValue':
      return `enum value ${drop.schema}.${drop.enum}.${drop.name}`;
  }
}

/** Whether the model (patterns expanded) still defines the object. */
export function recordedDropExists(model: Model, drop: RecordedDrop): boolean {
  const schema = ownEntry(model.schemas, drop.kind === 'schema' ? drop.name : drop.schema);
  switch (drop.kind) {
    case 'schema':
      return schema !== undefined;
    case 'table':
      return ownEntry(schema?.tables, drop.name) !== undefined;
    case 'sequence':
      return ownEntry(schema?.sequences, drop.name) !== undefined;
    case 'column':
      return (ownEntry(schema?.tables, drop.table)?.columns ?? []).some((c) => c.name === drop.name);
    case 'enumValue':
      return (ownEntry(schema?.enums, drop.enum)?.values ?? []).includes(drop.name);
  }
}

export function validateRecordedDrops(model: Model, locate?: Locate): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  (model.project?.drops ?? []).forEach((drop, index) => {
    if (!recordedDropExists(model, drop)) return;
    const location = locate?.(['project', 'drops', index]);
    const what = describeRecordedDrop(drop);
    diagnostics.push({
      code: 'recorded-drop-exists',
      severity: 'error',
      message: `${what} is recorded as dropped but the model still defines it`,
      ...(location ? { location } : {}),
      object: what,
      hint: 'remove the object from the model, or remove its entry from project.drops',
    });
  });
  return diagnostics;
}
