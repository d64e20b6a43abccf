/**
 * How the `prisma-backup` command line finds this app: its Prisma client, its generated backup
 * module, and the directory the server keeps backups in (the same as the routes', so the CLI
 * and the app share history, audit log and import lock).
 *
 * Environment: DATABASE_URL (default `file:./prisma/dev.db`), BACKUP_DIR (default `backups`).
 */
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { backup } from "./generated/backup/index.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { defineBackupConfig } from "./runtime/cli/config.ts";

// A function, so that the environment is read each time the config is loaded.
export default () =>
  defineBackupConfig({
    // A function too: commands that never touch the database (verify, history, prune) never open it.
    prisma: () => new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: process.env.DATABASE_URL ?? "file:./prisma/dev.db" }) }),
    backup,
    backupDir: process.env.BACKUP_DIR ?? "backups",
    appName: "alami-gestion",
    appVersion: process.env.npm_package_version ?? "0.1.0",
  });
