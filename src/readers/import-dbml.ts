// DBML into a model, through @dbml/core's parser: schemas, tables, columns (type, pk, unique, not
// null, default, increment, note), indexes, enums, references as foreign keys with their actions,
// table groups as subject areas, notes as descriptions. What a model has no place for (sample
// records, sticky notes, many-to-many references) is reported as unsupported, never dropped silently.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type * as DbmlCore from '@dbml/core';
import type { Column, ForeignKey, Index, Model, SchemaDef, Table, Unique } from '../model/model-schema.ts';
import type { Diagnostic } from '../model/diagnostics.ts';
import { quoteIdent, quoteLiteral, quoteQualified } from '../dialects/postgres/quote.ts';
import { loadSqlParser, parseTypeName, TypeSyntaxError } from '../dialects/postgres/types.ts';
import type { InspectResult, UnsupportedObject } from '../dialects/postgres/inspect/inspect-result.ts';

const requireHere = createRequire(import.meta.url);

export interface ImportDbmlResult extends InspectResult {
  diagnostics: Diagnostic[];
}

// The shape of Database.export(), the parts read here.
interface Position {
  start?: { line?: number; column?: number; offset?: number };
}
interface DbmlField {
  name: string;
  type: { schemaName: string | null; type_name: string };
  unique?: boolean;
  pk?: boolean;
  not_null?: boolean;
  note?: string | null;
  dbdefault?: { type: string; value: unknown };
  increment?: boolean;
}
interface DbmlIndex {
  name?: string;
  type?: string;
  unique?: boolean;
  pk?: boolean;
  note?: string | null;
  columns: { type: string; value: string }[];
}
interface DbmlTable {
  name: string;
  note?: string | null;
  fields: DbmlField[];
  indexes: DbmlIndex[];
  token?: Position;
}
interface DbmlEndpoint {
  schemaName: string | null;
  tableName: string;
  fieldNames: string[];
  relation: string;
}
interface DbmlRef {
  name?: string | null;
  onDelete?: string;
  onUpdate?: string;
  endpoints: DbmlEndpoint[];
}
interface DbmlSchema {
  name: string;
  note?: string | null;
  tables: DbmlTable[];
  enums: { name: string; note?: string | null; values: { name: string; note?: string | null }[] }[];
  tableGroups: { name: string; tables: { tableName: string; schemaName: string | null }[] }[];
  refs: DbmlRef[];
}
interface DbmlExport {
  schemas: DbmlSchema[];
  notes?: unknown[];
  records?: { schemaName?: string | null; tableName: string }[];
}
interface DbmlDatabase {
  export(): DbmlExport;
  schemas: {
    name: string;
    tables: {
      name: string;
      fields: { name: string; token?: Position }[];
      indexes: { columns: { token?: { start?: { offset?: number } } }[] }[];
    }[];
  }[];
  name?: string;
  note?: string;
}
interface DbmlDiagnostic {
  message: string;
  location?: { start?: { line?: number; column?: number } };
  code?: number;
}

const ACTIONS = new Set(['no action', 'restrict', 'cascade', 'set null', 'set default']);
const METHODS = new Set(['btree', 'hash', 'gin', 'gist', 'spgist', 'brin']);
const INTEGER_TYPES = new Set(['smallint', 'integer', 'bigint', 'int', 'int2', 'int4', 'int8']);

export async function importDbmlFile(path: string): Promise<ImportDbmlResult> {
  return importDbml(await readFile(path, 'utf8'), path);
}

/** Reads DBML text (`file` names it in diagnostics). */
export async function importDbml(text: string, file: string): Promise<ImportDbmlResult> {
  await loadSqlParser();
  const { Parser } = requireHere('@dbml/core') as typeof DbmlCore;
  let database: DbmlDatabase;
  try {
    database = new Parser().parse(text, 'dbmlv2') as unknown as DbmlDatabase;
  } catch (error) {
    const diags = (error as { diags?: DbmlDiagnostic[] }).diags;
    if (!Array.isArray(diags)) throw error;
    return {
      model: {},
      unsupported: [],
      diagnostics: diags.map((diag) => ({
        code: 'dbml-error',
        severity: 'error',
        message: diag.message,
        location: {
          file,
          line: diag.location?.start?.line ?? 1,
          column: diag.location?.start?.column ?? 1,
        },
      })),
    };
  }
  return new DbmlReader(file).read(database);
}

