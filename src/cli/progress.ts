// Progress on standard error for work that takes more than about a second. On a terminal: one line
// with a spinner, the step and its counts, redrawn in place and erased when the work ends. Elsewhere (a
// pipe, a file, a CI log): one plain line per step that runs longer than that, e.g.
// `schemata: spelling the model in embedded PostgreSQL 18 (2,000 tables)`. Steps that end sooner print
// nothing, so short commands stay quiet; --quiet prints nothing at all.
// Written here rather than taken from ora or cli-progress: those draw a spinner or a bar on a terminal
// only, and what is needed besides (the delay, plain lines for logs, nested steps from library calls,
// other output written past the spinner) is most of this file.
import type { Progress, ProgressStep } from '../model/progress.ts';

/** How long a step runs before progress shows. */
export const PROGRESS_AFTER_MS = 1000;

/** The delay; SCHEMATA_PROGRESS_AFTER_MS overrides it, for tests (0 shows every step at once). */
export function progressDelay(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.SCHEMATA_PROGRESS_AFTER_MS;
  const ms = given === undefined || given.trim() === '' ? NaN : Number(given);
  return Number.isFinite(ms) && ms >= 0 ? ms : PROGRESS_AFTER_MS;
}

export interface ProgressTarget {
  write(text: string): void;
  /** A terminal: a spinner redrawn in place; otherwise plain lines. */
  terminal: boolean;
  /** The terminal's width, so the line never wraps (a wrapped line cannot be redrawn). */
  columns?: () => number | undefined;
  afterMs: number;
}

export interface ProgressDisplay {
  progress: Progress;
  /** Runs `write` (other output to the same terminal) with the spinner line out of its way. */
  around(write: () => void): void;
}

interface ActiveStep {
  title: string;
  started: number;
  counts: string;
  timer?: ReturnType<typeof setTimeout>;
  printed: boolean;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const TICK_MS = 100;
const BAR_WIDTH = 12;

/** `████████░░░░ 400/2,100 statements` */
function renderCounts(done: number, total: number, unit: string): string {
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * BAR_WIDTH) : 0;
  const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
  return `${bar} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${unit}`;
}

/**
 * `⠋ schemata: spelling the model in embedded PostgreSQL 18 (2,000 tables) · reading the catalog`, the
 * outer step shortened first when the terminal is narrow: a line that wraps cannot be redrawn.
 */
function renderLine(spinner: string, outer: ActiveStep, inner: ActiveStep, target: ProgressTarget): string {
  const width = Math.max(20, (target.columns?.() || 80) - 1);
  const tail = `${inner === outer ? '' : ` · ${inner.title}`}${inner.counts ? ` ${inner.counts}` : ''}`;
  let head = `${spinner} schemata: ${outer.title}`;
  if (head.length + tail.length > width) head = `${head.slice(0, Math.max(12, width - tail.length - 1))}…`;
  const line = `${head}${tail}`;
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

export function progressDisplay(target: ProgressTarget): ProgressDisplay {
  return target.terminal ? spinnerDisplay(target) : lineDisplay(target);
}

/**
 * Plain lines: each step that runs longer than the delay, once, when it reaches it; a step within
 * another (reading the catalog while spelling) indented under it.
 */
function lineDisplay(target: ProgressTarget): ProgressDisplay {
  let depth = 0;
  const print = (step: ActiveStep & { depth: number }) => {
    if (step.printed) return;
    step.printed = true;
    target.write(`schemata: ${'  '.repeat(step.depth)}${step.title}\n`);
  };
  return {
    progress: {
      begin(title) {
        const step: ActiveStep & { depth: number } = {
          title,
          started: Date.now(),
          counts: '',
          printed: false,
          depth: depth++,
        };
        if (target.afterMs === 0) print(step);
        else step.timer = setTimeout(() => print(step), target.afterMs).unref();
        return {
          // A step that keeps the event loop busy holds up its timer: its counts catch it up.
          advance() {
            if (Date.now() - step.started >= target.afterMs) print(step);
          },
          end() {
            clearTimeout(step.timer);
            depth--;
          },
        };
      },
    },
    around: (write) => write(),
  };
}

/**
 * One line redrawn in place, showing the innermost step; it appears once the outermost step has run
 * for the delay, and is erased when the last step ends.
 */
function spinnerDisplay(target: ProgressTarget): ProgressDisplay {
  const steps: ActiveStep[] = [];
  let visible = false;
  let frame = 0;
  let ticker: ReturnType<typeof setInterval> | undefined;
  let drawn = 0;

  const erase = () => {
    if (visible) target.write('\r\u001b[K');
  };
  const draw = () => {
    const inner = steps[steps.length - 1];
    const outer = steps[0];
    if (inner === undefined || outer === undefined) return;
    if (!visible && Date.now() - outer.started < target.afterMs) return;
    visible = true;
    drawn = Date.now();
    target.write(`\r\u001b[K${renderLine(FRAMES[frame % FRAMES.length] ?? '', outer, inner, target)}`);
  };
  const stop = () => {
    erase();
    visible = false;
    clearInterval(ticker);
    ticker = undefined;
  };

  const progress: Progress = {
    begin(title): ProgressStep {
      const step: ActiveStep = { title, started: Date.now(), counts: '', printed: false };
      steps.push(step);
      ticker ??= setInterval(() => {
        frame++;
        draw();
      }, TICK_MS).unref();
      draw();
      return {
        advance(done, total, unit) {
          step.counts = renderCounts(done, total, unit);
          // Counts may come thousands of times a second; the line is redrawn a few times a second.
          if (step === steps[steps.length - 1] && Date.now() - drawn >= TICK_MS / 2) draw();
        },
        end() {
          const at = steps.lastIndexOf(step);
          if (at !== -1) steps.splice(at, 1);
          if (steps.length === 0) stop();
          else draw();
        },
      };
    },
  };
  return {
    progress,
    around(write) {
      if (!visible) return write();
      erase();
      visible = false;
      write();
      visible = true;
      draw();
    },
  };
}
