// What a migration rule may ask about a statement beyond its parse tree: how the schema stood just
// before it (tables, columns, constraints, indexes, which of them the same file created), the session
// settings in force (search_path, lock_timeout, statement_timeout, TimeZone), and which explicit
// transaction it runs in. The files are read once, in order; rules look the answers up.
import type { Node } from 'libpg-query';
import type { Model } from '../../model/model-schema.ts';
import type { LintStatement, MigrationLintContext } from '../rule.ts';
import { modelAt, recordModel } from './model-knowledge.ts';
import {
  keyOf,
  resolveKey,
  SchemaHistory,
  type ColumnState,
  type IndexState,
  type SchemaView,
  type TableState,
  type TypeState,
  type Volatility,
} from './schema-history.ts';
import { asNode, constantText, type QualifiedName } from './syntax.ts';
import { SchemaTracker } from './track-schema.ts';

export interface SessionSettings {
  readonly searchPath: readonly string[];
  /** A non-zero lock_timeout is set. */
  readonly lockTimeout: boolean;
  /** A non-zero statement_timeout is set. */
  readonly statementTimeout: boolean;
  /** The TimeZone the file set, lower case; undefined when it set none. */
  readonly timeZone: string | undefined;
}

export interface StatementFacts {
  /** Position in the file's statements. */
  readonly index: number;
  /** The statement's number in the history. */
  readonly seq: number;
  /** The explicit transaction (BEGIN ... COMMIT) it runs in: a number per transaction of the file. */
  readonly transaction: number | undefined;
  readonly session: SessionSettings;
}

const DEFAULT_SESSION: SessionSettings = {
  searchPath: ['public'],
  lockTimeout: false,
  statementTimeout: false,
  timeZone: undefined,
};

type SettingName = 'searchPath' | 'lockTimeout' | 'statementTimeout' | 'timeZone';

const SETTINGS: Readonly<Record<string, SettingName>> = {
  search_path: 'searchPath',
  lock_timeout: 'lockTimeout',
  statement_timeout: 'statementTimeout',
  timezone: 'timeZone',
};

/** Follows SET, SET LOCAL and RESET through a file's transactions. */
class SessionTracker {
  private session: SessionSettings = DEFAULT_SESSION;
  /** The session as it was when the open transaction began (SET LOCAL ends with it). */
  private beforeLocal: SessionSettings | undefined;
  private transactionStart: SessionSettings | undefined;

  get current(): SessionSettings {
    return this.session;
  }

  apply(node: Node): void {
    const transaction = asNode(node, 'TransactionStmt');
    if (transaction) {
      switch (transaction.kind) {
        case 'TRANS_STMT_BEGIN':
        case 'TRANS_STMT_START':
          this.transactionStart = this.session;
          this.beforeLocal = undefined;
          break;
        case 'TRANS_STMT_COMMIT':
          if (this.beforeLocal) this.session = this.beforeLocal;
          this.transactionStart = undefined;
          this.beforeLocal = undefined;
          break;
        case 'TRANS_STMT_ROLLBACK':
          this.session = this.transactionStart ?? this.session;
          this.transactionStart = undefined;
          this.beforeLocal = undefined;
          break;
        default:
          break;
      }
      return;
    }
    const set = asNode(node, 'VariableSetStmt');
    if (!set) return;
    if (set.kind === 'VAR_RESET_ALL') {
      this.session = DEFAULT_SESSION;
      return;
    }
    const setting = SETTINGS[(set.name ?? '').toLowerCase()];
    if (setting === undefined) return;
    if (set.is_local) {
      // SET LOCAL outside a transaction block has no effect (PostgreSQL only warns).
      if (this.transactionStart === undefined) return;
      this.beforeLocal ??= this.session;
    }
    const values = (set.args ?? []).map((arg) => constantText(arg) ?? '');
    const reset = set.kind === 'VAR_RESET' || set.kind === 'VAR_SET_DEFAULT';
    this.session = {
      ...this.session,
      [setting]: reset ? DEFAULT_SESSION[setting] : settingValue(setting, values),
    };
  }
}

function settingValue(setting: SettingName, values: string[]): SessionSettings[SettingName] {
  switch (setting) {
    case 'searchPath': {
      const schemas = values
        .map((v) => v.trim())
        .filter((v) => v !== '' && v !== '$user' && v !== 'pg_catalog');
      return schemas.length > 0 ? schemas : DEFAULT_SESSION.searchPath;
    }
    case 'lockTimeout':
    case 'statementTimeout':
      return values.length > 0 && !/^0+\s*(ms|s|min|h|d)?$/i.test(values[0]?.trim() ?? '');
    case 'timeZone':
      return values[0]?.toLowerCase();
  }
}

