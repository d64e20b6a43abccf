/**
 * One app server per test file: `next start` of the tests' production build on a free port of
 * 127.0.0.1, with its own SQLite file (a copy of the template) and its own backup directory.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../../../generated/prisma/client.ts";
import { distDir, repoRoot, resultsDir, templateDatabase } from "./paths.ts";

export const ADMIN_SECRET = "browser-tests-secret";

export interface AppServer {
  readonly url: string;
  readonly dir: string;
  readonly backupDir: string;
  readonly databaseFile: string;
  /** A Prisma client on the server's database, to change data behind the app's back. */
  readonly prisma: PrismaClient;
  /** The server's output, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function startApp(name: string): Promise<AppServer> {
  const dir = join(resultsDir, "browser", name);
  rmSync(dir, { recursive: true, force: true });
  const backupDir = join(dir, "backups");
  mkdirSync(backupDir, { recursive: true });
  const databaseFile = join(dir, "app.db");
  copyFileSync(templateDatabase, databaseFile);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = "";
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: distDir,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: `file:${databaseFile}`,
      BACKUP_DIR: backupDir,
      BACKUP_ADMIN_SECRET: ADMIN_SECRET,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${log}`);
    try {
      const response = await fetch(`${url}/connexion`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`next start did not answer within 60 s:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${databaseFile}` }) });
  return {
    url,
    dir,
    backupDir,
    databaseFile,
    prisma,
    output: () => log,
    stop: async () => {
      await prisma.$disconnect();
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}
