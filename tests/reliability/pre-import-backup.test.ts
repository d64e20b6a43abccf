/**
 * The pre-import backup cannot be written: its directory is missing, is a file, sits under a
 * file, is read-only, or the disk is full (for real: /dev/full and, when this process may
 * mount, a 64 KiB tmpfs; simulated: a store that throws ENOSPC). Each time the import does not
 * start (no write-phase event, nothing written) and the report says why, in the system's words
 * and in words a person can act on. Through the routes: 500 with `pre_import_backup_failed`,
 * the lock released, the next import fine.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backup } from "../../generated/backup/index.ts";
import type { ImportOptions, Progress } from "../../generated/backup/index.ts";
import { memoryAuditSink } from "../../runtime/audit/log.ts";
import { createBackupRoutes } from "../../runtime/routes/index.ts";
import { createDatabase, dumpDatabase, type DatabaseDump, type TestDatabase } from "../support/databases.ts";
import { faultData, fillBefore, type FaultData } from "./support/data.ts";
import { recordResult } from "./support/results.ts";

let data: FaultData;
let db: TestDatabase;
let before: DatabaseDump;
let dir: string;
const mounts: string[] = [];
const faults: string[] = [];

/** Mounts a tmpfs (root with CAP_SYS_ADMIN only); undefined when this process may not. */
async function mountTmpfs(name: string, options: string): Promise<string | undefined> {
  const where = path.join(dir, name);
  await mkdir(where, { recursive: true });
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", where], { stdio: "ignore" });
  } catch {
    return undefined;
  }
  mounts.push(where);
  return where;
}

beforeAll(async () => {
  data = await faultData("sqlite", 600, "pre-import");
  db = await createDatabase("sqlite");
  await fillBefore(db.prisma, data);
  before = await dumpDatabase(db);
  dir = await mkdtemp(path.join(tmpdir(), "prisma-backup-pre-import-"));
});
afterAll(async () => {
  for (const where of mounts) execFileSync("umount", [where], { stdio: "ignore" });
  await recordResult("pre-import-backup", { faults: faults.length, refused: faults.length, list: faults });
  await db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The import with this pre-import backup target: refused before writing, and why. */
async function refused(backupBefore: NonNullable<ImportOptions["backupBefore"]>, reason: RegExp, what: string): Promise<void> {
  const phases = new Set<string>();
  const report = await backup.importAll(db.prisma, data.file, { backupBefore, onProgress: (p: Progress) => void phases.add(p.phase) });
  expect(report).toMatchObject({ ok: false, written: false });
  expect(report.errors).toHaveLength(1);
  expect(report.errors[0]!.code).toBe("pre_import_backup_failed");
  expect(report.errors[0]!.message).toMatch(reason);
  expect(report.errors[0]!.message).toContain("so the import did not start");
  expect([...phases]).toContain("backup");
  expect([...phases]).not.toContain("write");
  expect(report.backupPath).toBeUndefined();
  expect(await dumpDatabase(db)).toEqual(before);
  faults.push(what);
}

describe("the pre-import backup cannot be written", () => {
  it("its directory is missing", async () => {
    await refused(path.join(dir, "no-such-directory", "backups"), /ENOENT: no such file or directory/, "directory missing");
  });

  it("its directory is a file, or under a file", async () => {
    const file = path.join(dir, "a-file");
    await writeFile(file, "not a directory");
    await refused(file, /ENOTDIR: not a directory/, "directory is a file");
    await refused(path.join(file, "backups"), /ENOTDIR: not a directory/, "directory under a file");
  });

  it("the disk is full: /dev/full (ENOSPC from the kernel)", async (context) => {
    if (!existsSync("/dev/full")) return context.skip();
    await refused(
      async (bytes) => {
        await writeFile("/dev/full", bytes);
        return "/dev/full";
      },
      /ENOSPC: no space left on device/,
      "disk full (/dev/full)",
    );
  });

  it("the disk is full: a 64 KiB file system", async (context) => {
    const tiny = await mountTmpfs("tiny", "size=64k");
    if (!tiny) return context.skip(); // not allowed to mount here
    await writeFile(path.join(tiny, "filler"), new Uint8Array(60 * 1024));
    await refused(tiny, /ENOSPC: no space left on device/, "disk full (64 KiB tmpfs)");
  });

  it("its directory is read-only", async (context) => {
    const readOnly = await mountTmpfs("read-only", "ro,size=64k");
    if (!readOnly) return context.skip();
    await refused(readOnly, /EROFS: read-only file system/, "read-only file system");
  });

  it("the store says the disk is full (simulated ENOSPC)", async () => {
    await refused(
      async () => {
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28, syscall: "write" });
      },
      /ENOSPC: no space left on device.*Check that the backup directory exists, is writable and has free space\./,
      "disk full (simulated)",
    );
  });
});

describe("through the import route", () => {
  function routesAt(backupDir: string) {
    const audit = memoryAuditSink();
    const routes = createBackupRoutes({ prisma: db.prisma, backup, authorize: () => ({ user: "admin" }), backupDir, audit, retention: false });
    const post = () => routes.import(new Request("http://app.test/api/backup/import", { method: "POST", body: data.file as Uint8Array<ArrayBuffer> }));
    return { routes, audit, post };
  }

  it("answers 500 pre_import_backup_failed, writes nothing, releases the lock", async () => {
    const { routes, audit, post } = routesAt(path.join(dir, "route-backups"));
    const write = routes.store.write.bind(routes.store);
    routes.store.write = async () => {
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    };
    const response = await post();
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: string; message: string; problems: { code: string }[] };
    expect(body.error).toBe("import_failed");
    expect(body.problems.map((p) => p.code)).toEqual(["pre_import_backup_failed"]);
    expect(body.message).toContain("no space left on device");
    expect(await dumpDatabase(db)).toEqual(before);
    expect(audit.entries.at(-1)).toMatchObject({ action: "import", outcome: "failure", status: 500, error: { code: "pre_import_backup_failed" } });
    faults.push("route: store full (simulated)");

    // Space again: the lock was released, the import runs.
    routes.store.write = write;
    const again = await post();
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ ok: true, written: true });
    await rm(path.join(dir, "route-backups"), { recursive: true, force: true });
  });

  it("a backup directory on a full file system: the same answer, for real", async (context) => {
    const tiny = await mountTmpfs("route-tiny", "size=64k");
    if (!tiny) return context.skip();
    const db2 = await createDatabase("sqlite");
    try {
      await fillBefore(db2.prisma, data);
      const dump = await dumpDatabase(db2);
      const routes = createBackupRoutes({ prisma: db2.prisma, backup, authorize: () => ({ user: "admin" }), backupDir: tiny, audit: memoryAuditSink(), retention: false });
      await writeFile(path.join(tiny, "filler"), new Uint8Array(56 * 1024));
      const response = await routes.import(new Request("http://app.test/api/backup/import", { method: "POST", body: data.file as Uint8Array<ArrayBuffer> }));
      expect(response.status).toBe(500);
      const body = (await response.json()) as { problems: { code: string; message: string }[] };
      expect(body.problems[0]).toMatchObject({ code: "pre_import_backup_failed" });
      expect(body.problems[0]!.message).toContain("ENOSPC");
      expect(await dumpDatabase(db2)).toEqual(dump);
      expect(existsSync(path.join(tiny, ".import.lock"))).toBe(false);
      faults.push("route: backup directory on a full file system");
    } finally {
      await db2.close();
    }
  });
});
