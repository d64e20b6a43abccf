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

/**
 * A value of the file as a message quotes it: JSON, cut after `max` characters. A file may hold
 * megabytes in one id or key, and messages go to responses and logs.
 */
export function quoted(value: unknown, max = 60): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = "(a value nested too deeply to show)"; // JSON.stringify overflows the stack
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** `quoted` for text shown as it is (ids): cut, not JSON-escaped. */
export function clipped(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
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
