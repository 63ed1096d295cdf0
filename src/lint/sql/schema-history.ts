// What the linter knows of the database while it reads migration files: tables with their columns,
// constraints and indexes, types, schemas and functions, as each statement left them. Every change is
// recorded with the number of the statement that made it, so a rule can ask how things stood just
// before any statement of the file (a table created earlier in the same file, a CHECK validated two
// statements up) without copying the whole schema at every statement.
import type { Node } from 'libpg-query';
import type { ColumnType, QualifiedName } from './syntax.ts';

export interface ColumnState {
  readonly name: string;
  /** Undefined when the type could not be read. */
  readonly type: ColumnType | undefined;
  readonly notNull: boolean;
  /** A default other than NULL. */
  readonly hasDefault: boolean;
  readonly identity: boolean;
  readonly generated: boolean;
  /** The file whose statement added the column; undefined when it existed before the files. */
  readonly addedIn?: string;
}

export type ConstraintKind = 'primary' | 'unique' | 'foreign' | 'check' | 'exclusion';

export interface ConstraintState {
  readonly name: string;
  readonly kind: ConstraintKind;
  readonly columns: readonly string[];
  /** False for a constraint added NOT VALID and not validated since. */
  readonly validated: boolean;
  /** CHECK: the expression (parse tree), or its text when it came from a model. */
  readonly expression?: Node;
  readonly expressionText?: string;
  /** ADD ... USING INDEX: the index it took over. */
  readonly index?: string;
  /** FOREIGN KEY: the referenced table's key. */
  readonly references?: string;
  readonly addedIn?: string;
}

export type RelationKind = 'table' | 'view' | 'materialized view' | 'foreign table';

export interface TableState {
  readonly schema: string;
  readonly name: string;
  readonly kind: RelationKind;
  readonly partitioned: boolean;
  /** Partition key columns (undefined for an expression key). */
  readonly partitionKey?: readonly (string | undefined)[];
  /** The parent's key when the table is a partition. */
  readonly partitionOf?: string;
  readonly columns: ReadonlyMap<string, ColumnState>;
  readonly constraints: ReadonlyMap<string, ConstraintState>;
  readonly unlogged: boolean;
  /** The file whose statement created it; undefined when it existed before the files. */
  readonly createdIn?: string;
}

export interface IndexState {
  readonly schema: string;
  readonly name: string;
  /** The table's key. */
  readonly table: string;
  readonly unique: boolean;
  /** Key columns; undefined for an expression. */
  readonly columns: readonly (string | undefined)[];
  readonly partial: boolean;
  readonly createdIn?: string;
}

export interface TypeState {
  readonly schema: string;
  readonly name: string;
  readonly kind: 'enum' | 'domain' | 'other';
  readonly values?: readonly string[];
  readonly createdIn?: string;
}

export interface SchemaEntry {
  readonly name: string;
  readonly createdIn?: string;
}

export type Volatility = 'immutable' | 'stable' | 'volatile';

/** `schema.name`, the key of every object in the history. */
export function keyOf(schema: string, name: string): string {
  return `${schema}.${name}`;
}

/** Values by key, each with the statement numbers at which it changed. */
class History<V> {
  private readonly entries = new Map<string, { at: number[]; values: (V | undefined)[] }>();

  /** The value as it was before statement `seq` ran (Infinity: the latest). */
  get(key: string, seq: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const { at, values } = entry;
    let low = 0;
    let high = at.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((at[mid] ?? 0) < seq) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found < 0 ? undefined : values[found];
  }

  /** Whether the latest change to `key` was made by statement `seq`. */
  changedAt(key: string, seq: number): boolean {
    const at = this.entries.get(key)?.at;
    return at !== undefined && at[at.length - 1] === seq;
  }

  set(key: string, value: V | undefined, seq: number): void {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { at: [], values: [] };
      this.entries.set(key, entry);
    }
    if (entry.at[entry.at.length - 1] === seq) entry.values[entry.values.length - 1] = value;
    else {
      entry.at.push(seq);
      entry.values.push(value);
    }
  }

  /** Keys that have a value before statement `seq`. */
  *keys(seq: number): Iterable<string> {
    for (const key of this.entries.keys()) if (this.get(key, seq) !== undefined) yield key;
  }
}

/** The schema's history over every statement read so far. */
export class SchemaHistory {
  readonly tables = new History<TableState>();
  readonly indexes = new History<IndexState>();
  readonly types = new History<TypeState>();
  readonly schemas = new History<SchemaEntry>();
  readonly functions = new History<Volatility>();
  /** The number of the statement being applied; 0 is the starting schema. */
  seq = 0;

  /** How things stood just before statement `seq`. */
  at(seq: number): SchemaView {
    return new SchemaView(this, seq);
  }
}

/** The schema as it was just before one statement. */
export class SchemaView {
  constructor(
    private readonly history: SchemaHistory,
    readonly seq: number,
  ) {}

  table(key: string): TableState | undefined {
    return this.history.tables.get(key, this.seq);
  }

  index(key: string): IndexState | undefined {
    return this.history.indexes.get(key, this.seq);
  }

  type(key: string): TypeState | undefined {
    return this.history.types.get(key, this.seq);
  }

  schema(name: string): SchemaEntry | undefined {
    return this.history.schemas.get(name, this.seq);
  }

  functionVolatility(key: string): Volatility | undefined {
    return this.history.functions.get(key, this.seq);
  }

  tableKeys(): Iterable<string> {
    return this.history.tables.keys(this.seq);
  }

  typeKeys(): Iterable<string> {
    return this.history.types.keys(this.seq);
  }

  indexKeys(): Iterable<string> {
    return this.history.indexes.keys(this.seq);
  }

  /** Indexes of a table. */
  indexesOf(tableKey: string): IndexState[] {
    const out: IndexState[] = [];
    for (const key of this.indexKeys()) {
      const index = this.index(key);
      if (index?.table === tableKey) out.push(index);
    }
    return out;
  }
}

/** Resolves names the way the session's search_path would. */
export function resolveKey(
  name: QualifiedName,
  searchPath: readonly string[],
  exists: (key: string) => boolean,
): string {
  if (name.schema !== undefined) return keyOf(name.schema, name.name);
  for (const schema of searchPath) {
    const key = keyOf(schema, name.name);
    if (exists(key)) return key;
  }
  return keyOf(searchPath[0] ?? 'public', name.name);
}
