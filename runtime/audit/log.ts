/**
 * The audit log: one structured entry per export, import (dry runs and refusals included),
 * verification and clean-up: who (as `authorize` reported), when, what, counts, duration,
 * outcome, error. By default JSON lines appended to `audit.log.jsonl` in the backup directory;
 * an app may pass its own sink (a database table, a log service).
 */
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { JsonValue } from "../schema.ts";

export type AuditAction = "export" | "backup" | "import" | "verify" | "cleanup" | "download" | "delete";
/**
 * `success`: done. `refused`: stopped before anything happened, by a person's or a file's
 * fault (not authorised, invalid file, conflicts, busy, too large): not a failure of the system.
 * `failure`: the system failed (database error, disk full); nothing was written.
 */
export type AuditOutcome = "success" | "refused" | "failure";

export interface AuditEntry {
  /** ISO 8601, UTC. */
  readonly at: string;
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
  /** What `authorize` returned for the request, or the operator for the command line. */
  readonly who: JsonValue;
  /** Where it came from: `http`, `cli`, or an app's own name. */
  readonly via: string;
  readonly durationMs: number;
  /** The backup's kind (`pre-import`, `manual`, `scheduled`) for `backup` entries. */
  readonly kind?: string;
  /** The file concerned: a history name or a path. */
  readonly file?: string;
  readonly bytes?: number;
  readonly modules?: readonly string[];
  /** Records exported, or the import's totals. */
  readonly records?: number;
  readonly counts?: Readonly<Record<string, number>>;
  readonly dryRun?: boolean;
  readonly mode?: "merge" | "replace";
  readonly encrypted?: boolean;
  /** The HTTP status answered, for route entries. */
  readonly status?: number;
  /** Why it was refused or failed: a stable code and a message. */
  readonly error?: { readonly code: string; readonly message: string };
  readonly details?: { readonly [key: string]: JsonValue };
}

export interface AuditSink {
  write(entry: AuditEntry): void | Promise<void>;
  /** The entries, oldest first (optional: a write-only sink has no history to show). */
  read?(options?: { readonly limit?: number }): Promise<AuditEntry[]>;
}

/** The default sink: JSON lines appended to a file (one `appendFile` per entry, so lines never interleave). */
export function jsonLinesAuditSink(path: string): AuditSink {
  let ready: Promise<unknown> | undefined;
  return {
    async write(entry) {
      ready ??= mkdir(dirname(path), { recursive: true });
      await ready;
      await appendFile(path, `${JSON.stringify(entry)}\n`, "utf8");
    },
    async read(options = {}) {
      let text: string;
      try {
        text = await readFile(path, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw error;
      }
      const entries = parseAuditLines(text);
      return options.limit === undefined ? entries : entries.slice(-options.limit);
    },
  };
}

/** Entries from JSON lines; a damaged line (a crash mid-write) is skipped, not fatal. */
export function parseAuditLines(text: string): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const entry = JSON.parse(line) as AuditEntry;
      if (entry && typeof entry.action === "string" && typeof entry.at === "string") entries.push(entry);
    } catch {
      // An incomplete last line: the process died while writing it.
    }
  }
  return entries;
}

/** A sink in memory, for tests and for apps that forward entries elsewhere. */
export function memoryAuditSink(): AuditSink & { readonly entries: AuditEntry[] } {
  const entries: AuditEntry[] = [];
  return {
    entries,
    write: (entry) => void entries.push(entry),
    read: async (options = {}) => (options.limit === undefined ? [...entries] : entries.slice(-options.limit)),
  };
}

/**
 * Times one operation and writes its entry. The operation's outcome comes from what `run`
 * returns; a thrown error is recorded as a failure, then rethrown.
 */
export class AuditClock {
  private readonly started = performance.now();
  private readonly at: Date;
  constructor(
    private readonly sink: AuditSink | undefined,
    private readonly base: Pick<AuditEntry, "action" | "who" | "via">,
    now: () => Date = () => new Date(),
  ) {
    this.at = now();
  }

  async record(fields: Omit<AuditEntry, "at" | "action" | "who" | "via" | "durationMs"> & Partial<Pick<AuditEntry, "action">>): Promise<AuditEntry> {
    const entry: AuditEntry = {
      at: this.at.toISOString(),
      ...this.base,
      ...fields,
      durationMs: Math.round(performance.now() - this.started),
    };
    await this.sink?.write(entry);
    return entry;
  }
}

/** A stable code and message from anything thrown. */
export function errorOf(error: unknown): { code: string; message: string } {
  if (error && typeof error === "object") {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return { code: typeof code === "string" ? code : "error", message: typeof message === "string" ? message : String(error) };
  }
  return { code: "error", message: String(error) };
}
