/**
 * Running a task in one tab at a time. With the Web Locks API (every current browser) the
 * other tabs wait for the lock, then see the work done; without it, a claim in localStorage
 * with an expiry keeps the others out, and a tab that crashed mid-task frees the claim when it
 * expires.
 */
import type { BackupTracker } from "./tracker.ts";

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/**
 * Runs `task` when no other tab of this origin runs it. Returns undefined when the fallback
 * claim is held elsewhere (the task did not run here).
 */
export async function runInOneTab<T>(
  name: string,
  tracker: BackupTracker,
  task: () => Promise<T>,
  options: { readonly locks?: LockManagerLike | undefined; readonly claimTtlMs?: number } = {},
): Promise<T | undefined> {
  const locks = "locks" in options ? options.locks : (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  if (locks) return locks.request(name, task);
  const owner = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  if (!tracker.claim(owner, options.claimTtlMs ?? 5 * 60 * 1000)) return undefined;
  try {
    return await task();
  } finally {
    tracker.release(owner);
  }
}
