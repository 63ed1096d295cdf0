// How long work (loading a database, replaying migrations, spelling a model, proving a plan) tells its
// caller how far it has got. The caller passes a reporter in the options of the library call; the
// library never prints, so the command line decides whether and how progress is shown.

export interface Progress {
  /** A step begins, e.g. "replaying 40 migrations in embedded PostgreSQL 18". */
  begin(step: string): ProgressStep;
}

export interface ProgressStep {
  /** `done` of `total` units (statements, migrations, tables) are finished. */
  advance(done: number, total: number, unit: string): void;
  end(): void;
}

const NO_STEP: ProgressStep = { advance: () => undefined, end: () => undefined };

/** Runs `work` as a step of `progress` (when there is one), ending the step however `work` ends. */
export async function inStep<T>(
  progress: Progress | undefined,
  step: string,
  work: (step: ProgressStep) => Promise<T>,
): Promise<T> {
  const begun = progress?.begin(step) ?? NO_STEP;
  try {
    return await work(begun);
  } finally {
    begun.end();
  }
}

/** `1 table`, `2,000 tables`: a count for a step's description. */
export function counted(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
