/**
 * The public types of the runtime: options of export and import, and the import report.
 * Browser-safe (types only).
 */
import type { JsonValue } from "./schema.ts";

/** One step of progress, for a progress bar. `done` and `total` count records. */
export interface Progress {
  readonly phase: "export" | "read" | "validate" | "analyse" | "backup" | "write" | "links" | "done";
  /** The model being processed, when there is one. */
  readonly model?: string;
  readonly done: number;
  readonly total: number;
}

export interface ExportOptions {
  /** Only these modules (selective export); default: every module. */
  readonly modules?: readonly string[];
  /** gzip the file (default true). */
  readonly compress?: boolean;
  /** Written into `metadata.app_version`. */
  readonly appVersion?: string;
  readonly onProgress?: (progress: Progress) => void;
  /** Records read per query (default 2,000). */
  readonly pageSize?: number;
  /** Clock for `metadata.exported_at` (tests). */
  readonly now?: () => Date;
}

/** The answer to one conflict: keep the database's value or take the file's. */
export type Resolution = "existing" | "incoming";

export interface ImportOptions {
  /**
   * `merge` (default): records are matched and merged by the schema's rules.
   * `replace`: every model the file covers ends up exactly as the file describes it;
   * models a selective file leaves out are not touched.
   */
  readonly mode?: "merge" | "replace";
  /** Validate and analyse everything, write nothing, return the report. */
  readonly dryRun?: boolean;
  /** Answers to conflicts by conflict id, and an optional default for the others. */
  readonly resolutions?: { readonly [conflictId: string]: Resolution } & { readonly default?: Resolution };
  /**
   * Where the automatic pre-import backup goes: a directory (the file is named there), or a
   * function that stores the bytes and returns where they went. Absent: no pre-import backup.
   */
  readonly backupBefore?: string | ((file: Uint8Array, fileName: string) => Promise<string>);
  readonly onProgress?: (progress: Progress) => void;
  /** Transaction timeout in ms (default 10 minutes): long imports must not hit Prisma's 5 s default. */
  readonly timeoutMs?: number;
  /**
   * The largest decompressed document accepted (default 1 GiB). Decompression stops at this
   * size, so a small gzip bomb costs no more than the limit. Routes derive it from their upload limit.
   */
  readonly maxBytes?: number;
}

export interface ModelCounts {
  /** Records of this model in the file. */
  readonly inFile: number;
  created: number;
  updated: number;
  skipped: number;
  /** Records removed because replace mode left them out of the file. */
  deleted: number;
  conflicts: number;
}

/** A field that differs on both sides with nothing to decide it: a person must choose. */
export interface Conflict {
  /** Stable id: `Model:recordId:field`. Pass it back in `resolutions`. */
  readonly id: string;
  readonly model: string;
  /** The record's id in the file, as text (composite ids joined with `,`). */
  readonly recordId: string;
  readonly field: string;
  /** Values in file form. */
  readonly existing: JsonValue;
  readonly incoming: JsonValue;
  /** Where the record stands in the file, e.g. `data.customers[3]`. */
  readonly path: string;
}

/** A problem that stops the import, or a warning that does not. */
export interface Problem {
  /** Stable code, e.g. `checksum_mismatch`, `invalid_record`, `dangling_reference`. */
  readonly code: string;
  readonly message: string;
  /** JSON path in the file, e.g. `data.customers[12].sales[3].total`. */
  readonly path?: string;
  readonly model?: string;
  readonly recordId?: string;
  readonly field?: string;
}

/** An incoming id mapped to an existing record recognised by its natural key. */
export interface IdMapping {
  readonly model: string;
  readonly from: string;
  readonly to: string;
}

export interface ImportReport {
  /** True when the import went through (or, in a dry run, would go through). */
  readonly ok: boolean;
  readonly mode: "merge" | "replace";
  readonly dryRun: boolean;
  /** Whether anything was written to the database. */
  readonly written: boolean;
  readonly models: Record<string, ModelCounts>;
  readonly totals: { inFile: number; created: number; updated: number; skipped: number; deleted: number; conflicts: number };
  readonly links: Record<string, { inFile: number; created: number; deleted: number }>;
  /** Conflicts still awaiting a decision (the import wrote nothing when there are any). */
  readonly conflicts: Conflict[];
  /** Conflicts decided by `resolutions`. */
  readonly resolved: number;
  readonly idMappings: IdMapping[];
  readonly errors: Problem[];
  readonly warnings: Problem[];
  /** Where the pre-import backup was written, when it was. */
  readonly backupPath?: string;
  readonly metadata?: BackupMetadata;
  readonly durationMs: number;
}

/** `metadata` of a backup file (see docs/FORMAT.md). */
export interface BackupMetadata {
  readonly format: "prisma-backup";
  readonly version: string;
  readonly exported_at: string;
  readonly app_version: string | null;
  readonly provider: string;
  readonly schema_fingerprint: string;
  readonly modules: readonly string[];
  readonly compressed: boolean;
  readonly total_records: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly fields: Readonly<Record<string, readonly string[]>>;
}
