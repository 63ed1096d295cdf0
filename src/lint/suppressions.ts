// Inline suppressions: a comment that names the rules a finding may be left standing for, and why.
//
//   SQL:   -- schemata-lint-disable CODE[, CODE ...]: reason
//          on the comment line(s) directly above a statement: that statement;
//          -- schemata-lint-disable-file CODE[, CODE ...]: reason   anywhere between statements: the file.
//   model: # schemata-lint-disable CODE[, CODE ...]: reason
//          on the comment line(s) directly above a key or list item: that object and all inside it;
//          at the top of a file, apart from the first key, or `schemata-lint-disable-file`: the file.
//
// A suppression without a reason still suppresses, and is itself a finding; so is one that
// suppresses nothing. Comments are read with the real parsers (the `yaml` Document's comments,
// PostgreSQL's statement boundaries), never by scanning the text for `#` or `--` alone.
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { SourceLocation } from '../model/diagnostics.ts';
import type { ModelPath } from '../model/model-path.ts';
import { formatModelPath } from '../model/model-path.ts';
import { closestName } from '../model/closest-name.ts';
import { splitSqlStatements } from '../readers/import-sql.ts';
import { keyText, lineIndexOf } from '../readers/source-map.ts';
import type { Finding, LintSettings, Rule } from './rule.ts';
import { SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION } from './rules/engine/index.ts';
import { placeOf } from './settings.ts';

export const DIRECTIVE = 'schemata-lint-disable';

export type SuppressionScope =
  | { kind: 'file' }
  /** SQL: the lines of one statement. */
  | { kind: 'lines'; from: number; to: number }
  /** A model file: an object and everything inside it. */
  | { kind: 'path'; path: ModelPath }
  /** Directly above nothing it could apply to: it suppresses nothing. */
  | { kind: 'nothing' };

export interface Suppression {
  file: string;
  codes: string[];
  reason?: string;
  /** Where the comment is. */
  location: SourceLocation;
  scope: SuppressionScope;
}

interface Directive {
  wholeFile: boolean;
  codes: string[];
  reason?: string;
  /** The comment's text after `--` or `#`, trimmed. */
  text: string;
}

const DIRECTIVE_LINE = new RegExp(`^${DIRECTIVE}(-file)?(?=[\\s:,]|$)(.*)$`);

/** The directive of one comment line (its text after `--` or `#`), if it is one. */
export function readDirective(comment: string): Directive | undefined {
  const text = comment.trim();
  const match = DIRECTIVE_LINE.exec(text);
  if (match === null) return undefined;
  const rest = match[2] ?? '';
  const colon = rest.indexOf(':');
  const codes = (colon < 0 ? rest : rest.slice(0, colon)).split(/[\s,]+/).filter((code) => code !== '');
  const reason = colon < 0 ? '' : rest.slice(colon + 1).trim();
  return { wholeFile: match[1] !== undefined, codes, ...(reason !== '' && { reason }), text };
}

function suppression(file: string, directive: Directive, location: SourceLocation, scope: SuppressionScope) {
  return {
    file,
    codes: directive.codes,
    ...(directive.reason !== undefined && { reason: directive.reason }),
    location,
    scope: directive.wholeFile ? { kind: 'file' as const } : scope,
  };
}

const SQL_COMMENT_LINE = /^\s*--(.*)$/;

/**
 * The suppressions of a SQL file. Statement boundaries come from PostgreSQL's parser, so a comment
 * line is only read between statements, never inside a string or a function body.
 */
