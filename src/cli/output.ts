import type { Progress } from '../model/progress.ts';
import type { JsonReport } from './json-document.ts';

/** Where the command line prints; tests pass their own to capture it. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Which streams take colours; none when absent (a pipe, a file, a test). */
  colors?: { stdout: boolean; stderr: boolean };
  /** Where long work reports how far it has got (on standard error); none with --quiet. */
  progress?: Progress;
  /**
   * With --json: the document that the command's results, diagnostics and left-out objects go into,
   * printed on standard output when it ends, instead of text.
   */
  json?: JsonReport;
}
