import { describe, expect, it } from "vitest";
import { runInOneTab } from "./exclusive.ts";
import { createBackupTracker, type StorageLike } from "./tracker.ts";

function sharedStorage(): StorageLike {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

describe("runInOneTab", () => {
  it("without Web Locks, keeps a second tab out while the first holds the claim, then lets it in", async () => {
    const storage = sharedStorage();
    const tabA = createBackupTracker({ storage });
    const tabB = createBackupTracker({ storage });
    let release!: () => void;
    const first = runInOneTab("job", tabA, () => new Promise<string>((resolve) => (release = () => resolve("a"))), { locks: undefined });
    expect(await runInOneTab("job", tabB, async () => "b", { locks: undefined })).toBeUndefined();
    release();
    expect(await first).toBe("a");
    expect(await runInOneTab("job", tabB, async () => "b", { locks: undefined })).toBe("b");
  });

  it("uses the Web Locks API when there is one", async () => {
    const names: string[] = [];
    const locks = { request: <T>(name: string, task: () => Promise<T>) => (names.push(name), task()) };
    expect(await runInOneTab("job", createBackupTracker({ storage: sharedStorage() }), async () => 1, { locks })).toBe(1);
    expect(names).toEqual(["job"]);
  });
});
