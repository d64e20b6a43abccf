import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { acquireImportLock, LOCK_FILE, LockedError, readImportLock } from "../../runtime/history/lock.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "lock-"));
});

describe("the import lock", () => {
  it("admits one holder at a time and says who holds it", async () => {
    const lock = await acquireImportLock(dir, { email: "a@example.com" });
    const holder = JSON.parse(await readFile(join(dir, LOCK_FILE), "utf8"));
    expect(holder).toMatchObject({ pid: process.pid, host: hostname(), who: { email: "a@example.com" } });
    const refused = await acquireImportLock(dir, "b").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LockedError);
    expect((refused as LockedError).message).toBe(`Another import is running (started ${holder.startedAt} by {"email":"a@example.com"}, process ${process.pid} on ${hostname()}). Wait for it to finish, then try again.`);
    await lock.release();
    expect(await readImportLock(dir)).toBeUndefined();
    await (await acquireImportLock(dir, "b")).release();
  });

  it("takes over a lock whose process is gone, or that is too old", async () => {
    const dead = spawnSync(process.execPath, ["-e", "process.exit(0)"]).pid!;
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: dead, host: hostname(), startedAt: new Date().toISOString(), who: "crashed" }));
    await (await acquireImportLock(dir, "next")).release();

    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: "elsewhere", startedAt: "2026-01-01T00:00:00.000Z", who: "old" }));
    await expect(acquireImportLock(dir, "x", { now: () => new Date("2026-01-01T00:30:00.000Z") })).rejects.toBeInstanceOf(LockedError);
    await (await acquireImportLock(dir, "x", { now: () => new Date("2026-01-01T02:00:00.000Z") })).release();
  });

  it("respects a lock file that is still being written", async () => {
    await writeFile(join(dir, LOCK_FILE), "");
    await expect(acquireImportLock(dir, "x")).rejects.toThrow("Another import is running. Wait for it to finish, then try again.");
  });
});
