/**
 * Trying hostile files against a real database: a seeded target whose own backups are the
 * corpus's bases (so a refusal is the damage's doing, not a difference of data), and the checks
 * every refusal must pass.
 *
 * - Safety (always): refused (`ok: false`, nothing written), at least one problem, each with a
 *   known code and a message; no exception escapes; nothing added to Object.prototype; the
 *   database untouched.
 * - Precision: the first problem's code is one the corpus entry expects (the file's fault is
 *   never reported as the database's, `database_error`), and no problem or warning is longer
 *   than a person can read (a file's megabytes never echoed back).
 */
import { backup, backupSchema } from "../../../generated/backup/index.ts";
import type { ImportReport } from "../../../generated/backup/index.ts";
import { seedDatabase } from "../../../prisma/seed/index.ts";
import { exportBases, type NamedFile } from "../../../scripts/corpus/bases.ts";
import type { CorpusEntry } from "../../../scripts/corpus/corpus.ts";
import { createDatabase, dumpDatabase, type DatabaseDump, type TestDatabase } from "../../support/databases.ts";

export { backupSchema };

/** Every problem code a refusal may carry (runtime/problems.ts, runtime/crypto/envelope.ts). */
export const PROBLEM_CODES = new Set([
  "empty_file", "not_a_backup", "corrupt_gzip", "too_large", "invalid_utf8", "invalid_json", "missing_checksum", "checksum_mismatch",
  "unsupported_version", "invalid_metadata", "unknown_module", "schema_changed", "unknown_field", "missing_field", "invalid_record",
  "duplicate_id", "duplicate_key", "dangling_reference", "pre_import_backup_failed", "database_error",
  "password_required", "wrong_password", "damaged_encrypted_file", "unsupported_encryption",
]);

/** Longest problem (code, message, path…) a person should be shown, in characters of JSON. */
export const MAX_PROBLEM_CHARS = 2_000;

export interface HostileTarget {
  readonly db: TestDatabase;
  readonly bases: NamedFile[];
  readonly before: DatabaseDump;
}

export async function hostileTarget(records: number, seed: string): Promise<HostileTarget> {
  const db = await createDatabase("sqlite");
  await seedDatabase(db.prisma, { records, seed });
  const bases = await exportBases(db.prisma);
  // The bases themselves import cleanly and change nothing: any refusal below is the damage's.
  for (const base of bases) {
    const report = await backup.importAll(db.prisma, base.bytes);
    if (!report.ok || report.totals.created + report.totals.updated > 0) throw new Error(`Base ${base.name} did not import as a no-op: ${JSON.stringify(report.errors)}`);
  }
  return { db, bases, before: await dumpDatabase(db) };
}

/** Alternates the import's modes, so both paths meet the corpus. */
export function modeFor(entry: CorpusEntry): { mode: "merge" | "replace"; resolutions?: { default: "incoming" } } {
  return entry.index % 2 === 0 ? { mode: "merge", resolutions: { default: "incoming" } } : { mode: "replace" };
}

export interface Attempt {
  readonly report: ImportReport;
  readonly ms: number;
}

export async function attempt(db: TestDatabase, entry: CorpusEntry): Promise<Attempt> {
  const started = performance.now();
  const report = await backup.importAll(db.prisma, entry.bytes, modeFor(entry));
  return { report, ms: performance.now() - started };
}

/** What is wrong with the way a hostile file was refused, for safety (empty: nothing). */
export function safetyViolations(report: ImportReport): string[] {
  const violations: string[] = [];
  if (report.ok) violations.push("accepted");
  if (report.written) violations.push("written");
  if (report.errors.length === 0) violations.push("no problem given");
  for (const error of report.errors) {
    if (!PROBLEM_CODES.has(error.code)) violations.push(`unknown code ${JSON.stringify(error.code)}`);
    if (typeof error.message !== "string" || error.message.trim() === "") violations.push(`no message for ${error.code}`);
  }
  return violations;
}

/** What is imprecise in the refusal (empty: nothing). */
export function precisionViolations(entry: CorpusEntry, report: ImportReport): string[] {
  const violations: string[] = [];
  const first = report.errors[0];
  if (first && !entry.expect.includes(first.code)) violations.push(`first problem ${first.code} (${first.message.slice(0, 160)}), expected ${entry.expect.join(" or ")}`);
  for (const problem of [...report.errors, ...report.warnings]) {
    const size = JSON.stringify(problem).length;
    if (size > MAX_PROBLEM_CHARS) violations.push(`a ${problem.code} problem of ${size} characters (${problem.message.slice(0, 80)}…)`);
  }
  return violations;
}

/** Names of Object.prototype's properties, to detect pollution. */
export function prototypeShape(): string {
  return [Object.prototype, Array.prototype, Function.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join(",")).join("|");
}
