/** The audit log and its metrics summary (server side). */
export { AuditClock, errorOf, jsonLinesAuditSink, memoryAuditSink, parseAuditLines } from "./log.ts";
export type { AuditAction, AuditEntry, AuditOutcome, AuditSink } from "./log.ts";
export { SUCCESS_RATE_TARGET, summarizeAudit } from "./metrics.ts";
export type { ActionMetrics, MetricsSummary } from "./metrics.ts";
