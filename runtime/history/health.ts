/**
 * A health verdict the app can show: is there a recent backup, is storage within its cap,
 * do operations succeed often enough. Pure: the caller passes the list, the clock and metrics.
 */
import type { MetricsSummary } from "../audit/metrics.ts";
import { formatBytes } from "../format/open.ts";
import type { LockHolder } from "./lock.ts";
import type { BackupEntry } from "./store.ts";

export const DEFAULT_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export type HealthStatus = "ok" | "warning" | "critical";

export interface HealthIssue {
  readonly code: "no_backup" | "stale" | "over_cap" | "success_rate";
  readonly severity: Exclude<HealthStatus, "ok">;
  readonly message: string;
}

export interface HealthVerdict {
  readonly status: HealthStatus;
  readonly checkedAt: string;
  readonly newest: { readonly name: string; readonly kind: string; readonly createdAt: string; readonly ageMs: number } | null;
  readonly count: number;
  readonly totalBytes: number;
  readonly maxTotalBytes: number | null;
  readonly successRate: number | null;
  readonly importRunning: LockHolder | null;
  readonly issues: HealthIssue[];
}

export interface HealthOptions {
  readonly now: Date;
  /** The newest backup may be this old before a warning (default one day); seven times that is critical. */
  readonly maxAgeMs?: number;
  readonly maxTotalBytes?: number;
  readonly metrics?: MetricsSummary;
  readonly lock?: LockHolder;
}

export function assessHealth(entries: readonly BackupEntry[], options: HealthOptions): HealthVerdict {
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const newest = [...entries].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  const totalBytes = entries.reduce((sum, entry) => sum + entry.size, 0);
  const issues: HealthIssue[] = [];
  let ageMs = 0;
  if (!newest) {
    issues.push({ code: "no_backup", severity: "critical", message: "There is no backup on the server yet. Make one now, and schedule `prisma-backup export --kind scheduled` daily." });
  } else {
    ageMs = options.now.getTime() - Date.parse(newest.createdAt);
    if (ageMs > maxAgeMs) {
      issues.push({
        code: "stale",
        severity: ageMs > 7 * maxAgeMs ? "critical" : "warning",
        message: `The newest backup is ${describeAge(ageMs)} old (more than ${describeAge(maxAgeMs)}). Check the scheduled backup job.`,
      });
    }
  }
  if (options.maxTotalBytes !== undefined && totalBytes > options.maxTotalBytes) {
    issues.push({ code: "over_cap", severity: "warning", message: `Backups take ${formatBytes(totalBytes)}, over the ${formatBytes(options.maxTotalBytes)} cap. Lower the retention, or raise the cap.` });
  }
  const metrics = options.metrics;
  if (metrics && !metrics.meetsTarget && metrics.successRate !== null) {
    issues.push({
      code: "success_rate",
      severity: "warning",
      message: `${(metrics.successRate * 100).toFixed(1)} % of operations succeeded, below the ${(metrics.target * 100).toFixed(0)} % target${metrics.lastFailure?.error ? `; last failure: ${metrics.lastFailure.error}` : ""}. See the audit log.`,
    });
  }
  const status: HealthStatus = issues.some((i) => i.severity === "critical") ? "critical" : issues.length > 0 ? "warning" : "ok";
  return {
    status,
    checkedAt: options.now.toISOString(),
    newest: newest ? { name: newest.name, kind: newest.kind, createdAt: newest.createdAt, ageMs } : null,
    count: entries.length,
    totalBytes,
    maxTotalBytes: options.maxTotalBytes ?? null,
    successRate: metrics?.successRate ?? null,
    importRunning: options.lock ?? null,
    issues,
  };
}

function describeAge(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours < 1) return `${Math.max(1, Math.round(ms / 60_000))} min`;
  if (hours < 48) return `${Math.round(hours)} h`;
  return `${Math.round(hours / 24)} days`;
}
