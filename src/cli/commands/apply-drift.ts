// The drift check `apply` runs before it applies: is the database where its history says? After an
// apply, the history row keeps a digest of each object of the schema it left; a later apply compares
// the database with them and names every object changed, added or dropped outside schemata since. A
// database whose history ends with migrations is checked as `migrate up --check-drift` checks it
// (replayed on a scratch database), when its migrations directory is there. A database without a
// history (schemata never changed it) has nothing to check against.
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import type { Database } from '../../db/database.ts';
import { formatKey } from '../../diff/changes.ts';
import { readMigrationsDirectory } from '../../migrations/migrations-directory.ts';
import { readHistory } from '../../migrations/runner/history-table.ts';
import { historyOf, type RunnerSettings } from '../../migrations/runner/run-migrations.ts';
import { hasErrors, type Diagnostic } from '../../model/diagnostics.ts';
import type { Model } from '../../model/model-schema.ts';
import { resolveMigrationsPath } from '../model-io.ts';
import type { Output } from '../output.ts';
import type { ParsedArgs } from '../parsed-args.ts';

/** `table public.orders` -> a digest of its definition, for every object of the model. */
export function schemaDigests(model: Model): Record<string, string> {
  const digests: Record<string, string> = {};
  const digest = (value: unknown) =>
    createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 20);
  for (const [key, value] of Object.entries(model)) {
    if (key === 'schemas' || value === undefined) continue;
    digests[`model ${key}`] = digest(value);
  }
  for (const [schemaName, schema] of Object.entries(model.schemas ?? {})) {
    const own: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(schema as Record<string, unknown>)) {
      const isCollection =
        value !== null &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        Object.values(value).every((item) => item !== null && typeof item === 'object');
      if (!isCollection) {
        own[field] = value;
        continue;
      }
      for (const [name, item] of Object.entries(value as Record<string, unknown>))
        digests[`${field} ${schemaName}.${name}`] = digest(item);
    }
    digests[`schema ${schemaName}`] = digest(own);
  }
  return digests;
}

export interface ApplyDrift {
  /** What the check compared with. */
  against: 'last-apply' | 'migrations' | 'nothing';
  /** `changed tables public.orders`, `added views public.v`, `dropped ...`. */
  objects: string[];
  /** When the check could not run, why (a note). */
  note?: string;
  /** Against migrations: the drift report's diagnostics and text. */
  report?: { text: string; document: unknown };
}

/** Compares recorded digests with the database's: the objects changed, added and dropped. */
export function compareDigests(recorded: Record<string, string>, now: Record<string, string>): string[] {
  const objects: string[] = [];
  for (const [key, value] of Object.entries(now)) {
    if (!(key in recorded)) objects.push(`added ${key}`);
    else if (recorded[key] !== value) objects.push(`changed ${key}`);
  }
  for (const key of Object.keys(recorded)) if (!(key in now)) objects.push(`dropped ${key}`);
  return objects.sort((a, b) => a.slice(a.indexOf(' ')).localeCompare(b.slice(b.indexOf(' '))));
}

export async function checkApplyDrift(
  db: Database,
  live: Model,
  settings: RunnerSettings,
  args: ParsedArgs,
  out: Output,
): Promise<ApplyDrift> {
  const rows = await readHistory(db, historyOf(settings));
  const last = [...rows].reverse().find((row) => row.kind !== 'repair');
  if (last === undefined) return { against: 'nothing', objects: [] };
  if (last.kind === 'apply') {
    if (last.schemaDigests === null)
      return {
        against: 'nothing',
        objects: [],
        note: `the last apply (at ${last.appliedAt}) recorded no digests of the schema it left (an older schemata, or it stopped part of the way): drift is not checked this time`,
      };
    return { against: 'last-apply', objects: compareDigests(last.schemaDigests, schemaDigests(live)) };
  }
  // The history ends with migrations: checked against their replay.
  const dir = resolveMigrationsPath(args.values.dir as string | undefined, args.config);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    return {
      against: 'nothing',
      objects: [],
      note: `the database has a migration history, but there is no migrations directory at ${dir} to check it against (--dir DIR): drift is not checked`,
    };
  const directory = await readMigrationsDirectory(dir);
  if (hasErrors(directory.diagnostics))
    return { against: 'nothing', objects: [], note: `${dir} cannot be read: drift is not checked` };
  const { readDrift, renderDrift, driftDocument } = await import('./migrate-drift.ts');
  const report = await readDrift(db, directory, settings, args, out, { withModel: false });
  return {
    against: 'migrations',
    objects: [...new Set(report.migrations.map((c) => `${c.action} ${c.kind} ${formatKey(c.key)}`))],
    report: { text: renderDrift(report, out), document: driftDocument(report) },
  };
}

/** The refusal (or, with --allow-drift, the warning) of an apply to a database that drifted. */
export function driftDiagnostic(drift: ApplyDrift, allowed: boolean): Diagnostic {
  const since =
    drift.against === 'last-apply'
      ? 'it changed outside schemata since the last apply'
      : 'it is not where its applied migrations leave it';
  return {
    code: 'drift',
    severity: allowed ? 'warning' : 'error',
    message: `the database has drifted: ${since}: ${drift.objects.join(', ')}${allowed ? '; applying anyway (--allow-drift): the plan takes those objects to the model too' : '; nothing was applied'}`,
    hint: allowed
      ? 'the plan above shows what happens to them'
      : 'find out who changed them; to bring them to the model anyway, run again with --allow-drift (the plan shows what it does to them)',
  };
}
