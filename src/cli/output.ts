/** Where the command line prints; tests pass their own to capture it. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Which streams take colours; none when absent (a pipe, a file, a test). */
  colors?: { stdout: boolean; stderr: boolean };
}
