/**
 * Finding the app: the command line loads a config module (default `prisma-backup.config.ts`,
 * then `.mts`, `.js`, `.mjs` in the working directory) that exports the app's Prisma client,
 * its generated backup module and the backup directory, either as named exports or as a
 * default export (an object, or a function returning one). TypeScript configs load through
 * tsx when Node cannot import them itself.
 */
import { access } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { AuditSink } from "../audit/log.ts";
import type { Backup } from "../backup.ts";
import type { RetentionPolicy } from "../history/retention.ts";
import { CliError, EXIT } from "./exit-codes.ts";

export interface CliConfig<Client = unknown> {
  /** The app's Prisma client (or a function creating it: called only by commands that need the database). */
  readonly prisma: Client | (() => Client | Promise<Client>);
  /** The generated backup module's `backup`. */
  readonly backup: Backup<Client>;
  /** Where backups, the audit log and the import lock live (the routes' backupDir). */
  readonly backupDir: string;
  readonly appName?: string;
  readonly appVersion?: string;
  readonly retention?: Partial<RetentionPolicy> | false;
  readonly audit?: AuditSink;
}

/** Typed helper for config files: `export default defineBackupConfig({ … })`. */
export function defineBackupConfig<Client>(config: CliConfig<Client>): CliConfig<Client> {
  return config;
}

const DEFAULT_NAMES = ["prisma-backup.config.ts", "prisma-backup.config.mts", "prisma-backup.config.js", "prisma-backup.config.mjs"];

export async function loadConfig(path: string | undefined, cwd = process.cwd()): Promise<CliConfig & { readonly path: string }> {
  const file = path ? resolve(cwd, path) : await findDefault(cwd);
  const module = await importModule(file);
  let config = (module.default ?? module) as unknown;
  if (typeof config === "function") config = await (config as () => unknown)();
  const problems = checkConfig(config);
  if (problems.length > 0) throw new CliError(EXIT.error, `${file}: ${problems.join("; ")}.`);
  return { ...(config as CliConfig), path: file };
}

/** The Prisma client, created on first use when the config gave a function. */
export async function clientOf(config: CliConfig): Promise<unknown> {
  const { prisma } = config;
  return typeof prisma === "function" ? await (prisma as () => unknown)() : prisma;
}

async function findDefault(cwd: string): Promise<string> {
  for (const name of DEFAULT_NAMES) {
    const file = resolve(cwd, name);
    if (await access(file).then(() => true, () => false)) return file;
  }
  throw new CliError(EXIT.error, `No config found: create prisma-backup.config.ts in ${cwd} exporting { prisma, backup, backupDir }, or pass --config FILE.`);
}

async function importModule(file: string): Promise<Record<string, unknown>> {
  if (!(await access(file).then(() => true, () => false))) throw new CliError(EXIT.error, `Config file not found: ${file}`);
  const url = pathToFileURL(file).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    if ((error as { code?: string }).code !== "ERR_UNKNOWN_FILE_EXTENSION") throw error;
  }
  let tsx: { register(): unknown };
  try {
    tsx = (await import("tsx/esm/api")) as { register(): unknown };
  } catch {
    throw new CliError(EXIT.error, `${file} is TypeScript: install tsx (npm i -D tsx), or write the config in JavaScript.`);
  }
  tsx.register();
  // A new URL: the failed import above stays cached under the plain one.
  return (await import(`${url}?tsx`)) as Record<string, unknown>;
}

function checkConfig(config: unknown): string[] {
  if (typeof config !== "object" || config === null) return ["the config must export { prisma, backup, backupDir }"];
  const { prisma, backup, backupDir } = config as Record<string, unknown>;
  const problems: string[] = [];
  if (!prisma) problems.push("prisma is missing (the app's Prisma client)");
  if (!backup || typeof (backup as { prepareImport?: unknown }).prepareImport !== "function") problems.push("backup is missing or is not the generated backup module's `backup`");
  if (typeof backupDir !== "string" || backupDir === "") problems.push("backupDir is missing (a directory for backups and the audit log)");
  return problems;
}
