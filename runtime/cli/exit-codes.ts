/** The command line's exit codes: stable, documented in docs/SERVER.md, for scripts and schedulers. */
export const EXIT = {
  /** Done (a dry run or a verification found nothing wrong). */
  ok: 0,
  /** Something failed: configuration, database, disk. */
  error: 1,
  /** The command line itself is wrong (unknown option, missing argument). */
  usage: 2,
  /** The file is invalid: format, checksum, records, or a missing or wrong password. */
  invalid: 3,
  /** The import needs decisions: conflicts (nothing written). */
  conflicts: 4,
  /** Another import is running. */
  busy: 5,
  /** The import failed while writing and was rolled back: nothing written. */
  failed: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error that ends the command with this exit code and message. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = "CliError";
  }
}
