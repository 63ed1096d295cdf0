// Renames that migrations not applied yet will make (ALTER ... RENAME), read from their SQL with
// PostgreSQL's parser, so `migrate drift` can name them as renames: a database compared with the model
// it is about to reach, or one where someone ran such a rename by hand, differs by a rename, not by a
// drop and a create. Declared on the side the comparison goes to (`renamedFrom`, `renamedValues`),
// as a model declares a rename for diff.
import { readFile } from 'node:fs/promises';
import type { Model } from '../../model/model-schema.ts';
import { splitSqlStatements } from '../../readers/import-sql.ts';
import type { MigrationsDirectory } from '../migrations-directory.ts';
import { parseNode } from './migration-script.ts';
import type { MigrationStatus } from './migration-status.ts';

export interface PendingRename {
  /** What is renamed: a table (or view, sequence), column, constraint, index, schema, enum or enum value. */
  kind: 'table' | 'view' | 'column' | 'constraint' | 'index' | 'schema' | 'enum' | 'enumValue';
  schema: string;
  /** The table of a column or constraint; the enum of a value. */
  parent?: string;
  from: string;
  to: string;
  /** The migration that makes it. */
  migration: string;
}

interface RangeVar {
  schemaname?: string;
  relname?: string;
}

const names = (list: unknown): string[] =>
  ((list ?? []) as { String?: { sval?: string } }[]).map((item) => item.String?.sval ?? '');

/** The renames of the pending migrations, in the order they would run. */
export async function readPendingRenames(
  directory: MigrationsDirectory,
  status: MigrationStatus,
): Promise<PendingRename[]> {
  const pending = new Set(status.entries.filter((e) => e.state === 'pending').map((e) => e.version));
  const renames: PendingRename[] = [];
  for (const migration of directory.migrations) {
    if (!pending.has(migration.version)) continue;
    const split = await splitSqlStatements(await readFile(migration.up, 'utf8'), migration.up);
    for (const statement of split.statements) {
      const { type, fields } = parseNode(statement);
      const found = readRename(type, fields);
      if (found) renames.push({ ...found, migration: migration.label });
    }
  }
  return renames;
}

function readRename(
  type: string,
  fields: Record<string, unknown>,
): Omit<PendingRename, 'migration'> | undefined {
  if (type === 'AlterEnumStmt' && typeof fields.oldVal === 'string' && typeof fields.newVal === 'string') {
    const [schema, name] = qualified(names(fields.typeName));
    return { kind: 'enumValue', schema, parent: name, from: fields.oldVal, to: fields.newVal };
  }
  if (type !== 'RenameStmt' || typeof fields.newname !== 'string') return undefined;
  const to = fields.newname;
  const relation = fields.relation as RangeVar | undefined;
  const schema = relation?.schemaname ?? 'public';
  const table = relation?.relname ?? '';
  const sub = typeof fields.subname === 'string' ? fields.subname : '';
  switch (fields.renameType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_FOREIGN_TABLE':
      return { kind: 'table', schema, from: table, to };
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
      return { kind: 'view', schema, from: table, to };
    case 'OBJECT_COLUMN':
      return { kind: 'column', schema, parent: table, from: sub, to };
    case 'OBJECT_TABCONSTRAINT':
      return { kind: 'constraint', schema, parent: table, from: sub, to };
    case 'OBJECT_INDEX':
      return { kind: 'index', schema, from: table, to };
    case 'OBJECT_SCHEMA':
      return { kind: 'schema', schema: to, from: sub, to };
    case 'OBJECT_TYPE': {
      const [typeSchema, name] = qualified(
        names((fields.object as { List?: { items?: unknown } })?.List?.items),
      );
      return { kind: 'enum', schema: typeSchema, from: name, to };
    }
    default:
      return undefined;
  }
}

function qualified(parts: string[]): [string, string] {
  return parts.length > 1 ? [parts[0] ?? 'public', parts[1] ?? ''] : ['public', parts[0] ?? ''];
}

/**
 * A copy of `model` that declares the renames (each on the object under its new name, unless it
 * declares one already). A table renamed before its column or constraint is renamed is followed.
 */
export function declareRenames(model: Model, renames: readonly PendingRename[]): Model {
  if (renames.length === 0) return model;
  const copy = structuredClone(model);
  // Old table names as the later statements know them, to the names the model has.
  const tableNow = new Map<string, string>();
  const finalTable = (schema: string, name: string) => {
    let current = name;
    for (let seen = 0; tableNow.has(`${schema}.${current}`) && seen < 100; seen++)
      current = tableNow.get(`${schema}.${current}`) ?? current;
    return current;
  };
  for (const rename of renames)
    if (rename.kind === 'table') tableNow.set(`${rename.schema}.${rename.from}`, rename.to);
  for (const rename of renames) {
    const schema = copy.schemas?.[rename.schema];
    if (schema === undefined) continue;
    const declare = (item: { renamedFrom?: string | undefined } | undefined) => {
      if (item !== undefined && item.renamedFrom === undefined) item.renamedFrom = rename.from;
    };
    const table =
      rename.parent === undefined ? undefined : schema.tables?.[finalTable(rename.schema, rename.parent)];
    switch (rename.kind) {
      case 'schema':
        declare(schema);
        break;
      case 'table':
        // Renamed again later: the declaration belongs to the name it ends with.
        if (finalTable(rename.schema, rename.to) === rename.to) declare(schema.tables?.[rename.to]);
        break;
      case 'view':
        declare(schema.views?.[rename.to] ?? schema.materializedViews?.[rename.to]);
        break;
      case 'column':
        declare(table?.columns.find((c) => c.name === rename.to));
        break;
      case 'constraint':
        if (table === undefined) break;
        for (const list of [
          [table.primaryKey],
          table.uniques,
          table.checks,
          table.foreignKeys,
          table.exclusions,
        ])
          declare(
            (list as ({ name?: string; renamedFrom?: string } | undefined)[] | undefined)?.find(
              (c) => c?.name === rename.to,
            ),
          );
        break;
      case 'index':
        for (const candidate of Object.values(schema.tables ?? {}))
          declare(candidate.indexes?.find((i) => i.name === rename.to));
        break;
      case 'enum':
        declare(schema.enums?.[rename.to]);
        break;
      case 'enumValue': {
        const enumDef = schema.enums?.[rename.parent ?? ''];
        if (enumDef === undefined || !enumDef.values.includes(rename.to)) break;
        enumDef.renamedValues = { [rename.to]: rename.from, ...enumDef.renamedValues };
        break;
      }
    }
  }
  return copy;
}