export async function readSqlSuppressions(file: string, text: string): Promise<Suppression[]> {
  if (!text.includes(DIRECTIVE)) return [];
  const { statements } = await splitSqlStatements(text, file, { skipSyntaxErrors: true });
  const lines = text.split('\n');
  const inStatement = new Uint8Array(lines.length + 2);
  const startsAt = new Map<number, { from: number; to: number }>();
  for (const statement of statements) {
    const from = statement.location.line;
    const to = from + (statement.text.match(/\n/g)?.length ?? 0);
    startsAt.set(from, { from, to });
    for (let line = from; line <= to; line++) inStatement[line] = 1;
  }
  const comment = (line: number) =>
    inStatement[line] === 1 ? undefined : SQL_COMMENT_LINE.exec(lines[line - 1] ?? '')?.[1];
  const found: Suppression[] = [];
  for (let line = 1; line <= lines.length; line++) {
    const body = comment(line);
    const directive = body === undefined ? undefined : readDirective(body);
    if (directive === undefined) continue;
    // The comment block it is in runs on to the statement directly below it, if any.
    let below = line + 1;
    while (below <= lines.length && comment(below) !== undefined) below++;
    const statement = startsAt.get(below);
    const column = (lines[line - 1] ?? '').indexOf('--') + 1;
    found.push(
      suppression(
        file,
        directive,
        { file, line, column },
        statement ? { kind: 'lines', ...statement } : { kind: 'nothing' },
      ),
    );
  }
  return found;
}

/**
 * The suppressions of a model file, from the comments the `yaml` Document attaches to its nodes: a
 * comment above a key belongs to that key (above the first key of a mapping, to the mapping), above a
 * list item to the item (above the first item, to the list).
 */
export function readModelSuppressions(file: string, text: string): Suppression[] {
  if (!text.includes(DIRECTIVE)) return [];
  const document = parseDocument(text, { keepSourceTokens: false });
  if (document.errors.length > 0) return [];
  const lines = text.split('\n');
  const linePos = lineIndexOf(text);
  const lineOf = (offset: number) => linePos(offset).line;
  // Comments carry no position: the directive's line is the nearest comment line above the node
  // (or below, for a trailing comment) whose text is the directive's.
  const locateComment = (directive: Directive, near: number | undefined): SourceLocation => {
    const matching: number[] = [];
    lines.forEach((line, index) => {
      const hash = line.indexOf('#');
      if (hash >= 0 && line.slice(hash + 1).trim() === directive.text) matching.push(index + 1);
    });
    const anchor = near === undefined ? 1 : lineOf(near);
    const above = matching.filter((line) => line <= anchor);
    const line = above[above.length - 1] ?? matching[0] ?? anchor;
    return { file, line, column: (lines[line - 1] ?? '').indexOf('#') + 1 };
  };
  const found: Suppression[] = [];
  const add = (comment: string | null | undefined, scope: SuppressionScope, near: number | undefined) => {
    if (!comment) return;
    for (const line of comment.split('\n')) {
      const directive = readDirective(line);
      if (directive) found.push(suppression(file, directive, locateComment(directive, near), scope));
    }
  };
  const start = (node: unknown) => (node as Node | null)?.range?.[0];
  // `own`: the comment above this node belongs to the node itself (a list item); otherwise, for a
  // mapping, to its first key.
  const walk = (node: unknown, path: ModelPath, own: boolean) => {
    if (isMap(node)) {
      const first = node.items[0];
      const firstKey = first ? keyText(first.key) : undefined;
      if (!own && firstKey !== undefined)
        add(node.commentBefore, { kind: 'path', path: [...path, firstKey] }, start(node));
      for (const pair of node.items) {
        const key = keyText(pair.key);
        if (key === undefined) continue;
        const keyNode = pair.key as Node | null;
        add(keyNode?.commentBefore, { kind: 'path', path: [...path, key] }, start(keyNode));
        walk(pair.value, [...path, key], false);
      }
      add(node.comment, { kind: 'nothing' }, node.range?.[1]);
    } else if (isSeq(node)) {
      if (node.items.length > 0) add(node.commentBefore, { kind: 'path', path: [...path, 0] }, start(node));
      node.items.forEach((item, index) => {
        const itemPath = [...path, index];
        add((item as Node | null)?.commentBefore, { kind: 'path', path: itemPath }, start(item));
        walk(item, itemPath, true);
      });
      add(node.comment, { kind: 'nothing' }, node.range?.[1]);
    } else if (isScalar(node)) {
      add(node.comment, { kind: 'nothing' }, node.range?.[1]);
    }
  };
  add(document.commentBefore, { kind: 'file' }, 0);
  walk(document.contents, [], false);
  add(document.comment, { kind: 'nothing' }, text.length);
  return found;
}

