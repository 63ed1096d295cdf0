// A database the runner manages, read into a model without the runner's own history schema: the
// history table is the runner's bookkeeping, not part of the schema a model or a migration describes.
import type { Database } from '../../db/database.ts';
import { schemaNamesQuery } from '../../dialects/postgres/inspect/catalog-queries.ts';
import { inspectDatabase, type InspectResult } from '../../dialects/postgres/inspect/inspect-database.ts';
import type { Progress } from '../../model/progress.ts';

export async function inspectLiveDatabase(
  db: Database,
  historySchema: string,
  progress?: Progress,
): Promise<InspectResult> {
  const names = await db.query<{ name: string }>(schemaNamesQuery());
  if (!names.some((row) => row.name === historySchema)) return inspectDatabase(db, { progress });
  return inspectDatabase(db, {
    progress,
    schemas: names.map((row) => row.name).filter((name) => name !== historySchema),
  });
}
