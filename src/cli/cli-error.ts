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

const FILE_SYSTEM_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOENT: 'no such file or directory',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EEXIST: 'it exists already',
  ENAMETOOLONG: 'the name is too long',
};

const VERBS: Record<string, string> = {
  open: 'open',
  mkdir: 'create the directory',
  scandir: 'read the directory',
  rmdir: 'remove',
  unlink: 'remove',
  rm: 'remove',
  stat: 'read',
  lstat: 'read',
  read: 'read',
  write: 'write',
  rename: 'rename',
};

/**
 * A file that cannot be read or written (a directory where a file is wanted, no permission) is the
 * user's to fix, not a bug: the error as one line naming the path.
 */
export function fileSystemError(error: unknown): CliError | undefined {
  const { code, path, syscall } = (error ?? {}) as { code?: unknown; path?: unknown; syscall?: unknown };
  if (typeof code !== 'string' || typeof path !== 'string') return undefined;
  const problem = FILE_SYSTEM_PROBLEMS[code];
  if (problem === undefined) return undefined;
  const verb = (typeof syscall === 'string' && VERBS[syscall]) || 'use';
  if (syscall === 'mkdir' && (code === 'EEXIST' || code === 'ENOTDIR'))
    return new CliError(
      'file-error',
      `cannot create the directory ${path}: a file is in the way`,
      'write somewhere else, or move the file',
    );
  return new CliError(
    'file-error',
    `cannot ${verb} ${path}: ${problem}`,
    code === 'EISDIR' ? 'give a file name, not a directory' : 'check the path and its permissions',
  );
}
