// Reads SQL files into a model the way PostgreSQL itself reads them: the statements run in an
// embedded database, which is then inspected. The real PostgreSQL parser splits the file so an error
// can be reported at its file:line:column.
import { readFile } from 'node:fs/promises';
import { parseSync, scanSync } from '../dialects/postgres/sql-parser.ts';
import { openEmbeddedDatabase, readDatabaseError, type Database } from '../db/database.ts';
import type { Diagnostic, SourceLocation } from '../model/diagnostics.ts';
import { loadSqlParser } from '../dialects/postgres/types.ts';
import { quoteIdent } from '../dialects/postgres/quote.ts';
import { inspectDatabase, type InspectResult } from '../dialects/postgres/inspect/inspect-database.ts';

export interface SqlStatement {
  text: string;
  location: SourceLocation;
}

export interface LoadSqlResult {
  statements: number;
  diagnostics: Diagnostic[];
  /** The first statement that failed, with the 1-based character position PostgreSQL gave. */
  failed?: { text: string; position?: number; message: string; hint?: string };
}

export interface LoadSqlOptions {
  /** Keep going after a failing statement, as psql does by default; failures become warnings. */
  continueOnError?: boolean;
  /**
   * Makes a role that a statement names but the cluster lacks. By default only an embedded database
   * gets them; on a server a missing role is an error.
   */
  createRole?: (name: string) => Promise<void>;
  /**
   * Runs this many statements per round trip, each group as one implicit transaction; a group that
   * fails is rolled back whole and run again one statement at a time, so failures are still reported
   * at their statement. For SQL that may run in transactions (generated DDL), not for dumps.
   */
  batch?: number;
}

/** psql meta-commands (\restrict, \connect, \set ...) are for psql, not the server: blank them out. */
function blankMetaCommands(text: string): string {
  return text.replace(/^[ \t]*\\[a-zA-Z!].*$/gm, '');
}

class LineIndex {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  locate(file: string, offset: number): SourceLocation {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { file, line: low + 1, column: offset - (this.starts[low] ?? 0) + 1 };
  }
  get length() {
    return this.text.length;
  }
}

/** Character offset of a UTF-8 byte offset. */
function charOffset(bytes: Buffer, byteOffset: number): number {
  return bytes.subarray(0, byteOffset).toString('utf8').length;
}

/**
 * Splits SQL text into statements with their positions. Returns a diagnostic instead when the text
 * has a syntax error.
 */
export async function splitSqlStatements(
  text: string,
  file: string,
): Promise<{ statements: SqlStatement[]; diagnostics: Diagnostic[] }> {
  await loadSqlParser();
  const source = blankMetaCommands(text);
  const lines = new LineIndex(source);
  const bytes = Buffer.from(source, 'utf8');
  let tree: { stmts?: { stmt_location?: number; stmt_len?: number }[] };
  try {
    tree = parseSync(source) as typeof tree;
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const at = details?.cursorPosition !== undefined ? charOffset(bytes, details.cursorPosition) : 0;
    return {
      statements: [],
      diagnostics: [
        {
          code: 'sql-syntax',
          severity: 'error',
          message: (error as Error).message,
          location: lines.locate(file, at),
          hint: 'fix the SQL so that PostgreSQL can parse it',
        },
      ],
    };
  }
  const statements: SqlStatement[] = [];
  // Statements come in file order, so character offsets are counted on from the previous statement:
  // counting from the start of the file each time is quadratic on a large dump.
  let countedBytes = 0;
  let countedChars = 0;
  for (const stmt of tree.stmts ?? []) {
    const startByte = stmt.stmt_location ?? 0;
    const endByte = stmt.stmt_len ? startByte + stmt.stmt_len : bytes.length;
    const raw = bytes.subarray(startByte, endByte).toString('utf8');
    // Skip leading white space and comments so the location points at the first keyword.
    const first = scanSync(raw).tokens.find(
      (t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT',
    );
    const lead = first ? charOffset(Buffer.from(raw, 'utf8'), first.start) : 0;
    countedChars += bytes.subarray(countedBytes, startByte).toString('utf8').length;
    countedBytes = startByte;
    const start = countedChars + lead;
    statements.push({ text: raw.slice(lead), location: lines.locate(file, start) });
  }
  return { statements, diagnostics: [] };
}

/** Where inside the file a 1-based character position within a statement falls. */
function locateInStatement(statement: SqlStatement, position: number | undefined): SourceLocation {
  if (position === undefined || position < 1) return statement.location;
  const before = statement.text.slice(0, position - 1);
  const newlines = before.split('\n');
  if (newlines.length === 1)
    return { ...statement.location, column: statement.location.column + position - 1 };
  return {
    file: statement.location.file,
    line: statement.location.line + newlines.length - 1,
    column: (newlines[newlines.length - 1]?.length ?? 0) + 1,
  };
}

const MISSING_ROLE = /^role "((?:[^"]|"")+)" does not exist$/;

