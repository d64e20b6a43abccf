/**
 * The backup routes of the reference app: the runtime's handlers bound to the app's Prisma
 * client, its generated backup module and its authentication. `app/api/backup/*` export them
 * as they are.
 *
 * Environment: BACKUP_DIR (default `backups/`): the server's kept backups, audit log and import
 * lock; BACKUP_MAX_UPLOAD_MB (default 100).
 */
import { backup } from "../../generated/backup/index.ts";
import { createBackupRoutes } from "../../runtime/routes/index.ts";
import { authorize } from "./auth.ts";
import { prisma } from "./prisma.ts";

const globalForRoutes = globalThis as unknown as { backupRoutes?: ReturnType<typeof createBackupRoutes> };

export const routes = (globalForRoutes.backupRoutes ??= createBackupRoutes({
  prisma,
  backup,
  authorize,
  backupDir: process.env.BACKUP_DIR ?? "backups",
  appName: "alami-gestion",
  appVersion: process.env.npm_package_version ?? "0.1.0",
  maxUploadBytes: Number(process.env.BACKUP_MAX_UPLOAD_MB ?? 100) * 1024 * 1024,
  fileNameTimeZone: process.env.BACKUP_TIME_ZONE ?? "Europe/Paris",
}));
