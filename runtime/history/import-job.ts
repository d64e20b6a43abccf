/**
 * One import as the server and the command line run it, around the runtime's `prepareImport`:
 *
 * 1. take the import lock (not for dry runs): one import at a time, across processes;
 * 2. decrypt the file when it is an encrypted envelope;
 * 3. validate and analyse (`prepareImport`), with the pre-import backup going to the history;
 * 4. classify the outcome, so the caller chooses its status code or exit code before writing;
 * 5. `commit` writes, audits, releases the lock. Every path leaves one audit entry.
 */
import { AuditClock, type AuditSink } from "../audit/log.ts";
import type { Backup } from "../backup.ts";
import { unsealBackup } from "../crypto/unseal.ts";
import type { ImportOptions, ImportReport, Problem, Progress } from "../options.ts";
import { acquireImportLock, LockedError, type ImportLock } from "./lock.ts";
import type { Actor, BackupStore } from "./store.ts";

/**
 * - `invalid`: the file cannot be imported (format, checksum, records, password): nothing written.
 * - `conflicts`: decisions are needed (`report.conflicts`): nothing written.
 * - `busy`: another import holds the lock.
 * - `failed`: the system failed (database unreachable, pre-import backup impossible): nothing written.
 * - `preview`: a dry run's report.
 * - `ready`: validated and analysed; `commit()` writes.
 */
export type ImportState = "invalid" | "conflicts" | "busy" | "failed" | "preview" | "ready";

export interface ImportJob {
  readonly state: ImportState;
  readonly report: ImportReport;
  readonly encrypted: boolean;
  /** Writes (state `ready` only), then audits and releases the lock. `report.ok` false means nothing was written. */
  commit(onProgress?: (progress: Progress) => void): Promise<ImportReport>;
}

export interface ImportJobOptions<Client> {
  readonly backup: Backup<Client>;
  readonly prisma: Client;
  readonly store: BackupStore;
  readonly audit?: AuditSink;
  readonly actor: Actor;
  readonly bytes: Uint8Array;
  /** Shown in the audit log: the uploaded file's name or the path given. */
  readonly fileName?: string;
  readonly password?: string;
  readonly mode?: ImportOptions["mode"];
  readonly dryRun?: boolean;
  readonly resolutions?: ImportOptions["resolutions"];
  /** The largest decompressed document accepted (ImportOptions.maxBytes). */
  readonly maxBytes?: number;
  /** Skip the pre-import backup (default: written to the history). */
  readonly skipBackup?: boolean;
  readonly now?: () => Date;
  /** Called with the audit fields' HTTP status, for route entries. */
  readonly status?: (state: ImportState, report: ImportReport) => number | undefined;
}

/** Problems that mean the system failed rather than the file. */
const SYSTEM_FAILURES = new Set(["database_error", "pre_import_backup_failed"]);

export async function startImport<Client>(options: ImportJobOptions<Client>): Promise<ImportJob> {
  const mode = options.mode ?? "merge";
  const dryRun = options.dryRun ?? false;
  const clock = new AuditClock(options.audit, { action: "import", ...options.actor }, options.now);
  let lock: ImportLock | undefined;
  let finished = false;

  const finish = async (state: ImportState, report: ImportReport, encrypted: boolean) => {
    if (finished) return;
    finished = true;
    try {
      const error = report.errors[0] ?? (report.conflicts.length > 0 ? { code: "conflicts", message: `${report.conflicts.length} conflicts await a decision.` } : undefined);
      const status = options.status?.(state, report);
      await clock.record({
        outcome: report.ok ? "success" : state === "failed" ? "failure" : "refused",
        mode,
        dryRun,
        encrypted,
        ...(options.fileName ? { file: options.fileName } : {}),
        bytes: options.bytes.length,
        records: report.totals.inFile,
        counts: { created: report.totals.created, updated: report.totals.updated, skipped: report.totals.skipped, deleted: report.totals.deleted, conflicts: report.conflicts.length },
        ...(status ? { status } : {}),
        ...(error && !report.ok ? { error: { code: error.code, message: error.message } } : {}),
        ...(report.backupPath ? { details: { preImportBackup: report.backupPath } } : {}),
      });
    } finally {
      await lock?.release();
    }
  };
  const settled = async (state: ImportState, report: ImportReport, encrypted: boolean): Promise<ImportJob> => {
    await finish(state, report, encrypted);
    return { state, report, encrypted, commit: async () => report };
  };

  if (!dryRun) {
    try {
      lock = await acquireImportLock(options.store.dir, options.actor.who, options.now ? { now: options.now } : {});
    } catch (error) {
      if (!(error instanceof LockedError)) throw error;
      return settled("busy", refusedReport({ code: error.code, message: error.message }, mode, dryRun), false);
    }
  }

  try {
    const unsealed = await unsealBackup(options.bytes, options.password);
    if (!unsealed.ok) return await settled("invalid", refusedReport(unsealed.problem, mode, dryRun), true);

    const backupBefore = options.skipBackup
      ? undefined
      : async (file: Uint8Array) => (await options.store.write(file, "pre-import", options.actor)).entry.name;
    const prepared = await options.backup.prepareImport(options.prisma, unsealed.bytes, {
      mode,
      dryRun,
      ...(options.resolutions ? { resolutions: options.resolutions } : {}),
      ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
      ...(backupBefore ? { backupBefore } : {}),
    });
    const { report } = prepared;
    const state: ImportState = report.ok
      ? dryRun ? "preview" : "ready"
      : report.errors.some((e) => SYSTEM_FAILURES.has(e.code)) ? "failed"
      : report.conflicts.length > 0 ? "conflicts"
      : "invalid";
    if (state !== "ready") return await settled(state, report, unsealed.encrypted);

    let committed: Promise<ImportReport> | undefined;
    return {
      state,
      report,
      encrypted: unsealed.encrypted,
      commit: (onProgress) =>
        (committed ??= (async () => {
          try {
            const result = await prepared.commit(onProgress ? { onProgress } : {});
            await finish(result.ok ? "ready" : "failed", result, unsealed.encrypted);
            return result;
          } catch (error) {
            const result = { ...report, ok: false, written: false, errors: [{ code: "database_error", message: error instanceof Error ? error.message : String(error) }] };
            await finish("failed", result, unsealed.encrypted);
            return result;
          }
        })()),
    };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

/** A report for an import refused before the file was read: nothing in it, one error. */
export function refusedReport(error: Problem, mode: "merge" | "replace" = "merge", dryRun = false): ImportReport {
  return {
    ok: false,
    mode,
    dryRun,
    written: false,
    models: {},
    totals: { inFile: 0, created: 0, updated: 0, skipped: 0, deleted: 0, conflicts: 0 },
    links: {},
    conflicts: [],
    resolved: 0,
    idMappings: [],
    errors: [error],
    warnings: [],
    durationMs: 0,
  };
}
