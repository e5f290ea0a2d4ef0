/**
 * The audit's progress display on a terminal: one cli-progress bar over the files to lint, with the current phase
 * named, so the long first batch of a typed group (TypeScript builds the whole program of its tsconfig before the
 * first file is linted — seconds on a real project) says what it is doing instead of sitting at 0/N.
 */
import cliProgress from 'cli-progress';

/** A progress display; every method is a no-op on {@link QUIET_PROGRESS}. */
export interface Progress {
  /**
   * Names the phase now running and redraws at once (the next step may block the event loop for seconds).
   * @param text e.g. `building the TypeScript program of tsconfig.json`, `linting`
   */
  phase(text: string): void;
  /** Counts `files` more files as linted. */
  advance(files: number): void;
  /** Removes the bar (it is cleared on completion). */
  stop(): void;
}

/** The display used when progress is off (piped stderr, `--quiet`, `CI` set). */
export const QUIET_PROGRESS: Progress = { phase() {}, advance() {}, stop() {} };

/**
 * True when progress should be drawn: stderr is a terminal, `--quiet` was not given and the `CI` environment
 * variable is unset or empty (CI logs keep every redraw of a bar).
 * @param stream the stream the bar would be drawn on
 * @param quiet whether `--quiet` was given
 * @param env the environment
 */
export function shouldShowProgress(stream: { readonly isTTY?: boolean }, quiet: boolean, env: NodeJS.ProcessEnv): boolean {
  return !quiet && stream.isTTY === true && !env.CI;
}

/**
 * Starts a bar over `total` files on `stream`.
 * @param total files to lint
 * @param stream where to draw (stderr)
 */
export function createProgress(total: number, stream: NodeJS.WritableStream): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WriteStream,
      format: 'kms-audit [{bar}] {value}/{total} files | {duration_formatted} | {phase}',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { phase: 'starting' });
  return {
    phase(text) {
      bar.update({ phase: text });
      bar.render();
    },
    advance(files) {
      bar.increment(files);
    },
    stop() {
      bar.stop();
    },
  };
}
