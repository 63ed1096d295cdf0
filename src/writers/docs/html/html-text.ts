// Text into HTML: every name, description and expression of a model goes through here, so a table named
// `<script>` or a description with `"` stays text.

export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An element; attributes are escaped here, the body must be escaped already. */
export function el(tag: string, attributes: Record<string, string | undefined>, body = ''): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${esc(value)}"`)
    .join('');
  return `<${tag}${attrs}>${body}</${tag}>`;
}

export function link(href: string, text: string, className?: string): string {
  return el('a', { href, class: className }, esc(text));
}

export function code(text: string): string {
  return `<code>${esc(text)}</code>`;
}

/** A table with a header row; cells already HTML. */
export function htmlTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  className?: string,
): string {
  const head = `<tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table${className !== undefined ? ` class="${esc(className)}"` : ''}>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** A JSON value as a JavaScript expression that is safe inside any HTML or script context. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
