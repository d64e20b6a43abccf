/**
 * Two imports at once through the routes (the same app, or two apps sharing a backup
 * directory): exactly one runs, the other is refused with 423 and the holder's details, and
 * the database ends exactly as the one import left it, never a mix of the two files. A dry run
 * needs no lock and may run alongside. (The command line against the running app is in
 * cli-vs-routes.faults.ts.)
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backup } from "../../generated/backup/index.ts";
import { memoryAuditSink } from "../../runtime/audit/log.ts";
import { createBackupRoutes, type BackupRoutes } from "../../runtime/routes/index.ts";
import { dumpDatabase, type DatabaseDump, type TestDatabase } from "../support/databases.ts";
import { editFile } from "../runtime/files.ts";
import { databaseBefore, faultData, stateAfter, type FaultData } from "./support/data.ts";
import { recordResult } from "./support/results.ts";

let data: FaultData;
let other: FaultData;
/** What importing each file into the "before" state gives. */
const expected: { file?: DatabaseDump; other?: DatabaseDump } = {};
let dir: string;
const refusals: string[] = [];

beforeAll(async () => {
  data = await faultData("sqlite", 700, "concurrent");
  // The same shop with other names and phone numbers: a mix of the two imports would show.
  other = {
    ...data,
    file: editFile(data.file, (document) => {
      for (const [i, customer] of (document.data.customers as Record<string, unknown>[]).entries()) {
        customer.name = `${String(customer.name)} (B)`;
        customer.phone = `+33 4 00 00 ${String(i).padStart(4, "0")}`;
      }
    }),
  };
  dir = await mkdtemp(path.join(tmpdir(), "prisma-backup-concurrent-"));
  expected.file = await stateAfter(data);
  expected.other = await stateAfter(data, other.file);
  expect(expected.other).not.toEqual(expected.file);
});
afterAll(async () => {
  await recordResult("concurrent-imports", { attempts: refusals.length * 2, refused: refusals.length, list: refusals });
  if (dir) await rm(dir, { recursive: true, force: true });
});

function routesFor(db: TestDatabase, backupDir: string): BackupRoutes & { audit: ReturnType<typeof memoryAuditSink> } {
  const audit = memoryAuditSink();
  return Object.assign(createBackupRoutes({ prisma: db.prisma, backup, authorize: () => ({ user: "admin" }), backupDir, audit, retention: false }), { audit });
}

const post = (routes: BackupRoutes, bytes: Uint8Array, query = "") =>
  routes.import(new Request(`http://app.test/api/backup/import${query}`, { method: "POST", body: bytes as Uint8Array<ArrayBuffer> }));

describe("two imports at once", () => {
  it("the same file twice through one app: one 200, one 423, the file imported once", async () => {
    const db = await databaseBefore(data);
    const backupDir = path.join(dir, "same-app");
    const routes = routesFor(db, backupDir);
    try {
      const responses = await Promise.all([post(routes, data.file), post(routes, data.file)]);
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 423]);
      const refused = responses.find((r) => r.status === 423)!;
      const body = (await refused.json()) as { error: string; message: string };
      expect(body.error).toBe("import_running");
      expect(body.message).toMatch(/^Another import is running \(started .* by \{"user":"admin"\}, process \d+ on .+\)\. Wait for it to finish, then try again\.$/);
      refusals.push("route + route, same app");
      expect(await dumpDatabase(db)).toEqual(expected.file);
      expect((await readdir(backupDir)).filter((n) => n.includes("pre-import") && !n.endsWith(".meta.json"))).toHaveLength(1);
      expect(routes.audit.entries.filter((e) => e.action === "import").map((e) => [e.outcome, e.status]).sort()).toEqual([["refused", 423], ["success", 200]]);
    } finally {
      await db.close();
    }
  });

  it("two different files through two apps sharing a backup directory: the database is one file's import, never a mix", async () => {
    const db = await databaseBefore(data);
    const backupDir = path.join(dir, "two-apps");
    const [first, second] = [routesFor(db, backupDir), routesFor(db, backupDir)];
    try {
      const responses = await Promise.all([post(first, data.file), post(second, other.file)]);
      expect(responses.map((r) => r.status).sort()).toEqual([200, 423]);
      refusals.push("route + route, two apps");
      const winner = responses[0]!.status === 200 ? "file" : "other";
      expect(await dumpDatabase(db)).toEqual(expected[winner]);
    } finally {
      await db.close();
    }
  });

  it("a dry run needs no lock: it runs beside an import and changes nothing", async () => {
    const db = await databaseBefore(data);
    const routes = routesFor(db, path.join(dir, "dry-run"));
    try {
      const [real, dry] = await Promise.all([post(routes, data.file), post(routes, other.file, "?dryRun=1")]);
      expect([real.status, dry.status]).toEqual([200, 200]);
      expect(await dry.json()).toMatchObject({ dryRun: true, written: false });
      expect(await dumpDatabase(db)).toEqual(expected.file);
    } finally {
      await db.close();
    }
  });

  it("many at once: exactly one runs", async () => {
    const db = await databaseBefore(data);
    const routes = routesFor(db, path.join(dir, "many"));
    try {
      const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => post(routes, i % 2 === 0 ? data.file : other.file)));
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 423)).toHaveLength(5);
      for (let i = 0; i < 5; i++) refusals.push("route × 6");
      const winner = statuses.indexOf(200) % 2 === 0 ? "file" : "other";
      expect(await dumpDatabase(db)).toEqual(expected[winner]);
    } finally {
      await db.close();
    }
  });
});
