/**
 * `useBackupTracker`: the tracker of `prisma-backup/runtime/browser` as React state. It
 * re-renders when the local day changes while the page stays open (a timer to the next local
 * midnight, re-armed whenever the tab becomes visible again, since background tabs and sleeping
 * computers delay timers), and when another tab records a backup or flips the switch.
 */
"use client";
import { useCallback, useEffect, useMemo, useState } from "react";
import { createBackupTracker, msUntilNextLocalMidnight, type BackupTracker, type LastBackup, type TrackerOptions } from "../browser/tracker.ts";

/** Dispatched on `window` when this tab changes the tracker, so every hook of the tab refreshes (`storage` events only reach other tabs). */
export const TRACKER_CHANGE_EVENT = "prisma-backup:tracker-change";

export interface BackupTrackerState {
  /** False during server rendering and the first render: localStorage is not read yet. */
  readonly ready: boolean;
  /** Today's local day, `YYYY-MM-DD` (undefined until ready). */
  readonly today: string | undefined;
  readonly isFirstOpenToday: boolean;
  readonly lastBackup: LastBackup | undefined;
  readonly enabled: boolean;
  setEnabled(enabled: boolean): void;
  markBackupDone(details?: { readonly fileName?: string }): void;
  readonly tracker: BackupTracker;
}

export function useBackupTracker(options: TrackerOptions = {}): BackupTrackerState {
  const { storage, now, namespace } = options;
  const tracker = useMemo(
    () => createBackupTracker({ ...(storage ? { storage } : {}), ...(now ? { now } : {}), ...(namespace ? { namespace } : {}) }),
    [storage, now, namespace],
  );
  const [snapshot, setSnapshot] = useState<{ today: string; last: LastBackup | undefined; enabled: boolean } | undefined>(undefined);
  const refresh = useCallback(() => {
    setSnapshot({ today: tracker.today(), last: tracker.lastBackup(), enabled: tracker.isEnabled() });
  }, [tracker]);

  useEffect(() => {
    refresh();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      // A little past midnight, so that the new day has surely begun.
      timer = setTimeout(() => {
        refresh();
        schedule();
      }, msUntilNextLocalMidnight(new Date()) + 1000);
    };
    const onVisible = () => {
      if (document.visibilityState !== "visible") return;
      refresh();
      schedule();
    };
    const onStorage = (event: StorageEvent) => {
      if (event.key === null || Object.values(tracker.keys).includes(event.key)) refresh();
    };
    schedule();
    window.addEventListener(TRACKER_CHANGE_EVENT, refresh);
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener("focus", onVisible);
    window.addEventListener("storage", onStorage);
    return () => {
      clearTimeout(timer);
      window.removeEventListener(TRACKER_CHANGE_EVENT, refresh);
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener("focus", onVisible);
      window.removeEventListener("storage", onStorage);
    };
  }, [tracker, refresh]);

  const setEnabled = useCallback(
    (enabled: boolean) => {
      tracker.setEnabled(enabled);
      window.dispatchEvent(new Event(TRACKER_CHANGE_EVENT));
    },
    [tracker, refresh],
  );
  const markBackupDone = useCallback(
    (details?: { readonly fileName?: string }) => {
      tracker.markBackupDone(details);
      window.dispatchEvent(new Event(TRACKER_CHANGE_EVENT));
    },
    [tracker, refresh],
  );

  return {
    ready: snapshot !== undefined,
    today: snapshot?.today,
    isFirstOpenToday: snapshot !== undefined && snapshot.last?.day !== snapshot.today,
    lastBackup: snapshot?.last,
    enabled: snapshot?.enabled ?? true,
    setEnabled,
    markBackupDone,
    tracker,
  };
}