class DbmlReader {
  readonly diagnostics: Diagnostic[] = [];
  readonly unsupported: UnsupportedObject[] = [];
  readonly model: Model = {};
  private readonly enums = new Set<string>();
  /** Where each field is written, by `schema\0table\0field` (the export leaves positions out). */
  private readonly positions = new Map<string, { line: number; column: number }>();

  constructor(private readonly file: string) {}

  read(database: DbmlDatabase): ImportDbmlResult {
    restoreIndexColumnOrder(database);
    for (const schema of database.schemas)
      for (const table of schema.tables)
        for (const field of table.fields)
          this.positions.set(`${schema.name}\u0000${table.name}\u0000${field.name}`, {
            line: field.token?.start?.line ?? 1,
            column: field.token?.start?.column ?? 1,
          });
    const exported = database.export();
    const schemas: Record<string, SchemaDef> = {};
    const schemaOf = (name: string | null | undefined): SchemaDef => (schemas[name ?? 'public'] ??= {});
    for (const schema of exported.schemas)
      for (const enumDef of schema.enums) this.enums.add(`${schema.name}\u0000${enumDef.name}`);

    for (const schema of exported.schemas) {
      const def = schemaOf(schema.name);
      // @dbml/core gives public a note of its own making.
      if (schema.note && schema.name !== 'public') def.description = schema.note;
      for (const enumDef of schema.enums) {
        (def.enums ??= {})[enumDef.name] = {
          values: enumDef.values.map((value) => value.name),
          ...(enumDef.note ? { description: enumDef.note } : {}),
        };
      }
      for (const table of schema.tables) (def.tables ??= {})[table.name] = this.table(schema.name, table);
    }
    for (const schema of exported.schemas) {
      for (const ref of schema.refs) this.reference(ref, schemas);
      for (const group of schema.tableGroups) {
        for (const member of group.tables) {
          const table = schemas[member.schemaName ?? 'public']?.tables?.[member.tableName];
          if (table) table.subjectArea = group.name;
        }
      }
    }
    for (const record of exported.records ?? [])
      this.unsupported.push({
        kind: 'records',
        name: quoteQualified(record.schemaName ?? undefined, record.tableName),
        reason: 'sample data is not part of a model',
      });
    if ((exported.notes ?? []).length > 0)
      this.unsupported.push({ kind: 'sticky notes', name: `${exported.notes?.length ?? 0} notes` });

    for (const [name, def] of Object.entries(schemas))
      if (Object.keys(def).length > 0 || name !== 'public') (this.model.schemas ??= {})[name] = def;
    const project = {
      ...(database.name ? { name: database.name } : {}),
      ...(database.note ? { description: database.note } : {}),
    };
    if (Object.keys(project).length > 0) this.model.project = project;
    return { model: this.model, unsupported: this.unsupported, diagnostics: this.diagnostics };
  }

  private table(schema: string, source: DbmlTable): Table {
    const where = `${quoteQualified(schema, source.name)}`;
    const columns = source.fields.map((field) => this.column(schema, source.name, where, field));
    const table: Table = { columns };
    const pk = source.fields.filter((field) => field.pk).map((field) => field.name);
    if (pk.length > 0) table.primaryKey = { columns: pk };
    const uniques: Unique[] = source.fields
      .filter((field) => field.unique)
      .map((field) => ({ columns: [field.name] }));
    const indexes: Index[] = [];
    for (const index of source.indexes) {
      const plain = index.columns.every((key) => key.type === 'column');
      const names = index.columns.map((key) => key.value);
      if (index.pk) {
        table.primaryKey = { ...(index.name ? { name: index.name } : {}), columns: names };
        continue;
      }
      // Without a method, a unique index of plain columns is a unique constraint (as the export writes them).
      if (index.unique && plain && index.type === undefined) {
        uniques.push({
          ...(index.name ? { name: index.name } : {}),
          columns: names,
          ...(index.note ? { description: index.note } : {}),
        });
        continue;
      }
      const method = index.type?.toLowerCase();
      if (method !== undefined && !METHODS.has(method))
        this.diagnostics.push({
          code: 'dbml-index-type',
          severity: 'warning',
          message: `index type "${index.type}" is not a PostgreSQL index method; the index is a btree index`,
          object: where,
        });
      indexes.push({
        ...(index.name ? { name: index.name } : {}),
        ...(index.unique ? { unique: true } : {}),
        ...(method !== undefined && method !== 'btree' && METHODS.has(method)
          ? { method: method as NonNullable<Index['method']> }
          : {}),
        columns: index.columns.map((key) => (key.type === 'column' ? key.value : { expression: key.value })),
        ...(index.note ? { description: index.note } : {}),
      });
    }
    if (uniques.length > 0) table.uniques = uniques;
    if (indexes.length > 0) table.indexes = indexes;
    if (source.note) table.description = source.note;
    return table;
  }

