/**
 * `useAutoBackup`: mounted once in the app's layout, downloads one backup on the first opening
 * of each local calendar day.
 *
 * - Once a day: the tracker (localStorage) remembers the day of the last automatic backup.
 * - Once across tabs: the work runs under a Web Lock (or a localStorage claim where Web Locks
 *   are missing); inside it the tracker is read again, so a second tab finds the day done.
 * - Day changes while open: `useBackupTracker` re-renders at local midnight and on focus.
 * - Failures are retried after the given delays; after the last one, the next opening tries again.
 * - The switch (`tracker.setEnabled(false)`) turns it off, in every tab.
 * No service worker and no fixed hour: it runs when the app is opened.
 */
"use client";
import { useEffect, useRef, useState } from "react";
import { downloadBackup, type Downloaded } from "../browser/download.ts";
import { runInOneTab } from "../browser/exclusive.ts";
import type { TrackerOptions } from "../browser/tracker.ts";
import { useBackupTracker, type BackupTrackerState } from "./use-backup-tracker.ts";

export interface AutoBackupOptions extends TrackerOptions {
  /** The export route, e.g. `/api/backup/export`. */
  readonly url: string;
  /** An extra condition of the app (e.g. signed in as an administrator). Default true. */
  readonly active?: boolean;
  /** Default: `downloadBackup(url)` (fetch, then save under the server's file name). */
  readonly download?: (signal: AbortSignal) => Promise<Pick<Downloaded, "fileName" | "size">>;
  /** Waits before each retry, in ms. Default: 10 s, 1 min, 5 min. */
  readonly retryDelaysMs?: readonly number[];
  /** Web Lock name. Default `prisma-backup:auto-backup`. */
  readonly lockName?: string;
  readonly onStart?: () => void;
  readonly onSuccess?: (result: Pick<Downloaded, "fileName" | "size">) => void;
  /** `willRetry` is false after the last attempt. */
  readonly onError?: (error: unknown, details: { readonly attempt: number; readonly willRetry: boolean }) => void;
}

export type AutoBackupStatus = "idle" | "running" | "done" | "failed";

export interface AutoBackupState extends BackupTrackerState {
  readonly status: AutoBackupStatus;
}

const DEFAULT_RETRY_DELAYS = [10_000, 60_000, 300_000];

export function useAutoBackup(options: AutoBackupOptions): AutoBackupState {
  const state = useBackupTracker(options);
  const [status, setStatus] = useState<AutoBackupStatus>("idle");
  const latest = useRef(options);
  latest.current = options;
  const { ready, today, enabled, isFirstOpenToday, tracker } = state;
  const active = options.active ?? true;

  useEffect(() => {
    if (!ready || !active || !enabled || !isFirstOpenToday) return;
    const controller = new AbortController();
    const { signal } = controller;
    const run = async () => {
      const { url, lockName, retryDelaysMs = DEFAULT_RETRY_DELAYS } = latest.current;
      await runInOneTab(lockName ?? "prisma-backup:auto-backup", tracker, async () => {
        // Another tab may have done it while this one waited for the lock.
        if (signal.aborted || !tracker.isFirstOpenToday() || !tracker.isEnabled()) return;
        setStatus("running");
        latest.current.onStart?.();
        for (let attempt = 1; ; attempt++) {
          try {
            const download = latest.current.download ?? ((s: AbortSignal) => downloadBackup(url, { signal: s }));
            const result = await download(signal);
            state.markBackupDone({ fileName: result.fileName });
            setStatus("done");
            latest.current.onSuccess?.(result);
            return;
          } catch (error) {
            if (signal.aborted) return;
            const delay = retryDelaysMs[attempt - 1];
            latest.current.onError?.(error, { attempt, willRetry: delay !== undefined });
            if (delay === undefined) {
              setStatus("failed");
              return;
            }
            await sleep(delay, signal);
            if (signal.aborted || !tracker.isEnabled()) return;
          }
        }
      });
    };
    void run();
    return () => controller.abort();
    // `today` re-runs the effect when the day changes while the app is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, active, enabled, isFirstOpenToday, today, tracker]);

  return { ...state, status };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
