/**
 * prisma-backup in the browser (`prisma-backup/runtime/browser`): verify a file before
 * uploading it (in a worker), download a backup with progress, read the import's progress
 * events, and remember the daily automatic backup. No Node-only imports.
 */
export { browserPrimitives, gunzipWithin, sha256Hex } from "./primitives.ts";
export { verifyBackup } from "./verify.ts";
export type { Verification, VerifyDefinition, VerifyOptions, VerifyStage } from "./verify.ts";
export { serveVerification, verifyInWorker } from "./worker.ts";
export type { WorkerLike } from "./worker.ts";
export { createBackupTracker, localDay, msUntilNextLocalMidnight } from "./tracker.ts";
export type { BackupTracker, LastBackup, StorageLike, TrackerOptions } from "./tracker.ts";
export { runInOneTab } from "./exclusive.ts";
export { downloadBackup, fetchWithProgress, fileNameFromDisposition, httpError, HttpError, saveBlob } from "./download.ts";
export type { DownloadOptions, DownloadProgress, Downloaded } from "./download.ts";
export { readNdjson } from "./ndjson.ts";
export { formatProblem } from "../problems.ts";
export { formatBytes } from "../format/open.ts";
export type { BackupMetadata, Conflict, ImportReport, ModelCounts, Problem, Progress, Resolution } from "../options.ts";
