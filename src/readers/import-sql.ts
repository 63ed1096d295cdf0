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
import { inStep, type Progress } from '../model/progress.ts';

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
  /** Told how many of the statements have run, after each statement or batch. */
  onLoaded?: (done: number, total: number) => void;
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

/** Counts characters up to UTF-8 byte offsets that only grow, so a large file is counted once. */
function charCounter(bytes: Buffer): (byteOffset: number) => number {
  let countedBytes = 0;
  let countedChars = 0;
  return (byteOffset) => {
    if (byteOffset < countedBytes) {
      countedBytes = 0;
      countedChars = 0;
    }
    countedChars += bytes.subarray(countedBytes, byteOffset).toString('utf8').length;
    countedBytes = byteOffset;
    return countedChars;
  };
}

interface ParseTree {
  stmts?: { stmt_location?: number; stmt_len?: number; stmt?: Record<string, unknown> }[];
}

/** The parse node of each statement split from a text that parsed whole (see parsedNodeOf). */
const parsedNodes = new WeakMap<SqlStatement, Record<string, unknown>>();

/** The statement's parse node (`{ CreateStmt: {...} }`) as the split found it, if it kept one. */
export function parsedNodeOf(statement: SqlStatement): Record<string, unknown> | undefined {
  return parsedNodes.get(statement);
}

/**
 * The encoding a statement sets the session's client_encoding to, when that is not UTF-8 (`SET
 * client_encoding = latin1`, `SET NAMES 'WIN1252'`). schemata reads every SQL file as UTF-8 and sends
 * it as UTF-8, so such a statement would make PostgreSQL misread the rest of the text (and the
 * embedded database stops answering on it).
 */
export function foreignClientEncoding(statement: SqlStatement): string | undefined {
  const set = parsedNodeOf(statement)?.VariableSetStmt as
    { name?: string; kind?: string; args?: { A_Const?: { sval?: { sval?: string } } }[] } | undefined;
  if (set?.name !== 'client_encoding' || set.kind !== 'VAR_SET_VALUE') return undefined;
  const value = set.args?.[0]?.A_Const?.sval?.sval;
  if (value === undefined) return undefined;
  return ['UTF8', 'UNICODE'].includes(value.toUpperCase().replace(/[-_]/g, '')) ? undefined : value;
}

type ParseOutcome = { tree: ParseTree } | { error: Error; cursor: number | undefined };

function tryParse(text: string): ParseOutcome {
  try {
    return { tree: parseSync(text) as ParseTree };
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    return { error: error as Error, cursor: details?.cursorPosition };
  }
}

/** Where statements are read from: the text without meta-commands, as bytes, and its line starts. */
interface SqlSource {
  bytes: Buffer;
  lines: LineIndex;
  file: string;
  chars: (byteOffset: number) => number;
}

