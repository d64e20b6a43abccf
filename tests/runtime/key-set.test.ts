/**
 * The keys the first reading of an import keeps: a set like any other to its callers, whatever
 * the keys (dense ids in a bitmap, the rest in a Set).
 */
import { describe, expect, it } from "vitest";
import { KeySet } from "../../runtime/import/key-set.ts";

/** Adds every key to a KeySet and a Set, and expects the same answers from both. */
function sameAsSet(keys: readonly unknown[], probes: readonly unknown[] = []): void {
  const set = new Set<unknown>();
  const keySet = new KeySet();
  for (const key of keys) {
    const isNew = !set.has(key);
    set.add(key);
    expect(keySet.add(key), `add(${String(key)})`).toBe(isNew);
  }
  for (const key of [...keys, ...probes]) expect(keySet.has(key), `has(${String(key)})`).toBe(set.has(key));
  expect(keySet.size).toBe(set.size);
}

describe("KeySet", () => {
  it("holds a million autoincrement ids, and tells a duplicate", () => {
    const keySet = new KeySet();
    for (let id = 1; id <= 1_000_000; id++) expect(keySet.add(id)).toBe(true);
    expect(keySet.add(500_000)).toBe(false);
    expect(keySet.has(0)).toBe(false);
    expect(keySet.has(1_000_000)).toBe(true);
    expect(keySet.has(1_000_001)).toBe(false);
    expect(keySet.size).toBe(1_000_000);
  });

  it("answers as a Set for texts, negative, fractional, huge and unsafe numbers", () => {
    sameAsSet(
      ["1", 1, "a,b", "", -1, -0, 0, 0.5, 2 ** 31, 2 ** 32, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e300, "7", 7, 7, "x", "x"],
      [2, "2", 0.25, 2 ** 31 - 1, "a", NaN, undefined, null],
    );
  });

  it("keeps a few huge ids out of the bitmap, and moves sparse ids into it as the others fill the gap", () => {
    // 5,000,000 first: too far from the few keys so far to grow the bitmap, so it goes to the Set…
    const keys = [5_000_000, 3, 4_999_999, ...Array.from({ length: 100_000 }, (_, i) => i * 50), 5_000_000, 4_999_999];
    sameAsSet(keys, [5_000_001, 49, 50, 4_999_950]);
  });
});
