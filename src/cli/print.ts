import { formatDiagnostic, type Diagnostic } from '../model/diagnostics.ts';
import type { UnsupportedObject } from '../dialects/postgres/inspect/inspect-database.ts';
import type { Output } from './output.ts';

export function printDiagnostics(out: Output, diagnostics: readonly Diagnostic[]) {
  for (const d of diagnostics) out.stderr(`${formatDiagnostic(d)}\n`);
}

/** Objects the database holds that the model cannot express are named, never dropped silently. */
export function printUnsupported(out: Output, unsupported: readonly UnsupportedObject[]) {
  for (const item of unsupported) {
    out.stderr(
      `warning unsupported-object: ${item.kind} ${item.name} is not in the model${item.reason ? ` (${item.reason})` : ''}\n`,
    );
  }
  if (unsupported.length > 0) {
    out.stderr(
      `  hint: ${unsupported.length} object(s) above are left out of the model; --strict makes this exit 1\n`,
    );
  }
}
