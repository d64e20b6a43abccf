/**
 * Which backups to keep: a tiered policy as a pure function of the files, the policy and the
 * clock, so it is tested without a disk and the CLI can show a plan before deleting.
 *
 * A backup is kept when any rule that covers its age keeps it:
 * - the `keepLast` newest (at least the newest: it is never deleted);
 * - everything younger than `keepAllDays`;
 * - the newest of its UTC day while younger than `dailyDays`;
 * - the newest of its ISO week while younger than `weeklyWeeks` weeks;
 * - the newest of its calendar month while younger than `monthlyMonths` months.
 * "Newest of its day" is judged among all the files present, so the file that represents a
 * day also represents it tomorrow: thinning never removes a file a later run would have kept.
 * Then, oldest first, kept files are deleted while the total exceeds `maxTotalBytes`, the
 * newest excepted.
 */

export interface RetentionPolicy {
  /** The newest N backups are always kept (at least 1). */
  readonly keepLast: number;
  /** Every backup younger than this many days is kept. */
  readonly keepAllDays: number;
  /** Then one a day (the newest of each UTC day) up to this age in days. */
  readonly dailyDays: number;
  /** Then one a week (ISO weeks) up to this age in weeks. */
  readonly weeklyWeeks: number;
  /** Then one a month up to this age in months. */
  readonly monthlyMonths: number;
  /** Total size cap of the kept backups, in bytes; none when absent. */
  readonly maxTotalBytes?: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  keepLast: 1,
  keepAllDays: 3,
  dailyDays: 14,
  weeklyWeeks: 8,
  monthlyMonths: 12,
  maxTotalBytes: 5 * 1024 ** 3,
};

export interface RetentionFile {
  readonly name: string;
  /** When the backup was made (ISO string or Date). */
  readonly createdAt: string | Date;
  readonly size: number;
}

export type KeepReason = "latest" | "recent" | "daily" | "weekly" | "monthly";
export type DeleteReason = "expired" | "thinned" | "size_cap";

export interface RetentionPlan<F extends RetentionFile = RetentionFile> {
  /** Newest first. */
  readonly keep: { readonly file: F; readonly reason: KeepReason }[];
  /** Newest first. */
  readonly delete: { readonly file: F; readonly reason: DeleteReason }[];
  /** Total size of the kept files. */
  readonly keptBytes: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A policy from partial settings, checked: every error names the setting and what it accepts. */
export function resolveRetentionPolicy(settings: Partial<RetentionPolicy> = {}): RetentionPolicy {
  const policy = { ...DEFAULT_RETENTION, ...settings };
  const problems: string[] = [];
  for (const key of ["keepLast", "keepAllDays", "dailyDays", "weeklyWeeks", "monthlyMonths"] as const) {
    const value = policy[key];
    if (!Number.isFinite(value) || value < 0) problems.push(`${key} must be a number ≥ 0 (got ${String(value)})`);
  }
  if (policy.maxTotalBytes !== undefined && !(policy.maxTotalBytes > 0)) problems.push(`maxTotalBytes must be a number of bytes > 0 (got ${String(policy.maxTotalBytes)})`);
  if (problems.length > 0) throw new RangeError(`Invalid retention policy: ${problems.join("; ")}.`);
  return { ...policy, keepLast: Math.max(1, Math.floor(policy.keepLast)) };
}

export function planRetention<F extends RetentionFile>(files: readonly F[], policy: RetentionPolicy, now: Date): RetentionPlan<F> {
  const dated = files
    .map((file) => ({ file, time: new Date(file.createdAt).getTime() }))
    .sort((a, b) => b.time - a.time || (a.file.name < b.file.name ? 1 : -1));
  const newestOf = (bucket: (time: number) => string) => {
    const seen = new Set<string>();
    return dated.map(({ time }) => {
      const key = bucket(time);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };
  const newestOfDay = newestOf(dayKey);
  const newestOfWeek = newestOf(isoWeekKey);
  const newestOfMonth = newestOf(monthKey);
  const nowMs = now.getTime();
  const monthlyHorizon = addUtcMonths(now, -policy.monthlyMonths).getTime();
  const horizon = Math.max(policy.keepAllDays, policy.dailyDays, policy.weeklyWeeks * 7) * DAY_MS;

  const keep: { file: F; reason: KeepReason }[] = [];
  const drop: { file: F; reason: DeleteReason }[] = [];
  dated.forEach(({ file, time }, index) => {
    const age = nowMs - time;
    const reason: KeepReason | undefined =
      index < policy.keepLast ? "latest"
      : age < policy.keepAllDays * DAY_MS ? "recent"
      : age < policy.dailyDays * DAY_MS && newestOfDay[index] ? "daily"
      : age < policy.weeklyWeeks * 7 * DAY_MS && newestOfWeek[index] ? "weekly"
      : time > monthlyHorizon && policy.monthlyMonths > 0 && newestOfMonth[index] ? "monthly"
      : undefined;
    if (reason) keep.push({ file, reason });
    else drop.push({ file, reason: age >= horizon && (policy.monthlyMonths === 0 || time <= monthlyHorizon) ? "expired" : "thinned" });
  });

  let keptBytes = keep.reduce((sum, { file }) => sum + file.size, 0);
  if (policy.maxTotalBytes !== undefined) {
    while (keptBytes > policy.maxTotalBytes && keep.length > 1) {
      const oldest = keep.pop()!;
      keptBytes -= oldest.file.size;
      drop.push({ file: oldest.file, reason: "size_cap" });
    }
  }
  const order = new Map(dated.map(({ file }, index) => [file, index]));
  drop.sort((a, b) => order.get(a.file)! - order.get(b.file)!);
  return { keep, delete: drop, keptBytes };
}

function dayKey(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function monthKey(time: number): string {
  return new Date(time).toISOString().slice(0, 7);
}

/** ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeekKey(time: number): string {
  const date = new Date(time);
  const day = (date.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, "0")}`;
}

function addUtcMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}
