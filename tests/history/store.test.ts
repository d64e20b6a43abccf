import { mkdtemp, readdir, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { memoryAuditSink } from "../../runtime/audit/log.ts";
import { encryptBackup } from "../../runtime/crypto/envelope.ts";
import { BackupStore, HistoryError } from "../../runtime/history/store.ts";
import { backupDocument } from "./document.ts";

let dir: string;
let clock: Date;
const now = () => clock;
const operator = { who: "ops@example.com", via: "test" };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "history-"));
  clock = new Date("2026-03-15T10:00:00.000Z");
});

describe("BackupStore", () => {
  it("writes a backup with its sidecar and lists it with date, kind, size, counts and checksums", async () => {
    const audit = memoryAuditSink();
    const store = new BackupStore({ dir, appName: "Alami Gestion", audit, now });
    const bytes = backupDocument({ Customer: 2, Sale: 3 });
    const { entry, pruned } = await store.write(bytes, "manual", operator);
    expect(pruned).toEqual([]);
    expect(entry).toMatchObject({
      name: "alami-gestion-backup-2026-03-15-100000-manual.json.gz",
      kind: "manual",
      createdAt: "2026-03-15T10:00:00.000Z",
      size: bytes.length,
      encrypted: false,
      compressed: true,
      totalRecords: 5,
      counts: { Customer: 2, Sale: 3 },
      modules: ["sales"],
      appVersion: "1.2.3",
      formatVersion: "1.0",
    });
    expect(entry.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.list()).toEqual([entry]);
    expect(await store.read(entry.name)).toEqual(new Uint8Array(bytes));
    expect((await readdir(dir)).sort()).toEqual([entry.name, `${entry.name}.meta.json`]);
    expect(audit.entries.map((e) => [e.action, e.outcome, e.kind, e.file, e.records])).toEqual([
      ["backup", "success", "manual", entry.name, 5],
      ["cleanup", "success", undefined, undefined, undefined],
    ]);
  });

  it("never overwrites: two backups in the same second get distinct names", async () => {
    const store = new BackupStore({ dir, now, retention: false });
    const a = await store.write(backupDocument(), "scheduled");
    const b = await store.write(backupDocument(), "scheduled");
    expect([a.entry.name, b.entry.name]).toEqual(["app-backup-2026-03-15-100000-scheduled.json.gz", "app-backup-2026-03-15-100000-2-scheduled.json.gz"]);
  });

  it("describes files dropped in by hand from their own bytes, and encrypted files without their content", async () => {
    const store = new BackupStore({ dir, now, retention: false });
    await writeFile(join(dir, "pre-import-2026-03-14T09-00-00-000Z.json.gz"), backupDocument({ User: 1 }, "2026-03-14T09:00:00.000Z"));
    await writeFile(join(dir, "offsite-copy.json.gz.enc"), await encryptBackup(backupDocument(), "pw", { iterations: 100_000 }));
    await utimes(join(dir, "offsite-copy.json.gz.enc"), clock, clock); // no readable metadata: the file's date
    await writeFile(join(dir, "notes.txt"), "not a backup");
    const list = await store.list();
    expect(list.map((e) => [e.name, e.kind, e.createdAt.slice(0, 10), e.encrypted, e.totalRecords])).toEqual([
      ["offsite-copy.json.gz.enc", "other", "2026-03-15", true, null],
      ["pre-import-2026-03-14T09-00-00-000Z.json.gz", "pre-import", "2026-03-14", false, 1],
    ]);
  });

  it("deletes one backup and its sidecar, and refuses names that are not backups", async () => {
    const audit = memoryAuditSink();
    const store = new BackupStore({ dir, now, audit, retention: false });
    const { entry } = await store.write(backupDocument(), "manual");
    expect(await store.remove(entry.name, operator)).toEqual(entry);
    expect(await readdir(dir)).toEqual([]);
    await expect(store.remove(entry.name, operator)).rejects.toThrow(new HistoryError("not_found", `No backup named "${entry.name}" on the server.`));
    for (const name of ["../etc/passwd", "..json", "audit.log.jsonl", `${entry.name}.meta.json`, ".import.lock"]) {
      await expect(store.read(name)).rejects.toMatchObject({ code: "invalid_name" });
    }
    expect(audit.entries.map((e) => [e.action, e.outcome])).toEqual([["backup", "success"], ["delete", "success"], ["delete", "refused"]]);
  });

  it("applies the retention policy after each new backup", async () => {
    const store = new BackupStore({ dir, now, retention: { keepLast: 2, keepAllDays: 0, dailyDays: 0, weeklyWeeks: 0, monthlyMonths: 0 } });
    const names: string[] = [];
    for (let day = 0; day < 4; day++) {
      clock = new Date(Date.UTC(2026, 2, 10 + day, 3));
      const { entry, pruned } = await store.write(backupDocument(), "scheduled");
      names.push(entry.name);
      expect(pruned.map(({ entry: e, reason }) => [e.name, reason])).toEqual(day < 2 ? [] : [[names[day - 2], "expired"]]);
    }
    expect((await store.list()).map((e) => e.name)).toEqual([names[3], names[2]]);
  });

  it("plans a prune without deleting in a dry run", async () => {
    const store = new BackupStore({ dir, now, retention: false });
    await store.write(backupDocument(), "manual");
    clock = new Date("2026-03-16T10:00:00.000Z");
    await store.write(backupDocument(), "manual");
    const policy = { keepLast: 1, keepAllDays: 0, dailyDays: 0, weeklyWeeks: 0, monthlyMonths: 0 };
    const plan = await store.prune(policy, operator, { dryRun: true });
    expect(plan.deleted).toHaveLength(1);
    expect(await store.list()).toHaveLength(2);
  });
});
