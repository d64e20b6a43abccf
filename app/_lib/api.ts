/**
 * The browser's side of the backup routes (`app/api/backup/*`): their URLs and small typed
 * calls. Browser-safe.
 */
export const EXPORT_URL = "/api/backup/export";
export const ESTIMATE_URL = "/api/backup/estimate";
export const IMPORT_URL = "/api/backup/import";
export const HISTORY_URL = "/api/backup/history";
export const HEALTH_URL = "/api/backup/health";

/** The localStorage namespace of the automatic backup's tracker. */
export const AUTO_BACKUP_NAMESPACE = "alami-gestion";
