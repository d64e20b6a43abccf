/**
 * A summary of the audit log for the app's dashboard: per action, how many, how many
 * succeeded, the last success and failure, mean durations and sizes; per kind of backup kept;
 * and the success rate against the 99 % target. Refusals (not authorised, invalid file,
 * conflicts, busy) are counted but are not failures: the system did what it should.
 */
import type { AuditAction, AuditEntry } from "./log.ts";

export const SUCCESS_RATE_TARGET = 0.99;

export interface ActionMetrics {
  readonly count: number;
  readonly success: number;
  readonly refused: number;
  readonly failure: number;
  /** success / (success + failure); null when nothing was attempted. */
  readonly successRate: number | null;
  readonly dryRuns: number;
  readonly lastSuccess: string | null;
  readonly lastFailure: string | null;
  readonly meanDurationMs: number | null;
  readonly meanBytes: number | null;
  readonly totalBytes: number;
  readonly meanRecords: number | null;
}

export interface MetricsSummary {
  /** The first and last entries' times (null without entries). */
  readonly from: string | null;
  readonly to: string | null;
  readonly entries: number;
  readonly successRate: number | null;
  readonly target: number;
  /** True when the success rate meets the target, or nothing failed yet. */
  readonly meetsTarget: boolean;
  readonly lastSuccess: string | null;
  readonly lastFailure: { readonly at: string; readonly action: AuditAction; readonly error?: string } | null;
  readonly byAction: Readonly<Partial<Record<AuditAction, ActionMetrics>>>;
  /** Backups written to the server's history, by kind (`pre-import`, `manual`, `scheduled`). */
  readonly byKind: Readonly<Record<string, { readonly count: number; readonly last: string | null; readonly meanBytes: number | null; readonly totalBytes: number }>>;
}

export function summarizeAudit(entries: readonly AuditEntry[]): MetricsSummary {
  const sorted = [...entries].sort((a, b) => a.at.localeCompare(b.at));
  const byAction: Partial<Record<AuditAction, ActionMetrics>> = {};
  for (const action of [...new Set(sorted.map((e) => e.action))].sort()) {
    byAction[action] = metricsOf(sorted.filter((e) => e.action === action));
  }
  const byKind: Record<string, { count: number; last: string | null; meanBytes: number | null; totalBytes: number }> = {};
  for (const entry of sorted) {
    if (entry.action !== "backup" || entry.outcome !== "success") continue;
    const kind = entry.kind ?? "manual";
    const bucket = (byKind[kind] ??= { count: 0, last: null, meanBytes: null, totalBytes: 0 });
    bucket.count++;
    bucket.last = entry.at;
    bucket.totalBytes += entry.bytes ?? 0;
    bucket.meanBytes = Math.round(bucket.totalBytes / bucket.count);
  }
  const all = metricsOf(sorted);
  const failed = sorted.filter((e) => e.outcome === "failure").at(-1);
  return {
    from: sorted[0]?.at ?? null,
    to: sorted.at(-1)?.at ?? null,
    entries: sorted.length,
    successRate: all.successRate,
    target: SUCCESS_RATE_TARGET,
    meetsTarget: all.successRate === null || all.successRate >= SUCCESS_RATE_TARGET,
    lastSuccess: all.lastSuccess,
    lastFailure: failed ? { at: failed.at, action: failed.action, ...(failed.error ? { error: failed.error.message } : {}) } : null,
    byAction,
    byKind,
  };
}

function metricsOf(entries: readonly AuditEntry[]): ActionMetrics {
  const success = entries.filter((e) => e.outcome === "success");
  const failure = entries.filter((e) => e.outcome === "failure");
  const attempted = success.length + failure.length;
  const sized = success.filter((e) => typeof e.bytes === "number");
  const counted = success.filter((e) => typeof e.records === "number");
  const totalBytes = sized.reduce((sum, e) => sum + e.bytes!, 0);
  return {
    count: entries.length,
    success: success.length,
    refused: entries.length - attempted,
    failure: failure.length,
    successRate: attempted === 0 ? null : round(success.length / attempted, 4),
    dryRuns: entries.filter((e) => e.dryRun).length,
    lastSuccess: success.at(-1)?.at ?? null,
    lastFailure: failure.at(-1)?.at ?? null,
    meanDurationMs: mean(success.map((e) => e.durationMs)),
    meanBytes: sized.length === 0 ? null : Math.round(totalBytes / sized.length),
    totalBytes,
    meanRecords: mean(counted.map((e) => e.records!)),
  };
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : Math.round(values.reduce((sum, v) => sum + v, 0) / values.length);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
