// What every stage reports about user input: a stable code, a one-line message, where, and a hint.

export interface SourceLocation {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface Diagnostic {
  /** Stable, documented code, e.g. "unknown-type". */
  code: string;
  severity: 'error' | 'warning';
  message: string;
  location?: SourceLocation;
  /** The object the diagnostic is about, e.g. "public.tasks.title", when there is no file position. */
  object?: string;
  hint?: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** How a front end decorates parts of a diagnostic (the command line colours them on a terminal). */
export interface DiagnosticStyle {
  /** `error code` or `warning code`. */
  severity(text: string, severity: Diagnostic['severity']): string;
  /** `hint: ...`. */
  hint(text: string): string;
}

const PLAIN: DiagnosticStyle = { severity: (text) => text, hint: (text) => text };

/** One line per diagnostic: `file:line:column: error code: message (hint: ...)`. */
export function formatDiagnostic(d: Diagnostic): string {
  return formatStyledDiagnostic(d, PLAIN);
}

/** The same, its parts decorated. */
export function formatStyledDiagnostic(d: Diagnostic, style: DiagnosticStyle): string {
  const where = d.location
    ? `${d.location.file}:${d.location.line}:${d.location.column}: `
    : d.object
      ? `${d.object}: `
      : '';
  const hint = d.hint ? `\n  ${style.hint(`hint: ${d.hint}`)}` : '';
  return `${where}${style.severity(`${d.severity} ${d.code}`, d.severity)}: ${d.message}${hint}`;
}

/** Raised by library entry points when input cannot be used at all; carries the diagnostics. */
export class DiagnosticError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'DiagnosticError';
    this.diagnostics = diagnostics;
  }
}
