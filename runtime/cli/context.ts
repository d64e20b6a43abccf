/**
 * What every command shares: the loaded config, the history store and audit sink built from
 * it (the same directory and log as the routes), who is running it, and the output.
 */
import { readFile } from "node:fs/promises";
import { hostname, userInfo } from "node:os";
import { join } from "node:path";
import { jsonLinesAuditSink, type AuditSink } from "../audit/log.ts";
import { BackupStore, type Actor } from "../history/store.ts";
import { clientOf, loadConfig, type CliConfig } from "./config.ts";
import { CliError, EXIT } from "./exit-codes.ts";
import { consoleOutput, type Io, type Output } from "./output.ts";

export interface GlobalOptions {
  readonly config?: string;
  readonly quiet?: boolean;
}

export interface CommandContext {
  readonly config: CliConfig & { readonly path: string };
  readonly store: BackupStore;
  readonly audit: AuditSink;
  readonly actor: Actor;
  readonly out: Output;
  /** The Prisma client (created on first call when the config gave a function). */
  prisma(): Promise<unknown>;
  /** Disconnects the client if it was used. */
  close(): Promise<void>;
}

export async function commandContext(options: GlobalOptions, io?: Io): Promise<CommandContext> {
  const config = await loadConfig(options.config);
  const audit = config.audit ?? jsonLinesAuditSink(join(config.backupDir, "audit.log.jsonl"));
  let client: Promise<unknown> | undefined;
  return {
    config,
    audit,
    actor: { who: operator(), via: "cli" },
    out: consoleOutput({ quiet: options.quiet ?? false, ...(io ? { io } : {}) }),
    store: new BackupStore({ dir: config.backupDir, appName: config.appName ?? "app", audit, ...(config.retention !== undefined ? { retention: config.retention } : {}) }),
    prisma: () => (client ??= clientOf(config)),
    close: async () => {
      if (!client) return;
      const prisma = (await client) as { $disconnect?: () => Promise<void> };
      await prisma.$disconnect?.();
    },
  };
}

/** `user@host`, or PRISMA_BACKUP_OPERATOR when a scheduler sets it. */
function operator(): string {
  if (process.env.PRISMA_BACKUP_OPERATOR) return process.env.PRISMA_BACKUP_OPERATOR;
  let user = process.env.USER ?? "unknown";
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): keep $USER.
  }
  return `${user}@${hostname()}`;
}

/** A password from a file (its first line; trailing newline ignored). */
export async function readPasswordFile(path: string | undefined): Promise<string | undefined> {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CliError(EXIT.error, `Cannot read the password file ${path}: ${(error as Error).message}`);
  }
  const password = text.split(/\r?\n/)[0] ?? "";
  if (password === "") throw new CliError(EXIT.usage, `The password file ${path} is empty.`);
  return password;
}

/** Reads a file given on the command line (`-` is standard input). */
export async function readInput(path: string): Promise<Uint8Array> {
  try {
    if (path === "-") {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return new Uint8Array(Buffer.concat(chunks));
    }
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new CliError(EXIT.error, `Cannot read ${path}: ${(error as Error).message}`);
  }
}
