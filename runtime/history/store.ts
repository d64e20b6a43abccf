/**
 * The backups kept on the server, in one directory: each file beside a small JSON sidecar
 * (`<name>.meta.json`) that describes it (kind, date, size, checksums, counts), so listing
 * never decompresses anything. Files dropped in by hand are described from their own bytes.
 * Writing a backup runs the retention policy and records both in the audit log.
 */
import { link, mkdir, readdir, readFile, rm, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AuditClock, errorOf, type AuditSink } from "../audit/log.ts";
import type { JsonValue } from "../schema.ts";
import { describeBackupBytes, type FileFacts } from "./describe.ts";
import { planRetention, resolveRetentionPolicy, type DeleteReason, type RetentionPolicy } from "./retention.ts";

/** `pre-import` (written before an import), `manual` (someone asked), `scheduled` (a job); apps may add theirs. */
export type BackupKind = "pre-import" | "manual" | "scheduled" | (string & {});

export interface BackupEntry {
  readonly name: string;
  readonly kind: BackupKind;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  readonly size: number;
  /** SHA-256 of the stored bytes. */
  readonly sha256: string;
  /** The document's own checksum (its trailer); null when encrypted or unreadable. */
  readonly checksum: string | null;
  readonly encrypted: boolean;
  readonly compressed: boolean;
  readonly totalRecords: number | null;
  readonly counts: Readonly<Record<string, number>> | null;
  readonly modules: readonly string[] | null;
  readonly appVersion: string | null;
  readonly formatVersion: string | null;
}

export interface BackupStoreOptions {
  readonly dir: string;
  /** Prefix of file names (default `app`). */
  readonly appName?: string;
  /** Retention run after each new backup; `false` keeps everything. */
  readonly retention?: Partial<RetentionPolicy> | false;
  readonly audit?: AuditSink;
  readonly now?: () => Date;
}

export interface Actor {
  readonly who: JsonValue;
  readonly via: string;
}

export type HistoryErrorCode = "invalid_name" | "not_found";

export class HistoryError extends Error {
  constructor(
    readonly code: HistoryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "HistoryError";
  }
}

export interface PruneResult {
  readonly kept: BackupEntry[];
  readonly deleted: { readonly entry: BackupEntry; readonly reason: DeleteReason }[];
}

const SIDECAR = ".meta.json";
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.json(\.gz)?(\.enc)?$/;
/** The kind in a name this store wrote: `<app>-backup-<stamp>[-n]-<kind>.json…`. */
const KIND_IN_NAME = /-backup-\d{4}-\d{2}-\d{2}-\d{6}(?:-\d+)?-([a-z0-9-]+)\.json/;
const SYSTEM: Actor = { who: "system", via: "retention" };

export class BackupStore {
  readonly dir: string;
  readonly appName: string;
  readonly retention: RetentionPolicy | false;
  private readonly audit: AuditSink | undefined;
  private readonly now: () => Date;

  constructor(options: BackupStoreOptions) {
    this.dir = options.dir;
    this.appName = safeName(options.appName ?? "app");
    this.retention = options.retention === false ? false : resolveRetentionPolicy(options.retention);
    this.audit = options.audit;
    this.now = options.now ?? (() => new Date());
  }