  private column(schema: string, tableName: string, where: string, field: DbmlField): Column {
    const type = this.type(field, schema, where, tableName);
    const column: Column = { name: field.name, type };
    if (field.not_null) column.notNull = true;
    const fallback = field.dbdefault;
    if (fallback) {
      const value = fallback.value;
      const text =
        fallback.type === 'string'
          ? quoteLiteral(String(value))
          : fallback.type === 'boolean'
            ? String(value).toLowerCase()
            : String(value);
      column.default = text;
    }
    if (field.increment) {
      const name = parseTypeSafely(type)?.name;
      if (name !== undefined && INTEGER_TYPES.has(name)) column.identity = { generation: 'by default' };
    }
    if (field.note) column.description = field.note;
    return column;
  }

  /** The type as SQL text: an enum (DBML names it bare) quoted as needed, any other type as written. */
  private type(field: DbmlField, tableSchema: string, where: string, tableName: string): string {
    const { schemaName, type_name: name } = field.type;
    let type: string;
    if (schemaName !== null) type = quoteQualified(schemaName === 'public' ? undefined : schemaName, name);
    else if (this.enums.has(`public\u0000${name}`)) type = quoteIdent(name);
    else if (this.enums.has(`${tableSchema}\u0000${name}`)) type = quoteQualified(tableSchema, name);
    else type = name;
    if (parseTypeSafely(type) === undefined) {
      this.diagnostics.push({
        code: 'dbml-type',
        severity: 'error',
        message: `"${type}" is not a PostgreSQL type`,
        location: {
          file: this.file,
          ...(this.positions.get(`${tableSchema}\u0000${tableName}\u0000${field.name}`) ?? {
            line: 1,
            column: 1,
          }),
        },
        object: `${where}.${quoteIdent(field.name)}`,
        hint: 'write a PostgreSQL type, e.g. varchar(255), timestamptz, numeric(10,2)',
      });
    }
    return type;
  }

  private reference(ref: DbmlRef, schemas: Record<string, SchemaDef>): void {
    const [first, second] = ref.endpoints;
    if (!first || !second) return;
    const describe = () =>
      ref.endpoints.map((e) => quoteQualified(e.schemaName ?? undefined, e.tableName)).join(' - ');
    if (first.relation === '*' && second.relation === '*') {
      this.unsupported.push({
        kind: 'many-to-many reference',
        name: ref.name ? quoteIdent(ref.name) : describe(),
        reason: 'a model draws many-to-many through a junction table',
      });
      return;
    }
    // The foreign key is on the many side; of a one-to-one, on the side written first.
    const [holder, target] = second.relation === '*' ? [second, first] : [first, second];
    const holderSchema = holder.schemaName ?? 'public';
    const table = schemas[holderSchema]?.tables?.[holder.tableName];
    if (!table) return;
    const targetSchema = target.schemaName ?? 'public';
    const onDelete = ref.onDelete?.toLowerCase();
    const onUpdate = ref.onUpdate?.toLowerCase();
    const fk: ForeignKey = {
      ...(ref.name ? { name: ref.name } : {}),
      columns: [...holder.fieldNames],
      references: {
        ...(targetSchema !== holderSchema ? { schema: targetSchema } : {}),
        table: target.tableName,
        columns: [...target.fieldNames],
      },
      ...(onDelete && ACTIONS.has(onDelete) ? { onDelete: onDelete as ForeignKey['onDelete'] } : {}),
      ...(onUpdate && ACTIONS.has(onUpdate) ? { onUpdate: onUpdate as ForeignKey['onUpdate'] } : {}),
    };
    (table.foreignKeys ??= []).push(fk);
  }
}

function parseTypeSafely(type: string) {
  try {
    return parseTypeName(type);
  } catch (error) {
    if (error instanceof TypeSyntaxError) return undefined;
    throw error;
  }
}

/** @dbml/core lists an index's expressions before its columns; their positions in the text give the order back. */
function restoreIndexColumnOrder(database: DbmlDatabase): void {
  const offset = (column: { token?: { start?: { offset?: number } } }) => column.token?.start?.offset ?? 0;
  for (const schema of database.schemas)
    for (const table of schema.tables)
      for (const index of table.indexes) index.columns.sort((a, b) => offset(a) - offset(b));
}
