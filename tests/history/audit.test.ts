import { appendFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonLinesAuditSink, type AuditEntry } from "../../runtime/audit/log.ts";
import { summarizeAudit } from "../../runtime/audit/metrics.ts";
import { assessHealth } from "../../runtime/history/health.ts";
import type { BackupEntry } from "../../runtime/history/store.ts";

const entry = (fields: Partial<AuditEntry> & Pick<AuditEntry, "action" | "outcome" | "at">): AuditEntry => ({ who: "admin", via: "http", durationMs: 100, ...fields });

describe("the audit log", () => {
  it("appends JSON lines and reads them back, skipping a line cut by a crash", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "audit-")), "sub", "audit.log.jsonl");
    const sink = jsonLinesAuditSink(path);
    expect(await sink.read!()).toEqual([]);
    const first = entry({ action: "export", outcome: "success", at: "2026-03-15T10:00:00.000Z", bytes: 10 });
    await sink.write(first);
    await appendFile(path, '{"at":"2026-03-15T10:01:00.000Z","act');
    await appendFile(path, "\n");
    const second = entry({ action: "import", outcome: "refused", at: "2026-03-15T10:02:00.000Z", error: { code: "checksum_mismatch", message: "…" } });
    await sink.write(second);
    expect(await sink.read!()).toEqual([first, second]);
    expect(await sink.read!({ limit: 1 })).toEqual([second]);
  });
});

describe("summarizeAudit", () => {
  const entries: AuditEntry[] = [
    entry({ action: "backup", outcome: "success", at: "2026-03-14T02:00:00.000Z", kind: "scheduled", bytes: 1000, records: 50, durationMs: 300 }),
    entry({ action: "backup", outcome: "success", at: "2026-03-15T02:00:00.000Z", kind: "scheduled", bytes: 3000, records: 70, durationMs: 500 }),
    entry({ action: "backup", outcome: "success", at: "2026-03-15T09:00:00.000Z", kind: "pre-import", bytes: 2000, durationMs: 400 }),
    entry({ action: "import", outcome: "success", at: "2026-03-15T09:00:01.000Z", records: 70, durationMs: 900 }),
    entry({ action: "import", outcome: "success", at: "2026-03-15T08:00:00.000Z", dryRun: true, records: 70, durationMs: 100 }),
    entry({ action: "import", outcome: "refused", at: "2026-03-15T08:30:00.000Z", status: 409 }),
    entry({ action: "import", outcome: "failure", at: "2026-03-15T11:00:00.000Z", error: { code: "database_error", message: "disk full" } }),
  ];

  it("counts per action and per kind, with success rates that leave refusals out", () => {
    const summary = summarizeAudit(entries);
    expect(summary).toMatchObject({
      from: "2026-03-14T02:00:00.000Z",
      to: "2026-03-15T11:00:00.000Z",
      entries: 7,
      successRate: 0.8333,
      target: 0.99,
      meetsTarget: false,
      lastSuccess: "2026-03-15T09:00:01.000Z",
      lastFailure: { at: "2026-03-15T11:00:00.000Z", action: "import", error: "disk full" },
    });
    expect(summary.byAction.import).toEqual({
      count: 4, success: 2, refused: 1, failure: 1, successRate: 0.6667, dryRuns: 1,
      lastSuccess: "2026-03-15T09:00:01.000Z", lastFailure: "2026-03-15T11:00:00.000Z",
      meanDurationMs: 500, meanBytes: null, totalBytes: 0, meanRecords: 70,
    });
    expect(summary.byAction.backup).toMatchObject({ count: 3, successRate: 1, meanBytes: 2000, totalBytes: 6000, meanDurationMs: 400 });
    expect(summary.byKind).toEqual({
      scheduled: { count: 2, last: "2026-03-15T02:00:00.000Z", meanBytes: 2000, totalBytes: 4000 },
      "pre-import": { count: 1, last: "2026-03-15T09:00:00.000Z", meanBytes: 2000, totalBytes: 2000 },
    });
  });

  it("meets the target when nothing failed", () => {
    expect(summarizeAudit([])).toMatchObject({ entries: 0, successRate: null, meetsTarget: true, lastSuccess: null, lastFailure: null });
    expect(summarizeAudit(entries.slice(0, 6)).meetsTarget).toBe(true);
  });
});

describe("assessHealth", () => {
  const now = new Date("2026-03-15T12:00:00.000Z");
  const backup = (createdAt: string, size = 100): BackupEntry => ({
    name: `b-${createdAt}`, kind: "scheduled", createdAt, size, sha256: "", checksum: null, encrypted: false, compressed: true,
    totalRecords: 1, counts: {}, modules: [], appVersion: null, formatVersion: "1.0",
  });

  it("is ok with a recent backup within the cap", () => {
    const verdict = assessHealth([backup("2026-03-15T02:00:00.000Z"), backup("2026-03-14T02:00:00.000Z")], { now, maxTotalBytes: 1000 });
    expect(verdict).toEqual({
      status: "ok", checkedAt: now.toISOString(), count: 2, totalBytes: 200, maxTotalBytes: 1000, successRate: null, importRunning: null, issues: [],
      newest: { name: "b-2026-03-15T02:00:00.000Z", kind: "scheduled", createdAt: "2026-03-15T02:00:00.000Z", ageMs: 10 * 3_600_000 },
    });
  });

  it("warns when the newest backup is older than a day or storage is over its cap, and is critical without any backup", () => {
    expect(assessHealth([], { now }).issues).toEqual([
      { code: "no_backup", severity: "critical", message: "There is no backup on the server yet. Make one now, and schedule `prisma-backup export --kind scheduled` daily." },
    ]);
    const stale = assessHealth([backup("2026-03-13T12:00:00.000Z", 2048)], { now, maxTotalBytes: 1024 });
    expect(stale.status).toBe("warning");
    expect(stale.issues.map((i) => i.message)).toEqual([
      "The newest backup is 2 days old (more than 24 h). Check the scheduled backup job.",
      "Backups take 2.0 KB, over the 1.0 KB cap. Lower the retention, or raise the cap.",
    ]);
    expect(assessHealth([backup("2026-03-01T12:00:00.000Z")], { now }).status).toBe("critical");
  });

  it("warns when operations succeed less often than the target", () => {
    const metrics = summarizeAudit([entry({ action: "import", outcome: "failure", at: "2026-03-15T11:00:00.000Z", error: { code: "x", message: "disk full" } })]);
    expect(assessHealth([backup("2026-03-15T02:00:00.000Z")], { now, metrics }).issues).toEqual([
      { code: "success_rate", severity: "warning", message: "0.0 % of operations succeeded, below the 99 % target; last failure: disk full. See the audit log." },
    ]);
  });
});