function startsWith(path: ModelPath, prefix: ModelPath): boolean {
  return prefix.length <= path.length && prefix.every((part, i) => String(path[i]) === String(part));
}

function covers(s: Suppression, finding: Finding): boolean {
  const file = finding.location?.file;
  switch (s.scope.kind) {
    case 'nothing':
      return false;
    case 'file':
      return file === s.file;
    case 'lines':
      return (
        file === s.file &&
        finding.location !== undefined &&
        finding.location.line >= s.scope.from &&
        finding.location.line <= s.scope.to
      );
    case 'path':
      return (
        (file === undefined || file === s.file) &&
        finding.path !== undefined &&
        startsWith(finding.path, s.scope.path)
      );
  }
}

/**
 * The findings that no suppression covers, with the engine's findings about the suppressions: those
 * without a reason, and each code of a suppression that suppressed nothing.
 */
export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  settings: LintSettings,
  rules: ReadonlyMap<string, Rule>,
): Finding[] {
  if (suppressions.length === 0) return [...findings];
  const byFile = new Map<string, Suppression[]>();
  for (const s of suppressions) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);
  const used = new Map<Suppression, Set<string>>();
  const kept: Finding[] = [];
  for (const finding of findings) {
    const file = finding.location?.file;
    const candidates = file === undefined ? suppressions : (byFile.get(file) ?? []);
    const by = candidates.find((s) => s.codes.includes(finding.code) && covers(s, finding));
    if (by === undefined) kept.push(finding);
    else used.set(by, (used.get(by) ?? new Set()).add(finding.code));
  }
  const engine = (rule: Rule, s: Suppression, message: string, fix?: string): Finding | undefined => {
    const resolved = settings.resolve(rule, { file: s.file, ...placeOfScope(s) });
    if (!resolved.enabled) return undefined;
    return {
      code: rule.code,
      severity: resolved.severity,
      category: rule.category,
      message,
      fix: fix ?? rule.fix,
      location: s.location,
    };
  };
  const codes = [...rules.keys()];
  for (const s of suppressions) {
    if (s.reason === undefined) {
      const finding = engine(
        SUPPRESSION_WITHOUT_REASON,
        s,
        `suppression of ${s.codes.join(', ') || 'no rule'} gives no reason`,
      );
      if (finding) kept.push(finding);
    }
    if (s.codes.length === 0) {
      const finding = engine(
        UNUSED_SUPPRESSION,
        s,
        'suppression names no rule',
        `name the rules after ${DIRECTIVE}, e.g. ${DIRECTIVE} table-without-primary-key: reason`,
      );
      if (finding) kept.push(finding);
    }
    for (const code of s.codes) {
      if (used.get(s)?.has(code)) continue;
      const rule = rules.get(code);
      if (rule === undefined) {
        const close = closestName(code, codes);
        const finding = engine(
          UNUSED_SUPPRESSION,
          s,
          `suppression names ${code}, which is no rule`,
          close ? `did you mean ${close}?` : 'the rules are listed in docs/rules/README.md',
        );
        if (finding) kept.push(finding);
        continue;
      }
      if (!settings.resolve(rule, { file: s.file, ...placeOfScope(s) }).enabled) continue;
      const finding = engine(
        UNUSED_SUPPRESSION,
        s,
        `suppression of ${code} ${whereSuppressed(s)} suppresses nothing`,
      );
      if (finding) kept.push(finding);
    }
  }
  return kept;
}

function placeOfScope(s: Suppression): { schema?: string } {
  if (s.scope.kind !== 'path') return {};
  const { schema } = placeOf({ path: s.scope.path });
  return schema === undefined ? {} : { schema };
}

function whereSuppressed(s: Suppression): string {
  switch (s.scope.kind) {
    case 'file':
      return 'in this file';
    case 'lines':
      return s.scope.from === s.scope.to
        ? `on line ${s.scope.from}`
        : `on lines ${s.scope.from}-${s.scope.to}`;
    case 'path':
      return `on ${formatModelPath(s.scope.path) || 'the file'}`;
    case 'nothing':
      return '(it is not directly above a statement or an object)';
  }
}