/** Runs the statements of SQL text, one at a time, reporting each failure at its location. */
export async function loadSql(db: Database, text: string, file: string, options: LoadSqlOptions = {}) {
  const split = await splitSqlStatements(text, file);
  if (split.diagnostics.length > 0) return { statements: 0, diagnostics: split.diagnostics };
  return loadStatements(db, split.statements, options);
}

/** Runs statements already split (as loadSql does after splitting). */
export async function loadStatements(
  db: Database,
  statements: readonly SqlStatement[],
  options: LoadSqlOptions = {},
): Promise<LoadSqlResult> {
  const result: LoadSqlResult = { statements: 0, diagnostics: [] };
  const size = options.batch ?? 1;
  for (let start = 0; start < statements.length; start += size) {
    const group = statements.slice(start, start + size);
    if (group.length > 1) {
      try {
        // On a line of its own: a statement may end in a -- comment.
        await db.exec(group.map((statement) => `${statement.text}\n;`).join('\n'));
        result.statements += group.length;
        continue;
      } catch {
        // Rolled back whole: run again one at a time, to find and report the failing statement.
      }
    }
    if (!(await runEach(db, group, options, result))) break;
  }
  return result;
}

/** Runs statements one at a time; false when a failure should stop the load. */
async function runEach(
  db: Database,
  statements: readonly SqlStatement[],
  options: LoadSqlOptions,
  result: LoadSqlResult,
): Promise<boolean> {
  for (const statement of statements) {
    const failure = await runStatement(db, statement.text, options.createRole);
    if (!failure) {
      result.statements++;
      continue;
    }
    result.failed ??= {
      text: statement.text,
      message: failure.message,
      ...(failure.position !== undefined && { position: failure.position }),
      ...((failure.hint ?? failure.detail) !== undefined && { hint: failure.hint ?? failure.detail }),
    };
    result.diagnostics.push({
      code: 'sql-error',
      severity: options.continueOnError ? 'warning' : 'error',
      message: failure.message,
      location: locateInStatement(statement, failure.position),
      hint: failure.hint ?? failure.detail ?? 'the statement failed in PostgreSQL; fix it and run again',
    });
    if (!options.continueOnError) return false;
  }
  return true;
}

async function runStatement(db: Database, sql: string, createRole?: (name: string) => Promise<void>) {
  const makeRole =
    createRole ??
    (db.kind === 'embedded' ? (name: string) => db.exec(`CREATE ROLE ${quoteIdent(name)}`) : undefined);
  // Roles are cluster-wide: a dump that names owners or grantees needs them to exist. In a throw-away
  // embedded database they are created on demand.
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await db.exec(sql);
      return undefined;
    } catch (error) {
      const failure = readDatabaseError(error);
      const role = makeRole ? MISSING_ROLE.exec(failure.message)?.[1] : undefined;
      if (!role || !makeRole) return failure;
      await makeRole(role.replaceAll('""', '"'));
    }
  }
  return { message: 'too many missing roles' };
}

export interface ImportResult extends InspectResult {
  diagnostics: Diagnostic[];
}

export type ImportOptions = LoadSqlOptions & { schemas?: string[] };

/** Runs SQL text in `db` (which should hold nothing else) and inspects the result. */
export async function importSql(
  db: Database,
  text: string,
  file: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const loaded = await loadSql(db, text, file, options);
  if (loaded.diagnostics.some((d) => d.severity === 'error')) {
    return { model: {}, unsupported: [], diagnostics: loaded.diagnostics };
  }
  const inspected = await inspectDatabase(db, options.schemas ? { schemas: options.schemas } : {});
  return { ...inspected, diagnostics: loaded.diagnostics };
}

/** Loads a SQL file into a fresh embedded database and inspects the result. */
export async function importSqlFile(path: string, options: ImportOptions = {}): Promise<ImportResult> {
  const text = await readFile(path, 'utf8');
  const db = await openEmbeddedDatabase();
  try {
    return await importSql(db, text, path, options);
  } finally {
    await db.close();
  }
}
