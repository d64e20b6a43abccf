/**
 * The automatic backup's memory, in localStorage: which local calendar day the last automatic
 * backup was made, and whether automatic backups are on. A day is the browser's local calendar
 * day (`2026-01-09`), so "once a day" follows the owner's clock, not UTC. Survives reloads;
 * shared by every tab of the same origin.
 */

/** The part of `Storage` the tracker uses (localStorage, or a map in tests). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface LastBackup {
  /** Local calendar day, `YYYY-MM-DD`. */
  readonly day: string;
  /** ISO instant. */
  readonly at: string;
  readonly fileName?: string;
}

export interface TrackerOptions {
  /** Default: `localStorage`. */
  readonly storage?: StorageLike;
  /** Default: `new Date()` (tests move it). */
  readonly now?: () => Date;
  /** Prefix of the storage keys; one app per origin needs nothing else. Default `prisma-backup`. */
  readonly namespace?: string;
}

export interface BackupTracker {
  /** Today's local calendar day, `YYYY-MM-DD`. */
  today(): string;
  /** True until an automatic backup is recorded for today's local day. */
  isFirstOpenToday(): boolean;
  /** Records that today's backup is done (once per day from then on). */
  markBackupDone(details?: { readonly fileName?: string }): LastBackup;
  lastBackup(): LastBackup | undefined;
  /** Automatic backups are on unless switched off. */
  isEnabled(): boolean;
  setEnabled(enabled: boolean): void;
  /** Storage keys, to recognise `storage` events from other tabs. */
  readonly keys: { readonly last: string; readonly enabled: string; readonly claim: string };
  /**
   * Claims the right to run today's backup for `ttlMs` (fallback where the Web Locks API is
   * missing): false when another tab holds an unexpired claim.
   */
  claim(owner: string, ttlMs: number): boolean;
  release(owner: string): void;
}

/** `YYYY-MM-DD` of the local calendar day of `date`. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Milliseconds from `date` to the next local midnight (daylight-saving days included). */
export function msUntilNextLocalMidnight(date: Date): number {
  const next = new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1, 0, 0, 0, 0);
  return Math.max(0, next.getTime() - date.getTime());
}

export function createBackupTracker(options: TrackerOptions = {}): BackupTracker {
  const storage = options.storage ?? globalThis.localStorage;
  const now = options.now ?? (() => new Date());
  const prefix = options.namespace ?? "prisma-backup";
  const keys = { last: `${prefix}:last-auto-backup`, enabled: `${prefix}:auto-backup`, claim: `${prefix}:auto-backup-claim` };

  const read = <T>(key: string): T | undefined => {
    try {
      const text = storage.getItem(key);
      return text === null ? undefined : (JSON.parse(text) as T);
    } catch {
      return undefined; // unreadable or blocked storage counts as nothing stored
    }
  };
  const write = (key: string, value: unknown) => {
    try {
      storage.setItem(key, JSON.stringify(value));
    } catch {
      // Storage full or blocked (private mode): the backup still happens, it is only not remembered.
    }
  };

  const tracker: BackupTracker = {
    keys,
    today: () => localDay(now()),
    lastBackup: () => {
      const last = read<LastBackup>(keys.last);
      return last && typeof last.day === "string" ? last : undefined;
    },
    isFirstOpenToday: () => tracker.lastBackup()?.day !== tracker.today(),
    markBackupDone: (details = {}) => {
      const at = now();
      const last: LastBackup = { day: localDay(at), at: at.toISOString(), ...(details.fileName ? { fileName: details.fileName } : {}) };
      write(keys.last, last);
      return last;
    },
    isEnabled: () => read<boolean>(keys.enabled) !== false,
    setEnabled: (enabled) => write(keys.enabled, enabled),
    claim: (owner, ttlMs) => {
      const current = read<{ owner: string; expires: number }>(keys.claim);
      const time = now().getTime();
      if (current && current.owner !== owner && current.expires > time) return false;
      write(keys.claim, { owner, expires: time + ttlMs });
      return read<{ owner: string }>(keys.claim)?.owner === owner;
    },
    release: (owner) => {
      if (read<{ owner: string }>(keys.claim)?.owner === owner) storage.removeItem(keys.claim);
    },
  };
  return tracker;
}
