/**
 * The command line while the app's routes run, on one SQLite database and one backup directory
 * (as prisma-backup.config.ts and the reference app share them): whichever import starts first
 * runs, the other is refused clearly (exit code 5, or 423 naming the holder's process), and the
 * database ends exactly as the one import left it.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backup } from "../../generated/backup/index.ts";
import { memoryAuditSink } from "../../runtime/audit/log.ts";
import { createBackupRoutes } from "../../runtime/routes/index.ts";
import { dumpDatabase, type DatabaseDump, type TestDatabase } from "../support/databases.ts";
import { Child } from "./support/child.ts";
import { databaseBefore, faultData, stateAfter, type FaultData } from "./support/data.ts";
import { recordResult } from "./support/results.ts";

let data: FaultData;
let expected: DatabaseDump;
let dir: string;
let file: string;
const refusals: string[] = [];

beforeAll(async () => {
  data = await faultData("sqlite", 2500, "cli-vs-routes");
  dir = await mkdtemp(path.join(tmpdir(), "prisma-backup-cli-routes-"));
  file = path.join(dir, "shop.json.gz");
  await writeFile(file, data.file);
  expected = await stateAfter(data);
});
afterAll(async () => {
  await recordResult("cli-vs-routes", { attempts: refusals.length * 2, refused: refusals.length, list: refusals });
  if (dir) await rm(dir, { recursive: true, force: true });
});

function setup(db: TestDatabase, backupDir: string) {
  const routes = createBackupRoutes({ prisma: db.prisma, backup, authorize: () => ({ user: "admin" }), backupDir, audit: memoryAuditSink(), retention: false });
  const post = () => routes.import(new Request("http://app.test/api/backup/import", { method: "POST", body: data.file as Uint8Array<ArrayBuffer> }));
  const cli = () => new Child("runtime/cli/main.ts", ["import", file, "--quiet"], { DATABASE_URL: db.url, BACKUP_DIR: backupDir, PRISMA_BACKUP_OPERATOR: "cron@test" });
  return { routes, post, cli };
}

describe("the command line while the routes run", () => {
  it("an import through the routes is running: the command line exits with 5 and says who holds the lock", async () => {
    const db = await databaseBefore(data);
    const backupDir = path.join(dir, "route-first");
    const { routes, post, cli } = setup(db, backupDir);
    try {
      // Hold the route's import at its pre-import backup (lock taken, nothing written yet).
      let reached!: () => void;
      let release!: () => void;
      const atBackup = new Promise<void>((resolve) => (reached = resolve));
      const gate = new Promise<void>((resolve) => (release = resolve));
      const write = routes.store.write.bind(routes.store);
      routes.store.write = async (...args) => {
        reached();
        await gate;
        return write(...args);
      };
      const response = post();
      await atBackup;
      const child = cli();
      const exit = await child.exited;
      expect(exit.code, child.stderr).toBe(5);
      expect(`${child.stdout}${child.stderr}`).toMatch(/Another import is running \(started .* by \{"user":"admin"\}, process \d+ on .+\)/);
      refusals.push("command line while a route import runs");
      release();
      expect((await response).status).toBe(200);
      expect(await dumpDatabase(db)).toEqual(expected);
      expect((await readdir(backupDir)).filter((n) => n.includes("pre-import") && !n.endsWith(".meta.json"))).toHaveLength(1);
    } finally {
      await db.close();
    }
  });

  it("an import from the command line is running: the route answers 423 naming its process", async () => {
    const db = await databaseBefore(data);
    const backupDir = path.join(dir, "cli-first");
    const { post, cli } = setup(db, backupDir);
    try {
      const child = cli();
      const lock = path.join(backupDir, ".import.lock");
      const deadline = Date.now() + 60_000;
      while (!existsSync(lock) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
      expect(existsSync(lock), child.stderr).toBe(true);
      const response = await post();
      expect(response.status).toBe(423);
      const body = (await response.json()) as { error: string; message: string };
      expect(body.error).toBe("import_running");
      expect(body.message).toContain(`by cron@test, process ${child.pid} on`);
      refusals.push("route while a command-line import runs");
      expect((await child.exited).code, child.stderr).toBe(0);
      expect(await dumpDatabase(db)).toEqual(expected);
    } finally {
      await db.close();
    }
  });
});
