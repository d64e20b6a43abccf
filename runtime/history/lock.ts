/**
 * One import at a time, across processes: a lock file created with O_EXCL in the backup
 * directory, holding the holder's pid, host and start time. A lock whose process is gone (same
 * host) or that is older than `staleAfterMs` is taken over; anything else is refused with the
 * holder's details, which the route turns into 423 and the command line into exit code 5.
 */
import { mkdir, open, readFile, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import type { JsonValue } from "../schema.ts";

export const LOCK_FILE = ".import.lock";
/** Longer than an import's transaction timeout (10 minutes) plus its pre-import backup. */
export const DEFAULT_STALE_AFTER_MS = 60 * 60 * 1000;

/** How long an empty or unreadable lock file is respected (its holder may be writing it). */
const UNREADABLE_GRACE_MS = 10_000;

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  readonly who: JsonValue;
}

export class LockedError extends Error {
  readonly code = "import_running";
  constructor(readonly holder: LockHolder | undefined) {
    super(`Another import is running${holder ? ` (started ${holder.startedAt} by ${typeof holder.who === "string" ? holder.who : JSON.stringify(holder.who)}, process ${holder.pid} on ${holder.host})` : ""}. Wait for it to finish, then try again.`);
    this.name = "LockedError";
  }
}

export interface ImportLock {
  release(): Promise<void>;
}

export async function acquireImportLock(dir: string, who: JsonValue, options: { staleAfterMs?: number; now?: () => Date } = {}): Promise<ImportLock> {
  const path = join(dir, LOCK_FILE);
  const now = options.now ?? (() => new Date());
  await mkdir(dir, { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: now().toISOString(), who };
    try {
      const handle = await open(path, "wx");
      try {
        await handle.writeFile(`${JSON.stringify(holder)}\n`);
      } finally {
        await handle.close();
      }
      let released = false;
      return {
        release: async () => {
          if (released) return;
          released = true;
          await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const current = await readHolder(path);
    if (current && !isStale(current, options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS, now())) throw new LockedError(current);
    // An unreadable lock is being written right now, or its holder died while writing it.
    if (!current && (await ageOf(path)) < UNREADABLE_GRACE_MS) throw new LockedError(undefined);
    await rm(path, { force: true });
  }
  throw new LockedError(await readHolder(path));
}

/** The current holder, if any (for health and status displays). */
export async function readImportLock(dir: string): Promise<LockHolder | undefined> {
  return readHolder(join(dir, LOCK_FILE));
}

async function ageOf(path: string): Promise<number> {
  try {
    return Date.now() - (await stat(path)).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    const holder = JSON.parse(await readFile(path, "utf8")) as LockHolder;
    return typeof holder.pid === "number" && typeof holder.startedAt === "string" ? holder : undefined;
  } catch {
    return undefined;
  }
}

export function isStale(holder: LockHolder, staleAfterMs: number, now: Date): boolean {
  if (now.getTime() - Date.parse(holder.startedAt) > staleAfterMs) return true;
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