interface Registered {
  history: SchemaHistory;
  facts: StatementFacts;
  schema?: SchemaAt;
}

const REGISTRY = new WeakMap<LintStatement, Registered>();
const BUILT = new WeakMap<readonly LintStatement[], true>();

/** Reads files in order: those before (schema only) and those linted (their statements registered). */
export class MigrationReader {
  readonly history = new SchemaHistory();
  private readonly tracker = new SchemaTracker(this.history);

  constructor(schema: Model | undefined) {
    if (schema) recordModel(this.history, schema);
  }

  /** Applies a file's statements; `linted` registers the facts of each for the rules. */
  read(statements: readonly LintStatement[], linted: boolean): void {
    const session = new SessionTracker();
    let transaction: number | undefined;
    let transactions = 0;
    statements.forEach((statement, index) => {
      const node = statement.node as unknown as Node;
      const begins = asNode(node, 'TransactionStmt');
      if (
        begins &&
        (begins.kind === 'TRANS_STMT_BEGIN' || begins.kind === 'TRANS_STMT_START') &&
        transaction === undefined
      )
        transaction = ++transactions;
      this.history.seq += 1;
      if (linted)
        REGISTRY.set(statement, {
          history: this.history,
          facts: { index, seq: this.history.seq, transaction, session: session.current },
        });
      this.tracker.apply(node, linted ? statement.file : undefined, session.current.searchPath);
      session.apply(node);
      if (
        begins &&
        ['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE'].includes(begins.kind ?? '') &&
        !begins.chain
      )
        transaction = undefined;
    });
  }

  /** The schema after everything read so far. */
  modelNow(): Model {
    return modelAt(this.history.at(this.history.seq + 1));
  }
}

function registered(context: MigrationLintContext, statement: LintStatement): Registered {
  const found = REGISTRY.get(statement);
  if (found) return found;
  // A context built elsewhere (not by lintSql): read its statements now, against schema.before.
  if (!BUILT.has(context.statements)) {
    const reader = new MigrationReader(context.schema.before);
    reader.read(context.statements, true);
    BUILT.set(context.statements, true);
  }
  const built = REGISTRY.get(statement);
  if (!built)
    throw new Error(`statement at ${statement.file}:${statement.location.line} is not one of the context's`);
  return built;
}

export function factsOf(context: MigrationLintContext, statement: LintStatement): StatementFacts {
  return registered(context, statement).facts;
}

/** The schema as it stood just before a statement, names resolved with the session's search_path. */
export function schemaBefore(context: MigrationLintContext, statement: LintStatement): SchemaAt {
  const entry = registered(context, statement);
  entry.schema ??= new SchemaAt(
    entry.history.at(entry.facts.seq),
    entry.facts.session.searchPath,
    statement.file,
  );
  return entry.schema;
}

/** The schema at one statement of a linted file. */
export class SchemaAt {
  constructor(
    readonly view: SchemaView,
    private readonly searchPath: readonly string[],
    private readonly file: string,
  ) {}

  tableKey(name: QualifiedName): string {
    return resolveKey(name, this.searchPath, (key) => this.view.table(key) !== undefined);
  }

  table(name: QualifiedName | string): TableState | undefined {
    return this.view.table(typeof name === 'string' ? name : this.tableKey(name));
  }

  column(tableKey: string, column: string): ColumnState | undefined {
    return this.view.table(tableKey)?.columns.get(column);
  }

  /** The table exists and was created by an earlier statement of this file. */
  isNewTable(tableKey: string): boolean {
    return this.view.table(tableKey)?.createdIn === this.file;
  }

  /** The table is new, or the column was added by an earlier statement of this file. */
  isNewColumn(tableKey: string, column: string): boolean {
    return this.isNewTable(tableKey) || this.column(tableKey, column)?.addedIn === this.file;
  }

  indexKey(name: QualifiedName): string {
    return resolveKey(name, this.searchPath, (key) => this.view.index(key) !== undefined);
  }

  index(name: QualifiedName): IndexState | undefined {
    return this.view.index(this.indexKey(name));
  }

  indexesOf(tableKey: string): IndexState[] {
    return this.view.indexesOf(tableKey);
  }

  type(name: QualifiedName): TypeState | undefined {
    return this.view.type(resolveKey(name, this.searchPath, (key) => this.view.type(key) !== undefined));
  }

  /** A schema created by an earlier statement of this file. */
  isNewSchema(name: string): boolean {
    return this.view.schema(name)?.createdIn === this.file;
  }

  volatility(name: QualifiedName): Volatility | undefined {
    if (name.schema !== undefined) return this.view.functionVolatility(keyOf(name.schema, name.name));
    for (const schema of this.searchPath) {
      const found = this.view.functionVolatility(keyOf(schema, name.name));
      if (found) return found;
    }
    return undefined;
  }
}
