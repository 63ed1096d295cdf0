import type { Diagnostic } from '../model/diagnostics.ts';

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** A user-facing failure: a stable code, a message, a hint, and the exit code it leads to. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly diagnostics: readonly Diagnostic[] = [],
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
