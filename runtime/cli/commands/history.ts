/** `prisma-backup history`, `prune` and `audit`: the backup directory and its log. */
import { summarizeAudit } from "../../audit/metrics.ts";
import { assessHealth } from "../../history/health.ts";
import { resolveRetentionPolicy, type RetentionPolicy } from "../../history/retention.ts";
import type { CommandContext } from "../context.ts";
import { CliError, EXIT } from "../exit-codes.ts";
import { formatSize, table } from "../output.ts";

export async function historyCommand(context: CommandContext, options: { json?: boolean }): Promise<number> {
  const backups = await context.store.list();
  const metrics = context.audit.read ? summarizeAudit(await context.audit.read()) : undefined;
  const cap = context.store.retention ? context.store.retention.maxTotalBytes : undefined;
  const health = assessHealth(backups, { now: new Date(), ...(cap !== undefined ? { maxTotalBytes: cap } : {}), ...(metrics ? { metrics } : {}) });
  if (options.json) {
    context.out.result(JSON.stringify({ dir: context.store.dir, backups, health }, null, 2));
    return EXIT.ok;
  }
  const rows = [["date (UTC)", "kind", "size", "records", "checksum", "name"]];
  for (const b of backups) {
    rows.push([b.createdAt.slice(0, 19).replace("T", " "), b.kind, formatSize(b.size), b.totalRecords === null ? "?" : String(b.totalRecords), b.encrypted ? "(encrypted)" : (b.checksum?.slice(0, 12) ?? "?"), b.name]);
  }
  const lines = backups.length > 0 ? [table(rows)] : [`No backups in ${context.store.dir}.`];
  lines.push("", `${backups.length} backup${backups.length === 1 ? "" : "s"}, ${formatSize(health.totalBytes)}; health: ${health.status}`);
  for (const issue of health.issues) lines.push(`${issue.severity === "critical" ? "✖" : "!"} ${issue.message}`);
  context.out.result(lines.join("\n"));
  return EXIT.ok;
}

export async function pruneCommand(context: CommandContext, options: { keep?: string; days?: string; dryRun?: boolean; json?: boolean }): Promise<number> {
  const policy = policyOf(context, options);
  const result = await context.store.prune(policy, context.actor, { dryRun: options.dryRun ?? false });
  if (options.json) {
    context.out.result(JSON.stringify({ dryRun: options.dryRun ?? false, kept: result.kept.map((e) => e.name), deleted: result.deleted.map(({ entry, reason }) => ({ name: entry.name, reason })) }, null, 2));
    return EXIT.ok;
  }
  const verb = options.dryRun ? "would delete" : "deleted";
  const lines = result.deleted.map(({ entry, reason }) => `${verb} ${entry.name} (${reason}, ${formatSize(entry.size)})`);
  lines.push(`${result.kept.length} kept, ${result.deleted.length} ${verb}${options.dryRun ? " (dry run)" : ""}.`);
  context.out.result(lines.join("\n"));
  return EXIT.ok;
}

function policyOf(context: CommandContext, options: { keep?: string; days?: string }): RetentionPolicy {
  if (options.keep === undefined) {
    if (options.days !== undefined) throw new CliError(EXIT.usage, "--days goes with --keep N.");
    return context.store.retention || resolveRetentionPolicy();
  }
  const keep = wholeNumber("--keep", options.keep, 1);
  const days = options.days === undefined ? 0 : wholeNumber("--days", options.days, 0);
  return resolveRetentionPolicy({ keepLast: keep, keepAllDays: days, dailyDays: 0, weeklyWeeks: 0, monthlyMonths: 0, maxTotalBytes: undefined });
}

function wholeNumber(option: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min) throw new CliError(EXIT.usage, `${option} must be a whole number ≥ ${min} (got "${value}").`);
  return n;
}

export async function auditCommand(context: CommandContext, options: { limit: string; json?: boolean }): Promise<number> {
  const limit = wholeNumber("--limit", options.limit, 0);
  const entries = context.audit.read ? await context.audit.read() : [];
  const summary = summarizeAudit(entries);
  const shown = entries.slice(-limit || entries.length);
  if (options.json) {
    context.out.result(JSON.stringify({ summary, entries: shown }, null, 2));
    return EXIT.ok;
  }
  const rows = [["when (UTC)", "action", "outcome", "who", "ms", "detail"]];
  for (const e of shown) {
    const detail = [e.kind, e.file, e.records !== undefined ? `${e.records} records` : undefined, e.dryRun ? "dry run" : undefined, e.status ? `HTTP ${e.status}` : undefined, e.error?.message]
      .filter(Boolean)
      .join(", ");
    rows.push([e.at.slice(0, 19).replace("T", " "), e.action, e.outcome, typeof e.who === "string" ? e.who : JSON.stringify(e.who), String(e.durationMs), detail]);
  }
  const rate = summary.successRate === null ? "n/a" : `${(summary.successRate * 100).toFixed(2)} %`;
  const lines = [shown.length > 0 ? table(rows) : "The audit log is empty.", "", `${summary.entries} entries; success rate ${rate} (target ${summary.target * 100} %${summary.meetsTarget ? ", met" : ", NOT met"}); last success ${summary.lastSuccess ?? "never"}.`];
  context.out.result(lines.join("\n"));
  return EXIT.ok;
}
