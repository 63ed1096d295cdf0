// A migration file as the runner runs it: its checksum, its statements, and whether it runs in one
// transaction (the default) or outside one, statement by statement, because it holds a statement that
// PostgreSQL refuses in a transaction block (or one that cannot see what an earlier one did before a
// commit), or because its author said so with `-- schemata:no-transaction`.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseSync } from '../../dialects/postgres/sql-parser.ts';
import { quoteLiteral } from '../../dialects/postgres/quote.ts';
import type { Diagnostic } from '../../model/diagnostics.ts';
import {
  foreignClientEncoding,
  parsedNodeOf,
  splitSqlStatements,
  type SqlStatement,
} from '../../readers/import-sql.ts';

/** The directive comment that makes a file run outside a transaction. */
export const NO_TRANSACTION_DIRECTIVE = /^[ \t]*--[ \t]*schemata:no-transaction\b/m;

/**
 * What runs as one step: a transaction block of the file (its statements, committed together with
 * the progress recorded in the history) or one statement outside any block.
 */
export interface ScriptStep {
  statements: SqlStatement[];
  /** True for a BEGIN ... COMMIT block of the file. */
  block: boolean;
}

export interface MigrationScript {
  file: string;
  /** SHA-256 of the file's bytes, hex. */
  checksum: string;
  /** The statements that do the work: transaction control (BEGIN, COMMIT) left out. */
  statements: SqlStatement[];
  transactional: boolean;
  /** Why the file runs outside a transaction, e.g. "CREATE INDEX CONCURRENTLY at 12:1". */
  outsideTransactionBecause?: string;
  /** Outside a transaction: what runs, in order, one step after the other. */
  steps: ScriptStep[];
  /**
   * Whether it may change its session beyond its transaction (SET, RESET, DISCARD, set_config): the
   * runner then resets the session before the next file.
   */
  changesSession: boolean;
}

