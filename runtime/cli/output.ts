/**
 * What the command line prints: results on stdout (JSON with --json), messages and the
 * progress bar on stderr. The bar only appears on a terminal; piped or quiet, nothing moves.
 */
import cliProgress from "cli-progress";
import type { Progress } from "../options.ts";
export { formatBytes as formatSize } from "../format/open.ts";

export interface Output {
  /** A result line (stdout). */
  result(text: string): void;
  /** A message for the person (stderr). */
  note(text: string): void;
  /** A progress callback, or undefined when no bar should show. */
  progress(label: string): ProgressBar | undefined;
}

export interface ProgressBar {
  update(progress: Progress): void;
  stop(): void;
}

/** Where the command line writes: the process's streams, or captures in tests and embedding apps. */
export interface Io {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
}

export interface TextSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export const processIo: Io = { stdout: process.stdout, stderr: process.stderr };

export function consoleOutput(options: { quiet?: boolean; io?: Io } = {}): Output {
  const { stdout, stderr } = options.io ?? processIo;
  return {
    result: (text) => void stdout.write(`${text}\n`),
    note: (text) => {
      if (!options.quiet) stderr.write(`${text}\n`);
    },
    progress: (label) => {
      if (options.quiet || !stderr.isTTY) return undefined;
      const bar = new cliProgress.SingleBar(
        { stream: stderr as NodeJS.WritableStream, format: `${label} [{bar}] {percentage}% | {value}/{total} records | {phase}`, hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      let started = false;
      return {
        update: (progress) => {
          const total = Math.max(progress.total, progress.done, 1);
          const phase = progress.model ? `${progress.phase} ${progress.model}` : progress.phase;
          if (!started) {
            bar.start(total, progress.done, { phase });
            started = true;
          } else {
            bar.setTotal(total);
            bar.update(progress.done, { phase });
          }
        },
        stop: () => {
          if (started) bar.stop();
        },
      };
    },
  };
}

/** Columns padded to their widest cell. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ")).join("\n");
}
