import { describe, expect, it } from "vitest";
import { DEFAULT_RETENTION, isoWeekKey, planRetention, resolveRetentionPolicy, type RetentionPolicy } from "../../runtime/history/retention.ts";

const now = new Date("2026-03-15T12:00:00.000Z");
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** One file per entry, `ago` before `now`, named by its date so expectations read as dates. */
function files(agos: number[], size = 100) {
  return agos.map((ago) => {
    const createdAt = new Date(now.getTime() - ago).toISOString();
    return { name: createdAt.slice(0, 16), createdAt, size };
  });
}
const policy = (settings: Partial<RetentionPolicy>) => resolveRetentionPolicy({ keepLast: 1, keepAllDays: 0, dailyDays: 0, weeklyWeeks: 0, monthlyMonths: 0, maxTotalBytes: undefined, ...settings });
const kept = (plan: ReturnType<typeof planRetention>) => plan.keep.map(({ file, reason }) => `${file.name} ${reason}`);
const deleted = (plan: ReturnType<typeof planRetention>) => plan.delete.map(({ file, reason }) => `${file.name} ${reason}`);

describe("planRetention", () => {
  it("never deletes the newest backup, even when every rule would", () => {
    const plan = planRetention(files([400 * DAY, 500 * DAY]), policy({}), now);
    expect(kept(plan)).toEqual(["2025-02-08T12:00 latest"]);
    expect(deleted(plan)).toEqual(["2024-10-31T12:00 expired"]);
  });

  it("keeps nothing at all from an empty directory", () => {
    expect(planRetention([], DEFAULT_RETENTION, now)).toEqual({ keep: [], delete: [], keptBytes: 0 });
  });

  it("keeps the N newest and everything younger than D days (prune --keep N --days D)", () => {
    const plan = planRetention(files([1 * HOUR, 2 * HOUR, 3 * DAY, 5 * DAY, 9 * DAY, 10 * DAY]), policy({ keepLast: 4, keepAllDays: 4 }), now);
    expect(kept(plan)).toEqual(["2026-03-15T11:00 latest", "2026-03-15T10:00 latest", "2026-03-12T12:00 latest", "2026-03-10T12:00 latest"]);
    expect(deleted(plan)).toEqual(["2026-03-06T12:00 expired", "2026-03-05T12:00 expired"]);
    const byAge = planRetention(files([1 * HOUR, 2 * HOUR, 3 * DAY, 5 * DAY]), policy({ keepLast: 1, keepAllDays: 4 }), now);
    expect(kept(byAge)).toEqual(["2026-03-15T11:00 latest", "2026-03-15T10:00 recent", "2026-03-12T12:00 recent"]);
  });

  it("thins to the newest backup of each day, then of each week, then of each month", () => {
    const hourly = Array.from({ length: 24 * 120 }, (_, i) => (i + 1) * HOUR); // every hour for 120 days
    const plan = planRetention(files(hourly), policy({ keepAllDays: 2, dailyDays: 7, weeklyWeeks: 4, monthlyMonths: 3 }), now);
    const reasons = plan.keep.reduce<Record<string, number>>((count, { reason }) => ({ ...count, [reason]: (count[reason] ?? 0) + 1 }), {});
    // 2 days of hourly backups (the latest, then 46 younger than 48 hours), 5 more days, then the weeks and months before.
    expect(reasons).toEqual({ latest: 1, recent: 46, daily: 5, weekly: 3, monthly: 3 });
    const daily = plan.keep.filter(({ reason }) => reason === "daily").map(({ file }) => file.name);
    expect(daily).toEqual(["2026-03-12T23:00", "2026-03-11T23:00", "2026-03-10T23:00", "2026-03-09T23:00", "2026-03-08T23:00"]);
    const older = plan.keep.filter(({ reason }) => reason === "weekly" || reason === "monthly").map(({ file, reason }) => `${file.name} ${reason}`);
    // Sundays 23:00 close ISO weeks; the last backup of each month is kept for three months.
    expect(older).toEqual([
      "2026-03-01T23:00 weekly", "2026-02-22T23:00 weekly", "2026-02-15T23:00 weekly",
      "2026-02-28T23:00 monthly", "2026-01-31T23:00 monthly", "2025-12-31T23:00 monthly",
    ].sort().reverse());
    expect(plan.delete.every(({ reason }) => reason === "thinned" || reason === "expired")).toBe(true);
    expect(deleted(plan).at(0)).toBe("2026-03-13T12:00 thinned");
    expect(deleted(plan).at(-1)).toBe("2025-11-15T12:00 expired");
  });

  it("is stable: running it again on what it kept deletes nothing more", () => {
    const hourly = files(Array.from({ length: 24 * 60 }, (_, i) => (i + 1) * 3 * HOUR));
    const first = planRetention(hourly, DEFAULT_RETENTION, now);
    const again = planRetention(first.keep.map(({ file }) => file), DEFAULT_RETENTION, now);
    expect(again.delete).toEqual([]);
  });

  it("keeps a day's representative as it ages: what is kept today is kept tomorrow", () => {
    const daily = files(Array.from({ length: 60 }, (_, i) => i * DAY + 6 * HOUR));
    let present = daily;
    const settings = policy({ keepAllDays: 1, dailyDays: 7, weeklyWeeks: 4, monthlyMonths: 6 });
    for (let day = 0; day < 40; day++) {
      const later = new Date(now.getTime() + day * DAY);
      const plan = planRetention(present, settings, later);
      const next = plan.keep.map(({ file }) => file);
      // Once a file is a week's or a month's representative, it stays until it expires.
      const representatives = plan.keep.filter(({ reason }) => reason === "weekly" || reason === "monthly").map(({ file }) => file.name);
      present = next;
      const again = planRetention(present, settings, later);
      expect(again.keep.map(({ file }) => file.name)).toEqual(expect.arrayContaining(representatives));
    }
    expect(present.length).toBeGreaterThan(2);
  });

  it("deletes the oldest kept backups while the total is over the size cap, never the newest", () => {
    const plan = planRetention(files([1 * HOUR, 2 * HOUR, 3 * HOUR, 4 * HOUR], 400), policy({ keepAllDays: 1, maxTotalBytes: 1000 }), now);
    expect(kept(plan)).toEqual(["2026-03-15T11:00 latest", "2026-03-15T10:00 recent"]);
    expect(deleted(plan)).toEqual(["2026-03-15T09:00 size_cap", "2026-03-15T08:00 size_cap"]);
    expect(plan.keptBytes).toBe(800);
    const alone = planRetention(files([1 * HOUR, 2 * HOUR], 5000), policy({ maxTotalBytes: 1000 }), now);
    expect(kept(alone)).toEqual(["2026-03-15T11:00 latest"]);
  });

  it("accepts Date values and breaks ties between equal dates by name", () => {
    const at = new Date(now.getTime() - HOUR);
    const plan = planRetention([{ name: "a", createdAt: at, size: 1 }, { name: "b", createdAt: at, size: 1 }], policy({}), now);
    expect(kept(plan)).toEqual(["b latest"]);
  });
});

describe("resolveRetentionPolicy", () => {
  it("fills defaults and lists every invalid setting", () => {
    expect(resolveRetentionPolicy({ keepAllDays: 7 })).toEqual({ ...DEFAULT_RETENTION, keepAllDays: 7 });
    expect(resolveRetentionPolicy({ keepLast: 0 }).keepLast).toBe(1);
    expect(() => resolveRetentionPolicy({ keepLast: -1, dailyDays: Number.NaN, maxTotalBytes: 0 })).toThrow(
      "Invalid retention policy: keepLast must be a number ≥ 0 (got -1); dailyDays must be a number ≥ 0 (got NaN); maxTotalBytes must be a number of bytes > 0 (got 0).",
    );
  });
});

describe("isoWeekKey", () => {
  it.each([
    ["2026-01-01", "2026-W01"], // a Thursday
    ["2025-12-29", "2026-W01"], // Monday of the same week
    ["2027-01-01", "2026-W53"], // a Friday: still the last week of 2026
    ["2026-03-15", "2026-W11"], // a Sunday closes its week
    ["2026-03-16", "2026-W12"],
  ])("%s is in %s", (date, week) => {
    expect(isoWeekKey(Date.parse(`${date}T12:00:00Z`))).toBe(week);
  });
});