export function checksumOf(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Read synchronously, as every file of the directory is: a migration file is small, and an
 * asynchronous read is four trips to the thread pool (open, stat, read, close), which for hundreds of
 * files costs more than the reading.
 */
export async function readFileChecksum(path: string): Promise<string> {
  return checksumOf(readFileSync(path));
}

type Node = Record<string, Record<string, unknown>>;

/** The parse node of a statement: its type (`CreateStmt`, `InsertStmt`, ...) and its fields. */
export function parseNode(statement: SqlStatement): { type: string; fields: Record<string, unknown> } {
  const node =
    (parsedNodeOf(statement) as Node | undefined) ??
    (parseSync(statement.text) as unknown as { stmts?: { stmt?: Node }[] }).stmts?.[0]?.stmt ??
    {};
  const [type = '', fields = {}] = Object.entries(node)[0] ?? [];
  return { type, fields };
}

/** Statements PostgreSQL refuses inside a transaction block: the name to report, or undefined. */
function refusedInTransaction(type: string, fields: Record<string, unknown>): string | undefined {
  switch (type) {
    case 'IndexStmt':
      return fields.concurrent === true ? 'CREATE INDEX CONCURRENTLY' : undefined;
    case 'DropStmt':
      return fields.concurrent === true ? 'DROP INDEX CONCURRENTLY' : undefined;
    case 'ReindexStmt': {
      const params = (fields.params ?? []) as { DefElem?: { defname?: string } }[];
      return params.some((p) => p.DefElem?.defname === 'concurrently') ? 'REINDEX CONCURRENTLY' : undefined;
    }
    case 'VacuumStmt':
      return fields.is_vacuumcmd === true ? 'VACUUM' : undefined;
    case 'CreatedbStmt':
      return 'CREATE DATABASE';
    case 'DropdbStmt':
      return 'DROP DATABASE';
    case 'AlterSystemStmt':
      return 'ALTER SYSTEM';
    case 'CreateTableSpaceStmt':
      return 'CREATE TABLESPACE';
    case 'DropTableSpaceStmt':
      return 'DROP TABLESPACE';
    default:
      return undefined;
  }
}

const at = (statement: SqlStatement) => `${statement.location.line}:${statement.location.column}`;

/**
 * Reads and classifies a migration file. Errors: a syntax error, and transaction control the runner
 * cannot honour (ROLLBACK, PREPARE TRANSACTION, a block that is not closed or a COMMIT without BEGIN).
 */
export async function readMigrationScript(
  file: string,
): Promise<{ script?: MigrationScript; diagnostics: Diagnostic[] }> {
  const bytes = readFileSync(file);
  // A run over many targets reads the same files for each: each is parsed once per content.
  const key = `${file}\0${checksumOf(bytes)}`;
  const known = classified.get(key);
  if (known) return known;
  const read = await classifyMigrationScript(bytes, file);
  classified.set(key, read);
  return read;
}

const classified = new Map<string, { script?: MigrationScript; diagnostics: Diagnostic[] }>();

/**
 * Classifies SQL text as the runner runs it, as readMigrationScript does a file; `apply` runs its
 * plan through this too. `file` names the text in diagnostics.
 */
export async function classifyMigrationScript(
  bytes: Buffer,
  file: string,
): Promise<{ script?: MigrationScript; diagnostics: Diagnostic[] }> {
  const text = bytes.toString('utf8');
  const split = await splitSqlStatements(text, file);
  if (split.diagnostics.length > 0) return { diagnostics: split.diagnostics };
  const diagnostics: Diagnostic[] = [];
  const statements: SqlStatement[] = [];
  const steps: ScriptStep[] = [];
  let open: ScriptStep | undefined;
  let openedAt: SqlStatement | undefined;
  let refused: string | undefined;
  const addedValues: { value: string; statement: SqlStatement }[] = [];
  let changesSession = /\bset_config\s*\(/i.test(text);
  const fail = (statement: SqlStatement, message: string, hint: string) =>
    diagnostics.push({
      code: 'migration-transaction-control',
      severity: 'error',
      message,
      location: statement.location,
      hint,
    });
  for (const statement of split.statements) {
    const { type, fields } = parseNode(statement);
    const encoding = foreignClientEncoding(statement);
    if (encoding !== undefined)
      diagnostics.push({
        code: 'migration-client-encoding',
        severity: 'error',
        message: `the migration sets client_encoding to ${encoding}; schemata sends migration files as UTF-8`,
        location: statement.location,
        hint: 'save the file as UTF-8 and remove the statement',
      });
    if (type === 'TransactionStmt') {
      const kind = String(fields.kind);
      if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') {
        if (open !== undefined)
          fail(statement, 'BEGIN inside a transaction block', 'close the block first with COMMIT');
        open = { statements: [], block: true };
        openedAt = statement;
        continue;
      }
      if (kind === 'TRANS_STMT_COMMIT') {
        if (open === undefined)
          fail(statement, 'COMMIT without BEGIN', 'remove it, or open the block with BEGIN');
        else if (open.statements.length > 0) steps.push(open);
        open = undefined;
        continue;
      }
      if (!['TRANS_STMT_SAVEPOINT', 'TRANS_STMT_RELEASE', 'TRANS_STMT_ROLLBACK_TO'].includes(kind)) {
        fail(
          statement,
          `${statement.text.split(/\s/)[0]?.toUpperCase() ?? 'this statement'} cannot be run by the migration runner`,
          'a migration either runs to its end or fails; remove the statement (savepoints are fine)',
        );
        continue;
      }
    }
    if (type === 'VariableSetStmt' ? fields.is_local !== true : type === 'DiscardStmt') changesSession = true;
    const reason = refusedInTransaction(type, fields);
    if (reason !== undefined) refused ??= `${reason} at ${at(statement)}`;
    if (type === 'AlterEnumStmt' && fields.oldVal === undefined && typeof fields.newVal === 'string')
      addedValues.push({ value: fields.newVal, statement });
    else if (refused === undefined) {
      // A value added to an enum cannot be used before the transaction that added it commits.
      const used = addedValues.find(({ value }) => statement.text.includes(quoteLiteral(value)));
      if (used) refused = `ALTER TYPE ... ADD VALUE at ${at(used.statement)} used at ${at(statement)}`;
    }
    statements.push(statement);
    if (open !== undefined) open.statements.push(statement);
    else steps.push({ statements: [statement], block: false });
  }
  if (open !== undefined && openedAt !== undefined)
    fail(openedAt, 'this transaction block is never closed', 'end it with COMMIT');
  if (diagnostics.length > 0) return { diagnostics };
  const directive = NO_TRANSACTION_DIRECTIVE.test(text);
  const because = directive ? 'the file says -- schemata:no-transaction' : refused;
  return {
    script: {
      file,
      checksum: checksumOf(bytes),
      statements,
      transactional: because === undefined,
      ...(because !== undefined && { outsideTransactionBecause: because }),
      steps,
      changesSession,
    },
    diagnostics: [],
  };
}
