// Splits a SQL file into statements with the real PostgreSQL parser: each statement's parse tree, its
// text, its file:line:column, and whether an explicit transaction is open when it runs. A file that
// does not parse is input the linter cannot judge: a `sql-syntax` diagnostic at the error's position.
import type { Node } from 'libpg-query';
import { parseSync } from '../../dialects/postgres/sql-parser.ts';
import { DiagnosticError, type SourceLocation } from '../../model/diagnostics.ts';
import type { LintStatement } from '../rule.ts';
import { asNode } from './syntax.ts';

export interface SqlFile {
  file: string;
  text: string;
}

/** Byte offsets to line:column (columns count characters, as editors do). */
export class SourcePositions {
  private readonly lineStarts: number[] = [0];
  private readonly ascii: boolean;
  constructor(
    readonly file: string,
    readonly bytes: Buffer,
    textLength: number,
  ) {
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) this.lineStarts.push(i + 1);
    this.ascii = bytes.length === textLength;
  }

  locate(byteOffset: number): SourceLocation {
    const offset = Math.max(0, Math.min(byteOffset, this.bytes.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    const start = this.lineStarts[low] ?? 0;
    const column = this.ascii ? offset - start : this.bytes.subarray(start, offset).toString('utf8').length;
    return { file: this.file, line: low + 1, column: column + 1 };
  }
}

/** The parser reports errors at a character position (0-based), not a byte offset. */
function locateCharacter(file: string, text: string, offset: number): SourceLocation {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (before.charCodeAt(i) === 10) line++;
  return { file, line, column: before.length - lineStart + 1 };
}

/** psql meta-commands (`\set`, `\connect`) are for psql, not the server: blanked, keeping every offset. */
function blankMetaCommands(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/^[ \t]*\\[a-zA-Z!].*$/gm, (line) => ' '.repeat(Buffer.byteLength(line, 'utf8')));
}

/** The byte offset of the first character that is not white space or a comment. */
function skipBlanks(bytes: Buffer, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = bytes[i];
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) i++;
    else if (c === 45 && bytes[i + 1] === 45) {
      while (i < to && bytes[i] !== 10) i++;
    } else if (c === 47 && bytes[i + 1] === 42) {
      let depth = 1;
      i += 2;
      while (i < to && depth > 0) {
        if (bytes[i] === 47 && bytes[i + 1] === 42) {
          depth++;
          i += 2;
        } else if (bytes[i] === 42 && bytes[i + 1] === 47) {
          depth--;
          i += 2;
        } else i++;
      }
    } else break;
  }
  return Math.min(i, to);
}

const POSITIONS = new WeakMap<LintStatement, SourcePositions>();

/** The file position of a byte offset (a parse-tree `location`) of a statement's file. */
export function positionIn(statement: LintStatement, byteOffset: number | undefined): SourceLocation {
  const positions = POSITIONS.get(statement);
  if (!positions || byteOffset === undefined || byteOffset < 0) return statement.location;
  return positions.locate(byteOffset);
}

interface ParsedTree {
  stmts?: { stmt?: Node; stmt_location?: number; stmt_len?: number }[];
}

interface ParserError extends Error {
  sqlDetails?: { cursorPosition?: number };
}

/** Parses a file; throws a DiagnosticError (`sql-syntax`) at the error's position when it does not parse. */
export function parseSqlFile(source: SqlFile): { statements: LintStatement[]; positions: SourcePositions } {
  const text = blankMetaCommands(source.text);
  const bytes = Buffer.from(text, 'utf8');
  const positions = new SourcePositions(source.file, bytes, text.length);
  let tree: ParsedTree;
  try {
    tree = parseSync(text) as ParsedTree;
  } catch (error) {
    const parserError = error as ParserError;
    const cursor = parserError.sqlDetails?.cursorPosition;
    throw new DiagnosticError([
      {
        code: 'sql-syntax',
        severity: 'error',
        message: parserError.message,
        location: locateCharacter(source.file, text, cursor ?? 0),
        hint: 'fix the SQL so that PostgreSQL can parse it; a file that does not parse cannot be linted',
      },
    ]);
  }
  const statements: LintStatement[] = [];
  let open = false;
  for (const entry of tree.stmts ?? []) {
    if (!entry.stmt) continue;
    const from = entry.stmt_location ?? 0;
    const to = entry.stmt_len ? from + entry.stmt_len : bytes.length;
    const start = skipBlanks(bytes, from, to);
    const node = entry.stmt as unknown as Record<string, unknown>;
    const statement: LintStatement = {
      node,
      sql: bytes.subarray(start, to).toString('utf8'),
      file: source.file,
      location: positions.locate(start),
      offset: start,
      inTransaction: open,
    };
    POSITIONS.set(statement, positions);
    statements.push(statement);
    open = transactionOpenAfter(entry.stmt, open);
  }
  return { statements, positions };
}

/** Whether an explicit transaction is open after a statement (no implicit wrapping transaction). */
function transactionOpenAfter(node: Node, open: boolean): boolean {
  const transaction = asNode(node, 'TransactionStmt');
  if (!transaction) return open;
  switch (transaction.kind) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START':
      return true;
    case 'TRANS_STMT_COMMIT':
    case 'TRANS_STMT_ROLLBACK':
      return transaction.chain === true;
    case 'TRANS_STMT_PREPARE':
      return false;
    default:
      return open;
  }
}
