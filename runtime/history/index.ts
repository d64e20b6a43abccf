/** The backups kept on the server: directory, retention, health, verification, import lock, import job. */
export { BackupStore, HistoryError } from "./store.ts";
export type { Actor, BackupEntry, BackupKind, BackupStoreOptions, PruneResult } from "./store.ts";
export { DEFAULT_RETENTION, planRetention, resolveRetentionPolicy } from "./retention.ts";
export type { DeleteReason, KeepReason, RetentionFile, RetentionPlan, RetentionPolicy } from "./retention.ts";
export { assessHealth, DEFAULT_MAX_AGE_MS } from "./health.ts";
export type { HealthIssue, HealthOptions, HealthStatus, HealthVerdict } from "./health.ts";
export { verifyBackup } from "./verify.ts";
export type { Verification } from "./verify.ts";
export { acquireImportLock, LockedError, readImportLock } from "./lock.ts";
export type { ImportLock, LockHolder } from "./lock.ts";
export { startImport } from "./import-job.ts";
export type { ImportJob, ImportJobOptions, ImportState } from "./import-job.ts";
