/**
 * Problems as data: a stable code, a message that says what is wrong and what to do, and where
 * (JSON path, model, record id, field). The table of codes is documented in docs/FORMAT.md.
 * Browser-safe.
 */
import type { Problem } from "./options.ts";

export type ProblemCode =
  | "empty_file"
  | "not_a_backup"
  | "corrupt_gzip"
  | "too_large"
  | "invalid_utf8"
  | "invalid_json"
  | "missing_checksum"
  | "checksum_mismatch"
  | "unsupported_version"
  | "invalid_metadata"
  | "unknown_module"
  | "schema_changed"
  | "unknown_field"
  | "missing_field"
  | "invalid_record"
  | "duplicate_id"
  | "duplicate_key"
  | "dangling_reference"
  | "pre_import_backup_failed"
  | "database_error";

export function problem(code: ProblemCode, message: string, where: Omit<Problem, "code" | "message"> = {}): Problem {
  return { code, message, ...where };
}

/** One line per problem, like `data.customers[3].email (Customer cust_1, email): message`. */
export function formatProblem(p: Problem): string {
  const who = [p.model && p.recordId ? `${p.model} ${p.recordId}` : p.model, p.field].filter(Boolean).join(", ");
  const where = [p.path, who ? `(${who})` : ""].filter(Boolean).join(" ");
  return where ? `${where}: ${p.message}` : p.message;
}

/** Thrown inside the runtime to stop at a problem; the entry points turn it into a report. */
export class BackupError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "BackupError";
  }
}
