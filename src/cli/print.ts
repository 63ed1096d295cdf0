import { formatStyledDiagnostic, type Diagnostic } from '../model/diagnostics.ts';
import type { Change } from '../diff/changes.ts';
import { describe } from '../dialects/postgres/plan/describe-change.ts';
import { CHANGE_COLORS, diagnosticStyle, painter, type Paint } from './color.ts';
import type { UnsupportedObject } from '../dialects/postgres/inspect/inspect-database.ts';
import type { Output } from './output.ts';
import type { Locate } from '../model/model-path.ts';
import { formatModelPath } from '../model/model-path.ts';
import { formatKey } from '../diff/changes.ts';
import type { RenameSuggestion } from '../diff/suggest-renames.ts';
import { yamlText } from '../writers/yaml-text.ts';

/** Diagnostics on standard error, or into the document with --json. */
export function printDiagnostics(out: Output, diagnostics: readonly Diagnostic[]) {
  if (out.json) {
    out.json.diagnostics.push(...diagnostics);
    return;
  }
  const style = diagnosticStyle(out);
  for (const d of diagnostics) out.stderr(`${formatStyledDiagnostic(d, style)}\n`);
}

/** A change as one line, e.g. `drop table public.audit`, in the colour of its action. */
export function describeChange(change: Change, paint: Paint): string {
  return paint(CHANGE_COLORS[change.action], describe(change));
}

/** Objects the database holds that the model cannot express are named, never dropped silently. */
export function printUnsupported(out: Output, unsupported: readonly UnsupportedObject[]) {
  if (out.json) {
    out.json.unsupported = [...unsupported];
    return;
  }
  const paint = painter(out, 'stderr');
  for (const item of unsupported) {
    out.stderr(
      `${paint('yellow', 'warning unsupported-object')}: ${item.kind} ${item.name} is not in the model${item.reason ? ` (${item.reason})` : ''}\n`,
    );
  }
  if (unsupported.length > 0) {
    out.stderr(
      `  ${paint('dim', `hint: ${unsupported.length} object(s) above are left out of the model; --strict makes this exit 1`)}\n`,
    );
  }
}

const SUGGESTED_KIND: Record<string, string> = {
  enumValue: 'enum',
  primaryKey: 'primary key',
  foreignKey: 'foreign key',
};

/**
 * Likely renames, each with where it goes in the model and the exact lines to add there:
 * `model.yaml:4:7: table public.orders looks renamed from order_list (same columns); add:`.
 */
export function printRenameSuggestions(
  out: Output,
  suggestions: readonly RenameSuggestion[],
  locate?: Locate,
) {
  if (out.json) {
    out.json.fields.suggestions = suggestions.map(({ path, ...s }) => {
      const location = path && locate?.(path);
      return { ...s, ...(location && { location }) };
    });
    return;
  }
  for (const s of suggestions) {
    const location = s.path && locate?.(s.path);
    const where = location
      ? `${location.file}:${location.line}:${location.column}: `
      : s.path
        ? `${formatModelPath(s.path)}: `
        : '';
    const what = `${SUGGESTED_KIND[s.kind] ?? s.kind} ${formatKey(s.key)}`;
    const looks =
      s.kind === 'enumValue' ? `has values renamed` : `looks renamed from ${formatKey(s.fromKey)}`;
    const lines = yamlText(s.declaration).trimEnd().split('\n');
    out.stdout(
      `${where}${what} ${looks} (${s.reason}); add to it:\n${lines.map((l) => `    ${l}`).join('\n')}\n`,
    );
  }
  if (suggestions.length === 0) out.stdout('no likely renames\n');
}