/** The statements of a parsed piece of the text that starts at byte `base` and ends at byte `end`. */
function collectStatements(
  tree: ParseTree,
  base: number,
  end: number,
  source: SqlSource,
  into: SqlStatement[],
) {
  for (const stmt of tree.stmts ?? []) {
    const startByte = base + (stmt.stmt_location ?? 0);
    const endByte = stmt.stmt_len ? startByte + stmt.stmt_len : end;
    const raw = source.bytes.subarray(startByte, endByte).toString('utf8');
    // Skip leading white space and comments so the location points at the first keyword.
    const first = scanSync(raw).tokens.find(
      (t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT',
    );
    const lead = first ? charOffset(Buffer.from(raw, 'utf8'), first.start) : 0;
    const start = source.chars(startByte) + lead;
    const statement = { text: raw.slice(lead), location: source.lines.locate(source.file, start) };
    if (stmt.stmt !== undefined) parsedNodes.set(statement, stmt.stmt);
    into.push(statement);
  }
}

function syntaxDiagnostic(
  outcome: { error: Error; cursor: number | undefined },
  base: number,
  source: SqlSource,
  skipped: boolean,
): Diagnostic {
  // The parser's cursor counts characters (0-based) from the start of the piece it was given.
  const at = source.chars(base) + (outcome.cursor ?? 0);
  return {
    code: 'sql-syntax',
    severity: skipped ? 'warning' : 'error',
    message: outcome.error.message,
    location: source.lines.locate(source.file, at),
    hint: skipped
      ? 'PostgreSQL cannot parse this statement; it was skipped'
      : 'fix the SQL so that PostgreSQL can parse it (--continue-on-error skips such statements)',
  };
}

/**
 * Splits SQL text into statements with their positions. Returns a diagnostic instead when the text
 * has a syntax error; with `skipSyntaxErrors`, as psql does, each statement that does not parse is
 * reported as a warning and left out, and the others are kept.
 */
export async function splitSqlStatements(
  text: string,
  file: string,
  options: { skipSyntaxErrors?: boolean } = {},
): Promise<{ statements: SqlStatement[]; diagnostics: Diagnostic[] }> {
  await loadSqlParser();
  const sql = blankMetaCommands(text);
  const bytes = Buffer.from(sql, 'utf8');
  const source: SqlSource = { bytes, lines: new LineIndex(sql), file, chars: charCounter(bytes) };
  const statements: SqlStatement[] = [];
  const whole = tryParse(sql);
  if ('tree' in whole) {
    collectStatements(whole.tree, 0, bytes.length, source, statements);
    return { statements, diagnostics: [] };
  }
  if (!options.skipSyntaxErrors)
    return { statements: [], diagnostics: [syntaxDiagnostic(whole, 0, source, false)] };
  return recoverStatements(sql, source);
}

/** The most pieces a statement may span: semicolons inside a BEGIN ATOMIC body end a piece too. */
const MAX_PIECES = 1000;

/**
 * Splits the text at its semicolons (the scanner knows quotes, comments and dollar quoting) and
 * parses piece by piece. A piece that ends too early (`syntax error at end of input`) is joined with
 * the next ones until they parse, for bodies that hold semicolons; one that still fails is reported.
 */
function recoverStatements(
  text: string,
  source: SqlSource,
): { statements: SqlStatement[]; diagnostics: Diagnostic[] } {
  const { bytes } = source;
  const ends: number[] = [];
  try {
    for (const token of scanSync(text).tokens) if (token.tokenName === 'ASCII_59') ends.push(token.end);
  } catch {
    // A quote that never closes: what follows the last semicolon found is one piece.
  }
  if (ends[ends.length - 1] !== bytes.length) ends.push(bytes.length);
  const pieces = ends.map((end, i) => ({ start: i === 0 ? 0 : (ends[i - 1] ?? 0), end }));
  const statements: SqlStatement[] = [];
  const diagnostics: Diagnostic[] = [];
  const parse = (from: number, to: number) =>
    tryParse(bytes.subarray(pieces[from]?.start, pieces[to]?.end).toString('utf8'));
  const atEnd = (outcome: ParseOutcome) =>
    'error' in outcome && /at end of input/.test(outcome.error.message);
  for (let i = 0; i < pieces.length;) {
    const piece = pieces[i] as { start: number; end: number };
    const first = parse(i, i);
    let last = 'tree' in first ? i : undefined;
    let outcome = first;
    for (
      let j = i + 1;
      last === undefined && atEnd(outcome) && j < pieces.length && j - i < MAX_PIECES;
      j++
    ) {
      outcome = parse(i, j);
      if ('tree' in outcome) last = j;
    }
    if (last !== undefined && 'tree' in outcome) {
      collectStatements(outcome.tree, piece.start, pieces[last]?.end ?? bytes.length, source, statements);
      i = last + 1;
      continue;
    }
    if ('error' in first) diagnostics.push(syntaxDiagnostic(first, piece.start, source, true));
    i++;
  }
  return { statements, diagnostics };
}

/** Where inside the file a 1-based character position within a statement falls. */
export function locateInStatement(statement: SqlStatement, position: number | undefined): SourceLocation {
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
  const split = await splitSqlStatements(text, file, { skipSyntaxErrors: options.continueOnError === true });
  if (split.diagnostics.some((d) => d.severity === 'error'))
    return { statements: 0, diagnostics: split.diagnostics };
  const result = await loadStatements(db, split.statements, options);
  // Statements skipped for their syntax or their encoding, and statements that failed, in the order
  // of the file.
  result.diagnostics = [...split.diagnostics, ...result.diagnostics].sort(
    (a, b) =>
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0),
  );
  return result;
}

/** Runs statements already split (as loadSql does after splitting). */
export async function loadStatements(
  db: Database,
  given: readonly SqlStatement[],
  options: LoadSqlOptions = {},
): Promise<LoadSqlResult> {
  const result: LoadSqlResult = { statements: 0, diagnostics: [] };
  const size = options.batch ?? 1;
  const statements = given.filter((statement) => {
    const encoding = foreignClientEncoding(statement);
    if (encoding === undefined) return true;
    result.diagnostics.push({
      code: 'sql-client-encoding',
      severity: 'warning',
      message: `client_encoding ${encoding} was not set: schemata reads SQL files as UTF-8 and sends them as UTF-8`,
      location: statement.location,
      hint: 'save the file as UTF-8 and remove the statement; the rest of the file was run',
    });
    return false;
  });
  for (let start = 0; start < statements.length; start += size) {
    const group = statements.slice(start, start + size);
    if (group.length > 1) {
      try {
        // On a line of its own: a statement may end in a -- comment.
        await db.exec(group.map((statement) => `${statement.text}\n;`).join('\n'));
        result.statements += group.length;
        options.onLoaded?.(start + group.length, statements.length);
        continue;
      } catch {
        // Rolled back whole: run again one at a time, to find and report the failing statement.
      }
    }
    if (!(await runEach(db, group, options, result))) break;
    options.onLoaded?.(start + group.length, statements.length);
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

export type ImportOptions = LoadSqlOptions & { schemas?: string[]; progress?: Progress | undefined };

/** Runs SQL text in `db` (which should hold nothing else) and inspects the result. */
export async function importSql(
  db: Database,
  text: string,
  file: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const loaded = await inStep(options.progress, `loading ${file} in embedded PostgreSQL`, (step) =>
    loadSql(db, text, file, {
      ...options,
      onLoaded: (done, total) => step.advance(done, total, 'statements'),
    }),
  );
  if (loaded.diagnostics.some((d) => d.severity === 'error')) {
    return { model: {}, unsupported: [], diagnostics: loaded.diagnostics };
  }
  const inspected = await inspectDatabase(db, {
    ...(options.schemas && { schemas: options.schemas }),
    progress: options.progress,
  });
  return { ...inspected, diagnostics: [...loaded.diagnostics, ...(inspected.diagnostics ?? [])] };
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
