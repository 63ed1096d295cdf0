// Colours for severities and changes, as ANSI escape codes, on a terminal only: never in a pipe or a
// file, never with NO_COLOR set (https://no-color.org) or --no-color.
import type { ChangeAction } from '../diff/changes.ts';
import type { Diagnostic, DiagnosticStyle } from '../model/diagnostics.ts';
import type { Output } from './output.ts';

const CODES = {
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  cyan: [36, 39],
  dim: [2, 22],
} as const;

export type Color = keyof typeof CODES;

export type Paint = (color: Color, text: string) => string;

/** Whether a stream takes colours: a terminal, and no NO_COLOR in the environment. */
export function streamTakesColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

/** Paints text for standard output or standard error, or leaves it plain when that stream has no colours. */
export function painter(out: Output, stream: 'stdout' | 'stderr'): Paint {
  if (!out.colors?.[stream]) return (_color, text) => text;
  return (color, text) => `\u001b[${CODES[color][0]}m${text}\u001b[${CODES[color][1]}m`;
}

export const SEVERITY_COLORS: Record<Diagnostic['severity'] | 'note', Color> = {
  error: 'red',
  warning: 'yellow',
  note: 'cyan',
};

export const CHANGE_COLORS: Record<ChangeAction, Color> = {
  create: 'green',
  drop: 'red',
  alter: 'yellow',
  rename: 'cyan',
};

/** How diagnostics look on standard error: the severity and code in its colour, the hint dimmed. */
export function diagnosticStyle(out: Output): DiagnosticStyle {
  const paint = painter(out, 'stderr');
  return {
    severity: (text, severity) => paint(SEVERITY_COLORS[severity], text),
    hint: (text) => paint('dim', text),
  };
}
