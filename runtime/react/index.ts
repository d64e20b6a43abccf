/** React hooks of prisma-backup: the daily automatic backup and its tracker. */
export { TRACKER_CHANGE_EVENT, useBackupTracker } from "./use-backup-tracker.ts";
export type { BackupTrackerState } from "./use-backup-tracker.ts";
export { useAutoBackup } from "./use-auto-backup.ts";
export type { AutoBackupOptions, AutoBackupState, AutoBackupStatus } from "./use-auto-backup.ts";