  /** Every backup, newest first. */
  async list(): Promise<BackupEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const entries: BackupEntry[] = [];
    for (const name of names.filter((n) => NAME.test(n) && !n.endsWith(SIDECAR))) {
      const entry = await this.describe(name).catch(() => undefined);
      if (entry) entries.push(entry);
    }
    return entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || (a.name < b.name ? 1 : -1));
  }

  async get(name: string): Promise<BackupEntry> {
    this.pathOf(name);
    try {
      return await this.describe(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new HistoryError("not_found", `No backup named "${name}" on the server.`);
      throw error;
    }
  }

  async read(name: string): Promise<Uint8Array> {
    await this.get(name);
    return new Uint8Array(await readFile(this.pathOf(name)));
  }

  /** Stores a new backup, then applies the retention policy. */
  async write(bytes: Uint8Array, kind: BackupKind, actor: Actor = SYSTEM): Promise<{ entry: BackupEntry; pruned: PruneResult["deleted"] }> {
    const clock = new AuditClock(this.audit, { action: "backup", ...actor }, this.now);
    const createdAt = this.now();
    try {
      await mkdir(this.dir, { recursive: true });
      const facts = describeBackupBytes(bytes);
      const name = await this.writeExclusive(bytes, createdAt, kind, facts);
      const entry = entryOf(name, kind, createdAt.toISOString(), facts);
      await writeFile(this.pathOf(name) + SIDECAR, `${JSON.stringify(entry, null, 2)}\n`);
      await clock.record({ outcome: "success", kind, file: name, bytes: bytes.length, encrypted: facts.encrypted, ...(entry.totalRecords !== null ? { records: entry.totalRecords } : {}) });
      const pruned = this.retention ? (await this.prune(this.retention, actor)).deleted : [];
      return { entry, pruned };
    } catch (error) {
      await clock.record({ outcome: "failure", kind, bytes: bytes.length, error: errorOf(error) });
      throw error;
    }
  }

  async remove(name: string, actor: Actor): Promise<BackupEntry> {
    const clock = new AuditClock(this.audit, { action: "delete", ...actor }, this.now);
    try {
      const entry = await this.get(name);
      await this.unlinkBackup(name);
      await clock.record({ outcome: "success", file: name, bytes: entry.size, kind: entry.kind });
      return entry;
    } catch (error) {
      await clock.record({ outcome: error instanceof HistoryError ? "refused" : "failure", file: name, error: errorOf(error) });
      throw error;
    }
  }

  /** Deletes what the policy does not keep (see planRetention); `dryRun` only says what it would delete. */
  async prune(policy: RetentionPolicy = this.retention || resolveRetentionPolicy(), actor: Actor = SYSTEM, options: { dryRun?: boolean } = {}): Promise<PruneResult> {
    const clock = new AuditClock(this.audit, { action: "cleanup", ...actor }, this.now);
    try {
      const plan = planRetention(await this.list(), policy, this.now());
      if (!options.dryRun) for (const { file } of plan.delete) await this.unlinkBackup(file.name);
      const deleted = plan.delete.map(({ file, reason }) => ({ entry: file, reason }));
      await clock.record({
        outcome: "success",
        bytes: deleted.reduce((sum, { entry }) => sum + entry.size, 0),
        ...(options.dryRun ? { dryRun: true } : {}),
        details: { kept: plan.keep.length, deleted: deleted.map(({ entry, reason }) => `${entry.name} (${reason})`) },
      });
      return { kept: plan.keep.map(({ file }) => file), deleted };
    } catch (error) {
      await clock.record({ outcome: "failure", error: errorOf(error) });
      throw error;
    }
  }

  /** The file's path, refusing any name that is not a plain backup file name (no traversal). */
  pathOf(name: string): string {
    if (!NAME.test(name) || name.includes("..") || name.endsWith(SIDECAR)) {
      throw new HistoryError("invalid_name", `"${name}" is not the name of a backup file.`);
    }
    return join(this.dir, name);
  }

  /** `<app>-backup-YYYY-MM-DD-HHmmss-<kind>.json.gz`, with `-2`, `-3`… when the second is taken. */
  private async writeExclusive(bytes: Uint8Array, createdAt: Date, kind: BackupKind, facts: FileFacts): Promise<string> {
    const stamp = createdAt.toISOString().slice(0, 19).replace("T", "-").replace(/:/g, "").replace(/^(\d{4})(\d{2})(\d{2})/, "$1-$2-$3");
    const extension = facts.encrypted ? ".json.gz.enc" : facts.compressed ? ".json.gz" : ".json";
    const temporary = join(this.dir, `.${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.tmp`);
    await writeFile(temporary, bytes, { flag: "wx" });
    try {
      for (let attempt = 1; ; attempt++) {
        const name = `${this.appName}-backup-${stamp}${attempt > 1 ? `-${attempt}` : ""}-${safeName(kind)}${extension}`;
        try {
          await link(temporary, this.pathOf(name));
          return name;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 100) throw error;
        }
      }
    } finally {
      await unlink(temporary).catch(() => {});
    }
  }

  private async unlinkBackup(name: string): Promise<void> {
    await rm(this.pathOf(name));
    await rm(this.pathOf(name) + SIDECAR, { force: true });
  }

  private async describe(name: string): Promise<BackupEntry> {
    const path = this.pathOf(name);
    try {
      const sidecar = JSON.parse(await readFile(path + SIDECAR, "utf8")) as BackupEntry;
      if (sidecar.name === name) return sidecar;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" && !(error instanceof SyntaxError)) throw error;
    }
    const [bytes, info] = await Promise.all([readFile(path), stat(path)]);
    const facts = describeBackupBytes(bytes);
    const kind = name.startsWith("pre-import-") ? "pre-import" : (KIND_IN_NAME.exec(name)?.[1] ?? "other");
    return entryOf(name, kind, facts.metadata?.exported_at ?? info.mtime.toISOString(), facts);
  }
}

function entryOf(name: string, kind: BackupKind, createdAt: string, facts: FileFacts): BackupEntry {
  const metadata = facts.metadata;
  return {
    name,
    kind,
    createdAt,
    size: facts.size,
    sha256: facts.sha256,
    checksum: facts.checksum ?? null,
    encrypted: facts.encrypted,
    compressed: facts.compressed,
    totalRecords: typeof metadata?.total_records === "number" ? metadata.total_records : null,
    counts: metadata?.counts ?? null,
    modules: metadata?.modules ?? null,
    appVersion: metadata?.app_version ?? null,
    formatVersion: metadata?.version ?? null,
  };
}

function safeName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "") || "app";
}
