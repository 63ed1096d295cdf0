// Text into GitHub-flavoured Markdown that renders as written: punctuation that Markdown would read
// as syntax is escaped, table cells keep their pipes and line breaks, and code spans hold any backticks.

/**
 * Plain text: characters Markdown reads as inline syntax get a backslash (or become entities), and a
 * line that would start a heading, list, quote or rule starts with an escaped character.
 */
export function mdText(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'))
    .replace(/^(\s*)([#+=-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

/** Plain text in a table cell: also one line. */
export function mdCell(text: string | undefined): string {
  if (text === undefined || text === '') return '';
  return mdText(text).replace(/\r?\n/g, '<br>');
}

/**
 * A code span: fenced with more backticks than any run inside it, on one line. In a table cell GitHub
 * splits on `|` even inside code spans, so pipes are escaped there (GFM reads `\|` back as `|`).
 */
export function mdCode(text: string, inTable = true): string {
  const flat = text.replace(/\s*\r?\n\s*/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const padded = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ` ${flat} ` : flat;
  const body = inTable ? padded.replace(/\|/g, '\\|') : padded;
  return `${fence}${body}${fence}`;
}

/** A table; every cell already escaped. */
export function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

/** A link to an anchor of the same or another Markdown file. */
export function mdLink(text: string, target: string): string {
  return `[${mdText(text)}](${target.replace(/[()\s]/g, encodeURIComponent)})`;
}

/** 5000000 -> 5,000,000 (fixed, not the locale's). */
export function groupDigits(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
