import { describe, expect, it } from "vitest";
import { createBackupTracker, localDay, msUntilNextLocalMidnight, type StorageLike } from "./tracker.ts";

function memoryStorage(): StorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

describe("backup tracker", () => {
  it("is the first opening until a backup is marked, then not again the same local day", () => {
    const storage = memoryStorage();
    let now = new Date(2026, 2, 10, 8, 0);
    const tracker = createBackupTracker({ storage, now: () => now });
    expect(tracker.isFirstOpenToday()).toBe(true);
    expect(tracker.markBackupDone({ fileName: "a.json.gz" })).toMatchObject({ day: "2026-03-10", fileName: "a.json.gz" });
    expect(tracker.isFirstOpenToday()).toBe(false);
    now = new Date(2026, 2, 10, 23, 59, 59);
    expect(tracker.isFirstOpenToday()).toBe(false);
    now = new Date(2026, 2, 11, 0, 0, 1);
    expect(tracker.isFirstOpenToday()).toBe(true);
  });

  it("survives a reload: a new tracker on the same storage remembers", () => {
    const storage = memoryStorage();
    const now = () => new Date(2026, 0, 9, 10);
    createBackupTracker({ storage, now }).markBackupDone();
    expect(createBackupTracker({ storage, now }).isFirstOpenToday()).toBe(false);
  });

  it("is on by default and remembers the switch", () => {
    const storage = memoryStorage();
    const tracker = createBackupTracker({ storage });
    expect(tracker.isEnabled()).toBe(true);
    tracker.setEnabled(false);
    expect(createBackupTracker({ storage }).isEnabled()).toBe(false);
  });

  it("treats unreadable storage as nothing stored", () => {
    const storage = memoryStorage();
    storage.setItem("prisma-backup:last-auto-backup", "{not json");
    expect(createBackupTracker({ storage }).isFirstOpenToday()).toBe(true);
  });

  it("lets one owner hold the claim until it expires or is released", () => {
    const storage = memoryStorage();
    let time = 1_000_000;
    const tracker = createBackupTracker({ storage, now: () => new Date(time) });
    expect(tracker.claim("tab-a", 60_000)).toBe(true);
    expect(tracker.claim("tab-b", 60_000)).toBe(false);
    time += 61_000;
    expect(tracker.claim("tab-b", 60_000)).toBe(true);
    tracker.release("tab-a"); // not the holder: no effect
    expect(tracker.claim("tab-a", 60_000)).toBe(false);
    tracker.release("tab-b");
    expect(tracker.claim("tab-a", 60_000)).toBe(true);
  });

  it("names local days and counts to the next local midnight", () => {
    expect(localDay(new Date(2026, 11, 31, 23, 59))).toBe("2026-12-31");
    expect(msUntilNextLocalMidnight(new Date(2026, 0, 9, 23, 0))).toBe(60 * 60 * 1000);
  });
});
